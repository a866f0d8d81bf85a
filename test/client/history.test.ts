import { describe, expect, it } from 'vitest';
import { useTestSystem } from '../harness/system';
import {
  cancelAnnouncement,
  createAnnouncement,
} from '../../client/operations/announcements/announcements';
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import {
  story,
  timeline,
  workflowUiUrl,
  type TimelineLine,
} from '../../client/operations/admin/history';
import { HISTORIES_DIR } from '../harness/histories';
import { announcement } from '../../workflows/announcements/announcement';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { decodePayloadsIn } from '../../runtime/payloadCodec';

const sys = useTestSystem({ district: { streets: 2, unitsPerStreet: 2, people: 30 } });
const ctx = () => sys.announcementCtx();

/** Shanghai wall-clock time computed independently of the code under test (UTC+8, no DST). */
const shanghai = (ms: number) =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

async function recorded(id: string): Promise<TimelineLine[]> {
  const history = await sys.stack.client.workflow
    .getHandle(announcementWorkflowId(id))
    .fetchHistory();
  // The server holds the payloads encrypted: decoded with the client's keys, as `yz history` does.
  await decodePayloadsIn(history, sys.stack.client.options.loadedDataConverter.payloadCodecs);
  return timeline(history.events ?? []);
}

const texts = (lines: TimelineLine[], kind: TimelineLine['kind']) =>
  lines.filter((l) => l.kind === kind).map((l) => l.text);

describe('timeline of a recorded history', () => {
  it('tells an announcement sent to a street, from start to completion', async () => {
    const { recipients } = await createAnnouncement(ctx(), {
      id: 'h-done',
      title: '周五督导会',
      body: '{name}，周五下午有小组督导。',
      audience: { unitIds: ['pudong.s01'] },
      createdBy: 'test',
    });
    expect(recipients).toBeGreaterThan(3);
    await sys.stack.client.workflow.getHandle(announcementWorkflowId('h-done')).result();
    const lines = await recorded('h-done');

    expect(lines[0]).toMatchObject({
      kind: 'started',
      text: 'announcement: announcementId=h-done, unitIds=pudong.s01',
    });
    expect(texts(lines, 'activity done')).toEqual([
      `countAudience: units pudong.s01 → ${recipients} people`,
      `recordAnnouncementStatus: h-done sending → sent 0, failed 0`,
      `resolveAudiencePage: units pudong.s01 → ${recipients} people`,
      `sendNotices: ${recipients} people → sent ${recipients}, failed 0`,
      `recordAnnouncementStatus: h-done completed → sent ${recipients}, failed 0`,
    ]);
    expect(texts(lines, 'activity')).toContain(`sendNotices: ${recipients} people`);
    expect(lines.at(-1)).toMatchObject({
      kind: 'completed',
      text: `status completed, recipients ${recipients}, sent ${recipients}, failed 0, unconfirmed 0`,
    });
    for (const l of lines) expect(l.time).toBe(shanghai(Date.parse(l.at)));
    expect(lines[0]!.eventId).toBe(1);
    const ids = lines.map((l) => l.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    // Workflow tasks and activity starts are folded away.
    expect(lines.length).toBe(1 + 5 * 2 + 1);
  });

  it('shows the wait for a scheduled send and its cancellation', async () => {
    const sendAt = Math.ceil(Date.now() / 1000) * 1000 + 2 * 3600_000;
    await createAnnouncement(ctx(), {
      id: 'h-later',
      title: '下周课程',
      body: '下周一开课。',
      audience: { personIds: ['p-000001', 'p-000002'] },
      sendAt: new Date(sendAt).toISOString(),
      createdBy: 'test',
    });
    const handle = sys.stack.client.workflow.getHandle(announcementWorkflowId('h-later'));
    for (let i = 0; i < 50 && !(await recorded('h-later')).some((l) => l.kind === 'timer'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await cancelAnnouncement(ctx(), 'h-later', '张科长');
    await handle.result().catch(() => undefined);
    const lines = await recorded('h-later');

    expect(lines[0]!.text).toBe(
      'announcement: announcementId=h-later, personIds=p-000001,p-000002',
    );
    expect(texts(lines, 'timer')).toEqual([`waiting until ${shanghai(sendAt)} (Asia/Shanghai)`]);
    expect(lines.map((l) => l.kind)).toEqual([
      'started',
      'timer',
      'cancel requested',
      'timer cancelled',
      'activity',
      'activity done',
      'cancelled',
    ]);
    expect(texts(lines, 'timer cancelled')).toEqual([
      `stopped waiting for ${shanghai(sendAt)} (Asia/Shanghai)`,
    ]);
    expect(texts(lines, 'activity done')[0]).toBe(
      'recordAnnouncementStatus: h-later cancelled → sent 0, failed 0',
    );
  });

  it('shows an activity failure and the workflow failure it caused', async () => {
    await sys.tdb.db.announcement.create({
      data: {
        id: 'h-fail',
        title: 't',
        body: 'b',
        audience: '{"unitIds":["nowhere"]}',
        timeZone: 'Asia/Shanghai',
        createdBy: 'test',
        status: 'scheduled',
        workflowId: announcementWorkflowId('h-fail'),
      },
    });
    const handle = await sys.stack.client.workflow.start(announcement, {
      taskQueue: sys.stack.taskQueue,
      workflowId: announcementWorkflowId('h-fail'),
      args: [
        {
          announcementId: 'h-fail',
          audience: { unitIds: ['nowhere'] },
          timeZone: 'Asia/Shanghai',
          quietHours: null,
        },
      ],
    });
    await expect(handle.result()).rejects.toThrow();
    const lines = await recorded('h-fail');

    expect(texts(lines, 'activity failed')).toEqual([
      'countAudience: units nowhere → failed: 未知单位编号 unknown unit id(s): nowhere',
    ]);
    expect(lines.at(-1)).toMatchObject({
      kind: 'failed',
      text: 'Activity task failed: 未知单位编号 unknown unit id(s): nowhere',
    });
  });
});

describe('the story of a workflow, in business words', () => {
  const fixture = (name: string) =>
    temporal.api.history.v1.History.decode(readFileSync(new URL(`${name}.pb`, HISTORIES_DIR)))
      .events ?? [];

  it('tells an exam journey as invited, reminded, registered, passed, with the waits', () => {
    const lines = story(fixture('exam-journey-passed'));
    expect(lines.map((l) => l.kind)).toEqual([
      '开始 started',
      '已邀请 invited',
      '邀请 invited',
      '等待 waiting',
      '提醒 reminded',
      '等待 waiting',
      '已报名 registered',
      '已报名 registered',
      '等待 waiting',
      '考前提醒 reminded the day before the exam',
      '等待 waiting',
      '考前提醒 reminded the day before the exam',
      '等待 waiting',
      '成绩已公布 results posted',
      '已通过 passed',
      '通过 passed',
      '完成 completed',
    ]);
    expect(lines[0]!.text).toBe('个人报考进程 exam journey: campaignId=pd-2025, personId=p-000002');
    expect(lines[2]!.text).toBe('通知已发送 notices sent: 已发 1，失败 0 / sent 1, failed 0');
    expect(lines[3]!.text).toBe('等待至 waiting until 2026-12-03 17:00:00 (Asia/Shanghai)');
    expect(lines.at(-1)!.text).toBe('已通过 passed');
    // Internal steps stay behind --steps.
    const all = lines.map((l) => `${l.kind} ${l.text}`).join('\n');
    for (const step of ['sendNotices', 'recordExamParticipant', 'decideExamOutcome'])
      expect(all).not.toContain(step);
    expect(
      timeline(fixture('exam-journey-passed')).some((l) => l.text.startsWith('sendNotices')),
    ).toBe(true);
  });

  it('tells an announcement without its paging steps', () => {
    const lines = story(fixture('announcement-room-302-v2-window'));
    expect(lines.map((l) => l.kind)).toEqual([
      '开始 started',
      '统计对象 audience counted: 30 人 people',
      '状态 status: 发送中 sending',
      '通知 announcement',
      '状态 status: 已完成 completed',
      '完成 completed',
    ]);
    expect(lines.map((l) => l.text).join('\n')).not.toMatch(/countAudience|resolveAudiencePage/);
  });
});

describe('workflowUiUrl', () => {
  it('links a run’s history, or the latest run, with the id encoded', () => {
    expect(workflowUiUrl('http://127.0.0.1:8233/', 'default', 'announcement/a 1', 'r-1')).toBe(
      'http://127.0.0.1:8233/namespaces/default/workflows/announcement%2Fa%201/r-1/history',
    );
    expect(workflowUiUrl('http://ui', 'ns', 'announcement/x')).toBe(
      'http://ui/namespaces/ns/workflows/announcement%2Fx',
    );
  });
});
