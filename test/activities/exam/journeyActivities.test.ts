/**
 * Exam activities that talk to Temporal, run in MockActivityEnvironment (an activity context
 * with heartbeats, no worker) against a fake client that records what it was asked: journeys are
 * started by type name with the reuse policy that never restarts an ended one, and telling
 * thousands of journeys heartbeats as it goes and skips those already gone.
 */
import { describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { examActivities, type ExamActivityDeps } from '../../../activities/exam';
import {
  examJourneyWorkflowId,
  examResultsPostedSignal,
  type ExamJourneyInput,
} from '../../../workflows/exam/signals';

/** A Temporal client that records starts and signals; `gone` ids answer as ended or unknown. */
function fakeClient(gone: Set<string>) {
  const starts: { type: unknown; options: Record<string, unknown> }[] = [];
  const signals: { workflowId: string; signal: string }[] = [];
  const client = {
    workflow: {
      async start(type: unknown, options: { workflowId: string }) {
        if (gone.has(options.workflowId))
          throw new WorkflowExecutionAlreadyStartedError('started', options.workflowId, 'x');
        starts.push({ type, options });
      },
      getHandle(workflowId: string) {
        return {
          async signal(def: { name: string }) {
            if (gone.has(workflowId))
              throw new WorkflowNotFoundError('gone', workflowId, undefined);
            signals.push({ workflowId, signal: def.name });
          },
        };
      },
    },
  };
  return { client: client as unknown as Client, starts, signals };
}

/** The exam activities over the fake client (these two use no database or mail). */
function activitiesWith(client: Client) {
  const deps = { temporal: { client, taskQueue: 'q' } } as unknown as ExamActivityDeps;
  return examActivities(deps);
}

const base: Omit<ExamJourneyInput, 'personId'> = {
  campaignId: 'c-1',
  level: 'assistant_social_worker',
  examYear: 2026,
  windowCloses: '2026-06-01T00:00:00.000Z',
  examDates: ['2026-06-20T01:00:00.000Z'],
  reminderOffsets: ['3d'],
  timeZone: 'Asia/Shanghai',
  quietHours: null,
  waves: true,
};

describe('exam journey activities (MockActivityEnvironment)', () => {
  it('startExamJourneys starts each journey by type name, counting those already started', async () => {
    const gone = new Set([examJourneyWorkflowId('c-1', 'p-2')]);
    const fake = fakeClient(gone);
    const env = new MockActivityEnvironment();
    const r = await env.run(activitiesWith(fake.client).startExamJourneys, {
      base,
      personIds: ['p-1', 'p-2', 'p-3'],
    });
    expect(r).toEqual({ started: 2, alreadyRunning: 1 });
    expect(fake.starts.map((s) => s.type)).toEqual(['examJourney', 'examJourney']);
    expect(fake.starts[0]!.options).toMatchObject({
      taskQueue: 'q',
      workflowId: 'exam-mobilization/c-1/p-1',
      args: [{ ...base, personId: 'p-1' }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  });

  it('startExamJourneys heartbeats how far it got, and a retry resumes there', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
    const first = fakeClient(new Set([examJourneyWorkflowId('c-1', 'p-03')]));
    const env = new MockActivityEnvironment();
    const beats: { done: number; started: number }[] = [];
    env.on('heartbeat', (d: { done: number; started: number }) => void beats.push({ ...d }));
    const all = await env.run(activitiesWith(first.client).startExamJourneys, {
      base,
      personIds: ids,
    });
    expect(all).toEqual({ started: 39, alreadyRunning: 1 });
    expect(beats.at(-1)).toEqual({ done: 40, started: 39 });
    // Counts only ever grow: each beat is a prefix of the page that is answered.
    expect(beats.every((b, i) => i === 0 || b.done >= beats[i - 1]!.done)).toBe(true);

    // The retry of an attempt that told { done: 25, started: 24 } starts only the last 15.
    const retry = fakeClient(new Set());
    const again = new MockActivityEnvironment({ heartbeatDetails: { done: 25, started: 24 } });
    const r = await again.run(activitiesWith(retry.client).startExamJourneys, {
      base,
      personIds: ids,
    });
    expect(retry.starts.map((s) => s.options.workflowId)).toEqual(
      ids.slice(25).map((id) => examJourneyWorkflowId('c-1', id)),
    );
    expect(r).toEqual({ started: 39, alreadyRunning: 1 });
  });

  it('startExamJourneys stops at once when its attempt is cancelled (timed out)', async () => {
    const env = new MockActivityEnvironment();
    const fake = fakeClient(new Set());
    env.cancel('TIMED_OUT');
    await expect(
      env.run(activitiesWith(fake.client).startExamJourneys, { base, personIds: ['p-1', 'p-2'] }),
    ).rejects.toThrow();
    expect(fake.starts).toHaveLength(0);
  });

  it('tellExamJourneys signals each listed journey, heartbeats per 100, skips ended ones', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
    const gone = new Set([examJourneyWorkflowId('c-1', 'p-007')]);
    const fake = fakeClient(gone);
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => void beats.push(d));
    const r = await env.run(activitiesWith(fake.client).tellExamJourneys, {
      campaignId: 'c-1',
      what: 'results' as const,
      personIds: ids,
    });
    expect(r).toEqual({ told: 249 });
    expect(new Set(fake.signals.map((s) => s.signal))).toEqual(
      new Set([examResultsPostedSignal.name]),
    );
    expect(fake.signals.some((s) => s.workflowId.endsWith('/p-007'))).toBe(false);
    expect(beats).toEqual([100, 200]);
  });
});
