/**
 * Completion of a course series end to end, on the run's Temporal server: completing writes the
 * record (with a certificate number), the credit in the person's CE ledger and a notice; the
 * completion certificate is a PDF whose Chinese text reads back with pdftotext in an embedded
 * subset CJK font; a downward attendance correction revokes the completion (kept, with
 * revokedAt), withdraws the credit from the ledger once and tells the person; attending again
 * completes anew with a new certificate; cancelling a session the person attended revokes it
 * again. Bad input on the way (absurd hours, unreachable
 * thresholds, overlapping reschedules, a sign-in sheet row naming someone not enrolled) is refused
 * by name with nothing written.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it, vi } from 'vitest';
import { evaluateCourse } from '../../activities/courses/series';
import { writeTable } from '../../store/registry/table';
import { cancelSession, rescheduleSession } from '../../client/operations/courses/sessions';
import { closeSeries, createSeries } from '../../client/operations/courses/series';
import { completionCertificate } from '../../client/operations/courses/certificates';
import { enrol } from '../../client/operations/courses/enrolment';
import { importAttendance, markAttendance } from '../../client/operations/courses/attendance';
import { type CourseContext } from '../../client/operations/courses/courseContext';
import { ledger, startLedger } from '../../client/operations/credits/ledger';
import { recordRegistration } from '../../store/credits/registrations';
import { courseStateQuery, courseWorkflowId } from '../../workflows/courses/signals';
import { loadConfig } from '../../config/env';
import { recordHistory } from '../harness/histories';
import { useTestSystem } from '../harness/system';

const run = promisify(execFile);
const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 3, people: 12 } });
const font = loadConfig(process.env).certificateFont;
const dir = mkdtempSync(join(tmpdir(), 'yz-certificate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
vi.setConfig({ testTimeout: 300_000 });

/** The text of a PDF (whitespace removed: line breaks fall anywhere) and its fonts. */
async function readPdf(bytes: Buffer, name: string) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout;
  const fonts = (await run('pdffonts', [file])).stdout.split('\n').slice(2).filter(Boolean);
  return { text: text.replace(/\s+/g, ''), fonts };
}

it('completes, issues a PDF certificate, revokes on a correction and completes again', async () => {
  const { db } = sys.tdb;
  const ctx: CourseContext = sys.announcementCtx();
  // A course held last year, its attendance recorded now: it has ended, so completions follow.
  const year = new Date().getUTCFullYear() - 1;
  const session = (id: string, day: number) => ({
    sessionId: id,
    title: `第${id.slice(1)}讲`,
    mode: 'offline' as const,
    startsAt: new Date(Date.UTC(year, 4, day, 6)).toISOString(),
    endsAt: new Date(Date.UTC(year, 4, day, 8)).toISOString(),
    place: '浦东社工学院302',
    hours: 2,
    teacher: '王老师',
  });
  const id = 'hy-2026';
  const title = '鸿雁计划继续教育课程';
  const plan = {
    id,
    title,
    coordinatorId: 'p-000012',
    minHours: 4,
    absenceWarnAfter: 0,
    sessions: [session('s1', 4), session('s2', 11), session('s3', 18)],
    createdBy: '浦东新区社会工作部',
  };
  // Absurd hours and thresholds no attendance could meet are refused; nothing is written.
  await expect(createSeries(ctx, { ...plan, minHours: 0 })).rejects.toThrow(
    'minHours must be above 0 (or name required sessions)',
  );
  await expect(createSeries(ctx, { ...plan, minHours: 7 })).rejects.toThrow(
    'minHours 7 is more than the 6 class hours of all sessions',
  );
  await expect(
    createSeries(ctx, { ...plan, sessions: [{ ...session('s1', 4), hours: 13 }] }),
  ).rejects.toThrow('session s1: class hours 13 must be above 0 and at most 12');
  await expect(
    createSeries(ctx, { ...plan, sessions: [{ ...session('s1', 4), hours: 3 }] }),
  ).rejects.toThrow('session s1: 3 class hours do not fit between start and end');
  expect(await db.courseSeries.count()).toBe(0);
  await createSeries(ctx, plan);
  // Moving s2 onto s1 is refused, s2 unchanged.
  await expect(
    rescheduleSession(ctx, {
      seriesId: id,
      sessionId: 's2',
      startsAt: session('s1', 4).startsAt,
      endsAt: session('s1', 4).endsAt,
    }),
  ).rejects.toThrow('session s2 would overlap s1');
  expect(
    await db.courseSession.findUniqueOrThrow({
      where: { seriesId_sessionId: { seriesId: id, sessionId: 's2' } },
    }),
  ).toMatchObject({ startsAt: new Date(session('s2', 11).startsAt), version: 0 });
  const [p1, p2] = ['p-000001', 'p-000002'];
  const name = (await db.person.findUniqueOrThrow({ where: { id: p1 } })).name;
  const today = new Date(new Date().toISOString().slice(0, 10));
  await db.certificate.create({
    data: { personId: p1, level: 'social_worker', obtainedOn: today },
  });
  await recordRegistration(db, {
    personId: p1,
    registeredOn: today,
    source: 'coordinator',
    recordedBy: 'test',
  });
  await startLedger(ctx, p1);
  await enrol(ctx, { seriesId: id, personIds: [p1, p2], enrolledBy: 'p-000012' });
  const mark = (personIds: string[], sessionId: string, status: 'present' | 'absent') =>
    markAttendance(ctx, {
      seriesId: id,
      marks: personIds.map((personId) => ({ sessionId, personId, status })),
      recordedBy: 'p-000012',
    });
  const completion = (personId: string) =>
    db.courseCompletion.findUniqueOrThrow({
      where: { seriesId_personId: { seriesId: id, personId } },
    });
  const credits = async () => (await ledger(ctx, p1)).credits;
  const sourceKey = `course/${id}/${p1}`;
  const to = (personId: string, prefix: string) =>
    sys.sink.messages.filter(
      (m) => m.to[0] === `${personId}@demo.yanzhen.local` && m.subject.startsWith(prefix),
    );

  // Not completed yet: no certificate.
  await expect(
    completionCertificate(ctx, { seriesId: id, personId: p1, font }),
  ).rejects.toMatchObject({
    status: 404,
    message: `${p1} 尚未结业课程“${id}” / person ${p1} has not completed "${id}"`,
  });

  // s1 from an XLSX sign-in sheet: all rows or none, the error names the row.
  const sheet = (rows: string[][]) =>
    writeTable({ title: '签到表', headers: ['人员编号', '出勤情况'], rows }, 'xlsx');
  const signIn = async (rows: string[][]) =>
    importAttendance(ctx, {
      seriesId: id,
      sessionId: 's1',
      file: { name: '签到表.xlsx', bytes: await sheet(rows) },
      recordedBy: 'p-000012',
    });
  await expect(
    signIn([
      [p1, '出勤'],
      ['p-000099', '出勤'],
    ]),
  ).rejects.toThrow(
    '签到表.xlsx 第 3 行：p-000099 未报名课程“hy-2026” / 签到表.xlsx row 3: person p-000099 is not enrolled in "hy-2026"',
  );
  expect(await db.courseAttendance.count()).toBe(0);
  expect(
    await signIn([
      [p1, '出勤'],
      [p2, '迟到'],
    ]),
  ).toEqual({ recorded: 2, people: 2 });
  await mark([p1, p2], 's2', 'present');
  await vi.waitFor(async () => expect(await credits()).toEqual([{ sourceKey, hoursTenths: 40 }]), {
    timeout: 90_000,
    interval: 250,
  });
  await sys.sink.waitFor(4); // two enrolment confirmations, then two completions
  expect(to(p1, '【结业】')).toHaveLength(1);
  const first = await completion(p1);
  expect(first).toMatchObject({ hoursTenths: 40, revokedAt: null });
  expect(first.certificateNo).toMatch(/^JY-[0-9A-F]{12}$/);

  // The certificate: name, course, hours and date in Chinese, in an embedded subset CJK font.
  const cert = await completionCertificate(ctx, { seriesId: id, personId: p1, font });
  expect(cert.contentType).toBe('application/pdf');
  expect(cert.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(cert.certificateNo).toBe(first.certificateNo);
  const pdf = await readPdf(cert.bytes, 'first.pdf');
  expect(pdf.text).toContain('结业证书');
  expect(pdf.text).toContain(`${name}同志`);
  expect(pdf.text).toContain(`“${title}”`);
  expect(pdf.text).toContain('共计4学时');
  expect(pdf.text).toContain('CertificateofCompletion');
  expect(pdf.text).toContain(first.certificateNo!);
  expect(pdf.fonts.length).toBeGreaterThan(0);
  for (const f of pdf.fonts)
    expect(f).toMatch(/^[A-Z]{6}\+NotoSansCJKsc-Regular\s.*\byes\s+yes\s+yes\b/);

  // A missing font is a clear error, not a PDF in a fallback font.
  await expect(
    completionCertificate(ctx, {
      seriesId: id,
      personId: p1,
      font: { path: join(dir, 'no-such-font.ttc'), name: 'NotoSansCJKsc-Regular' },
    }),
  ).rejects.toMatchObject({
    status: 503,
    message: expect.stringMatching(
      new RegExp(
        `^缺少证书用的中文字体：无法读取 YZ_CJK_FONT="${join(dir, 'no-such-font.ttc')}".* / ` +
          `the Chinese font for certificates is missing: YZ_CJK_FONT="${join(dir, 'no-such-font.ttc')}"`,
      ),
    ),
  });

  // s2 corrected to absent: 2 of 4 hours. Revoked (kept), credit withdrawn, the person told.
  await mark([p1], 's2', 'absent');
  await vi.waitFor(async () => expect(await credits()).toEqual([]), {
    timeout: 90_000,
    interval: 250,
  });
  await sys.sink.waitFor(5);
  const revoked = await completion(p1);
  expect(revoked.revokedAt).not.toBeNull();
  expect(revoked.revokedReason).toContain('2/4');
  expect(revoked.certificateNo).toBe(first.certificateNo);
  expect(await db.trainingRecord.count({ where: { sourceKey } })).toBe(0);
  const notice = to(p1, '【结业撤销】');
  expect(notice).toHaveLength(1);
  expect(notice[0]!.subject).toBe(`【结业撤销】“${title}”的结业已撤销`);
  expect(notice[0]!.text).toContain('4学时');
  await expect(
    completionCertificate(ctx, { seriesId: id, personId: p1, font }),
  ).rejects.toMatchObject({ status: 410, message: expect.stringContaining('was revoked on') });

  // The same correction again changes nothing: one revocation, one notice.
  await mark([p1], 's2', 'absent');
  // p2's evaluation retried with the same time reports the same revocation, written once.
  await db.courseAttendance.update({
    where: { seriesId_sessionId_personId: { seriesId: id, sessionId: 's1', personId: p2 } },
    data: { status: 'absent' },
  });
  const at = new Date().toISOString();
  const once = await evaluateCourse(db, id, [p2], at);
  const again = await evaluateCourse(db, id, [p2], at);
  expect(once.revoked?.map((r) => r.personId)).toEqual([p2]);
  expect(again).toEqual(once);
  expect((await evaluateCourse(db, id, [p2], new Date().toISOString())).revoked).toEqual([]);
  expect((await completion(p2)).revokedAt?.toISOString()).toBe(at);
  expect(await db.trainingRecord.count({ where: { sourceKey: `course/${id}/${p2}` } })).toBe(0);

  // Attending s3 completes anew: a new certificate, the credit back, a new notice.
  await mark([p1], 's3', 'present');
  await vi.waitFor(async () => expect(await credits()).toEqual([{ sourceKey, hoursTenths: 40 }]), {
    timeout: 90_000,
    interval: 250,
  });
  await sys.sink.waitFor(6);
  expect(to(p1, '【结业】')).toHaveLength(2);
  expect(to(p1, '【结业撤销】')).toHaveLength(1);
  const renewed = await completion(p1);
  expect(renewed).toMatchObject({ revokedAt: null, revokedReason: null, hoursTenths: 40 });
  expect(renewed.certificateNo).not.toBe(first.certificateNo);
  const again2 = await readPdf(
    (await completionCertificate(ctx, { seriesId: id, personId: p1, font })).bytes,
    'renewed.pdf',
  );
  expect(again2.text).toContain(renewed.certificateNo!);

  // Cancelling s3, which p1 attended, takes its hours away: revoked again.
  await cancelSession(ctx, { seriesId: id, sessionId: 's3' });
  await vi.waitFor(async () => expect(await credits()).toEqual([]), {
    timeout: 90_000,
    interval: 250,
  });
  await vi.waitFor(() => expect(to(p1, '【结业撤销】')).toHaveLength(2), {
    timeout: 90_000,
    interval: 250,
  });
  expect((await completion(p1)).revokedAt).not.toBeNull();

  const handle = sys.stack.client.workflow.getHandle(courseWorkflowId(id));
  expect(await handle.query(courseStateQuery)).toMatchObject({ completions: 3, revocations: 2 });
  await closeSeries(ctx, id);
  await handle.result();
  await recordHistory('course-revocation', handle);
});
