/**
 * A registration or withdrawal refused because the journey has ended names where it stopped in
 * Chinese (the status's label, or 报名已截止 when the registration closed while the person was still
 * invited), the English beside it. The database and Temporal are stand-ins: only the words are
 * under test here (the whole path runs in test/workflows/examCampaignControls.test.ts).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { journeyStep } from '../../client/operations/exam/journeys';
import type { ExamContext, StoredCampaign } from '../../client/operations/exam/storedCampaign';

const campaign = {
  id: 'c-2026',
  stored: {
    levels: ['social_worker'],
    examYear: 2026,
    registrationWindow: { closes: '2026-05-01T00:00:00+08:00' },
    examDates: {},
    reminders: { beforeWindowCloses: [], quietHours: null },
    timeZone: 'Asia/Shanghai',
  },
} as unknown as StoredCampaign;

/** A participant of `status` whose journey workflow can no longer be started or signalled. */
const contextWith = (status: string) =>
  ({
    taskQueue: 'q',
    db: { examParticipant: { findUnique: async () => ({ status }) } },
    temporal: {
      workflow: {
        signalWithStart: async () => {
          throw new WorkflowExecutionAlreadyStartedError('started', 'wf', 'examJourney');
        },
      },
    },
  }) as unknown as ExamContext;

describe('a journey that has ended', () => {
  it('names a closed registration 报名已截止, not the raw words', async () => {
    await expect(
      journeyStep(contextWith('invited'), campaign, 'p-000001', 'register'),
    ).rejects.toThrow(
      "p-000001 的报考流程已结束（报名已截止），无法报名 / p-000001's journey has ended (registration closed): cannot register",
    );
  });

  it('names a status by its Chinese label', async () => {
    await expect(
      journeyStep(contextWith('withdrawn'), campaign, 'p-000002', 'withdraw'),
    ).rejects.toThrow(
      "p-000002 的报考流程已结束（已退出），无法退出 / p-000002's journey has ended (withdrawn): cannot withdraw",
    );
  });
});
