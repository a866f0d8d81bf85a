/**
 * POST /notices/:id/resend: an admin resends a notice the SMTP server refused (5xx), and it is
 * delivered once; asked again, or for a sent notice, it is refused and nothing more is sent; a
 * district coordinator is refused; the resend made is an audit row under the account's name.
 */
import { expect, it } from 'vitest';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { createToken } from '../../store/auth/tokens';
import { createUser } from '../../store/auth/users';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { useApiOn } from '../harness/api';
import { useTestSystem } from '../harness/system';
import { recordHistory } from '../harness/histories';
import { noticeResendWorkflowId } from '../../workflows/notices/signals';

const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 1, people: 4 } });
const TOKEN = 'resend-token-41a9';
const admin = { authorization: `Bearer ${TOKEN}` };
const api = useApiOn(sys, { API_TOKEN: TOKEN });

const resend = (id: number, headers: Record<string, string>) =>
  api.app.inject({ method: 'POST', url: `/notices/${id}/resend`, headers });

it('resends a failed notice once, refuses a sent one and a non-admin, and audits each', async () => {
  const db = sys.tdb.db;
  sys.sink.failNext(550, 1, 'mailbox unavailable');
  await createAnnouncement(sys.announcementCtx(), {
    id: 'resend-1',
    title: '重发测试',
    body: '请查收。',
    audience: { personIds: ['p-000001', 'p-000002'] },
    createdBy: 'test',
  });
  await sys.stack.client.workflow.getHandle(announcementWorkflowId('resend-1')).result();
  const failed = await db.notice.findFirstOrThrow({ where: { status: 'failed' } });
  const sent = await db.notice.findFirstOrThrow({ where: { status: 'sent' } });
  expect(failed.lastError).toMatch(/550/);
  const before = sys.sink.messages.length;

  const district = await createUser(db, { username: 'chen', role: 'district' });
  const { token } = await createToken(db, district.userId, 'cli');
  const refused = await resend(failed.id, { authorization: `Bearer ${token}` });
  expect(refused.statusCode).toBe(403);

  const res = await resend(failed.id, admin);
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ noticeId: failed.id, status: 'sent', resent: true });
  await sys.sink.waitFor(before + 1);
  const resendHandle = sys.stack.client.workflow.getHandle(
    noticeResendWorkflowId(failed.id, failed.attempts),
  );
  await recordHistory('notice-resend-sent', resendHandle);
  // Found by program and step like every workflow, with ids only.
  expect((await resendHandle.describe()).searchAttributes).toMatchObject({
    YzCampaign: ['notice-resend'],
    YzStatus: ['resend'],
    YzBusinessKey: [resendHandle.workflowId],
  });
  const row = await db.notice.findUniqueOrThrow({ where: { id: failed.id } });
  expect(row).toMatchObject({ status: 'sent', attempts: failed.attempts + 1 });

  // Asked again, and for a notice sent the first time: refused in words, nothing sent.
  for (const id of [failed.id, sent.id]) {
    const again = await resend(id, admin);
    expect(again.statusCode).toBe(409);
    // The status by its Chinese label, the English beside it.
    expect(again.json().error).toMatch(
      /^通知 \d+ 状态为(已发送|发送失败)，只重发失败或未确认的通知 \/ notice \d+ is (sent|failed): only a failed or unconfirmed notice is resent$/,
    );
  }
  expect((await resend(999_999, admin)).statusCode).toBe(404);
  await new Promise((r) => setTimeout(r, 500));
  expect(sys.sink.messages.length).toBe(before + 1);

  // The resend made is the audit row, under the account's name; the refusals wrote nothing.
  const audit = await db.auditEvent.findMany({ where: { action: 'POST /notices/:id/resend' } });
  expect(audit.map((a) => [a.actor, JSON.parse(a.targets)])).toEqual([
    ['admin', [String(failed.id)]],
  ]);
});
