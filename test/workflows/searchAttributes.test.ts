/**
 * Every workflow keeps YzBusinessKey, YzCampaign and YzStatus (workflows/searchAttributes.ts), so
 * the admin's list filters by program and business step. On the run's dev server (the time-
 * skipping server has no visibility queries): an announcement sent to completion, a course series
 * running then cancelled, and an exam journey whose window closed unregistered, each found by
 * campaign and status through listWorkflows; and no attribute holds anything but ids and steps.
 * Records the replay fixtures of the patch 'search-attributes-status' (YZ_RECORD_HISTORIES=1).
 */
import { expect, it, vi } from 'vitest';
import { useTestSystem } from '../harness/system';
import { waitFor } from '../harness/waitFor';
import { recordHistory } from '../harness/histories';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { createSeries } from '../../client/operations/courses/series';
import { cancelSeries } from '../../client/operations/courses/seriesChanges';
import { listWorkflows, type WorkflowFilter } from '../../client/operations/admin/workflows';
import type { examJourney } from '../../workflows/exam/examJourney';
import { examJourneyWorkflowId } from '../../workflows/exam/signals';

vi.setConfig({ testTimeout: 180_000 });
const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 2, people: 6 } });

/** The workflow ids the filter lists, once visibility has caught up with `expected`. */
async function listed(filter: WorkflowFilter, expected: string[]): Promise<string[]> {
  let ids: string[] = [];
  await waitFor(async () => {
    ids = (await listWorkflows(sys.stack.client, filter)).map((w) => w.workflowId).sort();
    return JSON.stringify(ids) === JSON.stringify([...expected].sort());
  }, 60_000).catch(() => undefined);
  return ids;
}

it('finds workflows by program and business step, with ids and steps only', async () => {
  const ctx = sys.announcementCtx();
  const run = Date.now().toString(36);

  const a = await createAnnouncement(ctx, {
    id: `sa-${run}`,
    title: '检索属性 / search attributes',
    body: '{name}，您好。',
    audience: { unitIds: ['pudong.s01.u01'] },
    createdBy: 'admin',
  });
  const announcement = sys.stack.client.workflow.getHandle(a.workflowId);
  await announcement.result();

  const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const series = await createSeries(ctx, {
    id: `sa-course-${run}`,
    title: '检索属性课程',
    coordinatorId: 'p-000001',
    minHours: 1,
    sessions: [
      {
        sessionId: 'a',
        title: '开班',
        mode: 'offline',
        startsAt: at(48),
        endsAt: at(50),
        place: '302',
        hours: 2,
        teacher: '何老师',
      },
    ],
    createdBy: 'admin',
  });
  expect(
    await listed({ campaign: `sa-course-${run}`, businessStatus: 'running' }, [series.workflowId]),
  ).toEqual([series.workflowId]);
  await cancelSeries(ctx, { seriesId: `sa-course-${run}`, by: 'admin' });
  const course = sys.stack.client.workflow.getHandle(series.workflowId);
  await course.result();

  // A v2 journey whose window has closed: not registered, with no activity to run.
  const campaign = `sa-exam-${run}`;
  const journey = await sys.stack.client.workflow.start<typeof examJourney>('examJourney', {
    taskQueue: sys.stack.taskQueue,
    workflowId: examJourneyWorkflowId(campaign, 'p-000002'),
    args: [
      {
        campaignId: campaign,
        personId: 'p-000002',
        level: 'social_worker',
        examYear: 2026,
        windowCloses: new Date(Date.now() - 1000).toISOString(),
        examDates: [at(24 * 30)],
        reminderOffsets: [],
        timeZone: 'Asia/Shanghai',
        quietHours: null,
        waves: true,
      },
    ],
  });
  expect(await journey.result()).toBe('not_registered');

  expect(
    await listed({ campaign: `sa-${run}`, businessStatus: 'completed' }, [a.workflowId]),
  ).toEqual([a.workflowId]);
  expect(
    await listed({ campaign: `sa-course-${run}`, businessStatus: 'cancelled' }, [
      series.workflowId,
    ]),
  ).toEqual([series.workflowId]);
  expect(
    await listed({ campaign, businessStatus: 'not_registered' }, [journey.workflowId]),
  ).toEqual([journey.workflowId]);
  // A step the workflow has left lists nothing; another program's id lists nothing.
  expect(await listed({ campaign: `sa-${run}`, businessStatus: 'sending' }, [])).toEqual([]);
  expect(await listed({ campaign, businessStatus: 'completed' }, [])).toEqual([]);

  const [summary] = await listWorkflows(sys.stack.client, { campaign });
  expect(summary).toMatchObject({ campaign, businessStatus: 'not_registered' });
  for (const handle of [announcement, course, journey]) {
    const { searchAttributes } = await handle.describe();
    const values = Object.entries(searchAttributes)
      .filter(([k]) => k.startsWith('Yz'))
      .flatMap(([, v]) => v as unknown[]);
    expect(Object.keys(searchAttributes)).toEqual(
      expect.arrayContaining(['YzBusinessKey', 'YzCampaign', 'YzStatus']),
    );
    // Ids and steps: no person's name, no text of the announcement.
    expect(values.every((v) => typeof v === 'string' && /^[\w./-]+$/.test(v))).toBe(true);
  }

  await recordHistory('search-attributes-announcement', announcement);
  await recordHistory('search-attributes-course-cancelled', course);
  await recordHistory('search-attributes-exam-journey-not-registered', journey);
});
