import { describe, expect, it } from 'vitest';
import { useTestSystem } from '../harness/system';
import { recordHistory } from '../harness/histories';
import {
  createAnnouncement,
  announcementStatus,
} from '../../client/operations/announcements/announcements';
import { announcement } from '../../workflows/announcements/announcement';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { InputError } from '../../common/errors';

const sys = useTestSystem({ district: { streets: 2, unitsPerStreet: 3, people: 60 } });
const ctx = () => sys.announcementCtx();

describe('cancelling an announcement mid-way', () => {
  it('stops what is not sent; the records match what was delivered', async () => {
    const id = 'cancel-me';
    const workflowId = announcementWorkflowId(id);
    await sys.tdb.db.announcement.create({
      data: {
        id,
        title: '取消测试',
        body: '测试',
        audience: '{}',
        timeZone: 'Asia/Shanghai',
        createdBy: '测试',
        status: 'scheduled',
        workflowId,
      },
    });
    sys.sink.clear();
    const handle = await sys.stack.client.workflow.start(announcement, {
      taskQueue: sys.stack.taskQueue,
      workflowId,
      args: [
        {
          announcementId: id,
          audience: { unitIds: ['pudong'] },
          timeZone: 'Asia/Shanghai',
          quietHours: null,
          batchSize: 5,
          parallelBatches: 1,
        },
      ],
    });
    // Let the first batch through, then make the mail server defer everything.
    await sys.sink.waitFor(5);
    sys.sink.failNext(451, 100_000, 'try later', 'rcpt');
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const delivered = sys.sink.messages.length;
    expect(delivered).toBeGreaterThanOrEqual(5);
    expect(delivered).toBeLessThan(60);

    await new Promise((r) => setTimeout(r, 3000));
    expect(sys.sink.messages.length).toBe(delivered);
    const a = await sys.tdb.db.announcement.findUniqueOrThrow({ where: { id } });
    expect(a.status).toBe('cancelled');
    expect(a.sentCount).toBe(delivered);
    expect(await sys.tdb.db.notice.count({ where: { workflowId, status: 'sent' } })).toBe(
      delivered,
    );
    sys.sink.clear();
  });
});

describe('announcement to a unit, end to end', () => {
  it('delivers one message to each active person in the street and its sub-units', async () => {
    const street = 'pudong.s01';
    const expected = await sys.tdb.db.person.findMany({
      where: { unit: { path: { startsWith: `/pudong/${street}/` } } },
      include: { contacts: true },
    });
    expect(expected.length).toBeGreaterThan(10);

    const started = await createAnnouncement(ctx(), {
      id: 'room-302',
      title: '明日课程改至302教室',
      body: '{name}，明天的课程改在302教室上课。',
      titleEn: 'Tomorrow’s class moves to room 302',
      audience: { unitIds: [street] },
      createdBy: '浦东新区社工部',
    });
    expect(started.recipients).toBe(expected.length);

    const handle = sys.stack.client.workflow.getHandle(announcementWorkflowId('room-302'));
    const result = await handle.result();
    await recordHistory('announcement-room-302-v2-window', handle);
    expect(result).toMatchObject({ status: 'completed', sent: expected.length, failed: 0 });

    const messages = await sys.sink.waitFor(expected.length);
    expect(messages).toHaveLength(expected.length);
    const to = messages.flatMap((m) => m.to).sort();
    expect(to).toEqual(expected.map((p) => p.contacts[0]!.value).sort());
    const first = messages.find((m) => m.to[0] === expected[0]!.contacts[0]!.value)!;
    expect(first.subject).toBe('【通知】明日课程改至302教室');
    expect(first.text).toContain(`${expected[0]!.name}，明天的课程改在302教室上课。`);
    expect(first.text).toContain(`Dear ${expected[0]!.name}`);

    const status = await announcementStatus(ctx(), 'room-302');
    expect(status).toMatchObject({
      status: 'completed',
      recipients: expected.length,
      sent: expected.length,
    });
    const notices = await sys.tdb.db.notice.count({
      where: { status: 'sent', workflowId: 'announcement/room-302' },
    });
    expect(notices).toBe(expected.length);
  });

  it('refuses bad input before anything is written or sent', async () => {
    const before = sys.sink.messages.length;
    const attempt = (over: object) =>
      createAnnouncement(ctx(), {
        id: 'bad',
        title: 't',
        body: 'b',
        audience: { unitIds: ['pudong.s01'] },
        createdBy: 'x',
        ...over,
      });
    await expect(attempt({ audience: { personIds: ['p-999999'] } })).rejects.toThrow(
      /unknown person id\(s\): p-999999/,
    );
    await expect(attempt({ audience: { unitIds: ['nowhere'] } })).rejects.toThrow(
      /unknown unit id\(s\): nowhere/,
    );
    await expect(attempt({ audience: {} })).rejects.toThrow(/names no people, units or roles/);
    await expect(attempt({ body: '请到{room}集合' })).rejects.toThrow(/body uses \{room\}/);
    await expect(attempt({ sendAt: '2020-01-01T00:00:00Z' })).rejects.toThrow(
      /sendAt 2020年1月1日 08:00（北京时间 Asia\/Shanghai）.*is in the past/,
    );
    await expect(attempt({ audience: { roles: ['astronaut'] } })).rejects.toThrow(InputError);
    expect(await sys.tdb.db.announcement.findUnique({ where: { id: 'bad' } })).toBeNull();
    expect(sys.sink.messages.length).toBe(before);
  });
});
