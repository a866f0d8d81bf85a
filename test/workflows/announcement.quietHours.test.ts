/**
 * Quiet hours on a real timeline (time-skipping test server): an announcement due at 22:30
 * Shanghai time goes out at 08:00 the next morning, not before.
 */
import { expect, it } from 'vitest';
import { useTestSystem } from '../harness/system';
import { temporal } from '@temporalio/proto';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { DEFAULT_QUIET_HOURS } from '../../workflows/rules/quietHours';
import { formatLocal, localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { createTimeSkippingEnv } from '../harness/temporal';
import { recordHistory } from '../harness/histories';

const SH = 'Asia/Shanghai';
const EventType = temporal.api.enums.v1.EventType;

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 2, people: 12 },
  env: createTimeSkippingEnv,
});

/** The next 22:30 in Shanghai after `now`. */
function next2230(now: Date): Date {
  const p = localParts(now, SH);
  let t = zonedInstant({ ...p, hour: 22, minute: 30, second: 0 }, SH);
  if (t.getTime() <= now.getTime()) t = new Date(t.getTime() + 24 * 3600_000);
  return t;
}

it('a notice due at 22:30 goes out at 08:00 the next morning', async () => {
  const now = new Date(await sys.env!.currentTimeMs());
  const dueAt = next2230(now);
  await createAnnouncement(
    {
      db: sys.tdb.db,
      temporal: sys.env!.client,
      taskQueue: sys.stack.taskQueue,
      timeZone: SH,
      quietHours: DEFAULT_QUIET_HOURS,
      now: () => now,
    },
    {
      id: 'late-evening',
      title: '夜间通知测试',
      body: '{name}，这是一条夜间发出的通知。',
      audience: { unitIds: ['pudong'] },
      sendAt: dueAt.toISOString(),
      createdBy: '测试',
    },
  );
  const handle = sys.env!.client.workflow.getHandle(announcementWorkflowId('late-evening'));
  const result = await handle.result();
  await recordHistory('announcement-quiet-hours-v2-window', handle);
  expect(result).toMatchObject({ status: 'completed', sent: 12, failed: 0 });
  expect(sys.sink.messages).toHaveLength(12);

  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const at = (e: temporal.api.history.v1.IHistoryEvent) =>
    new Date(Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6));
  const sends = events.filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotices',
  );
  expect(sends.length).toBeGreaterThan(0);
  const morning = formatLocal(new Date(dueAt.getTime() + 9.5 * 3600_000), SH);
  expect(morning.endsWith('08:00')).toBe(true);
  for (const e of sends) {
    // Not one send before 08:00, and the first at 08:00 (within the minute the timer fires).
    expect(at(e).getTime()).toBeGreaterThanOrEqual(dueAt.getTime() + 9.5 * 3600_000);
  }
  expect(formatLocal(at(sends[0]!), SH)).toBe(morning);
  // Two waits: until the send time, then until the end of quiet hours.
  expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)).toHaveLength(2);
});
