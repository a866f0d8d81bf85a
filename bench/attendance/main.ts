/**
 * Benchmark: a sign-in sheet of 2,500 attendance rows (500 people × 5 sessions) imported into a
 * running course series, until every affected completion, credit and ledger is current.
 * Target ≤ 20 s from the import to the last ledger updated.
 *
 *   npm run bench -- attendance [--people N] [--keep]
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 */
import { recordMirroredRegistrations } from '../../store/credits/registrations';
import { createSeries } from '../../client/operations/courses/series';
import { enrol } from '../../client/operations/courses/enrolment';
import { importAttendance } from '../../client/operations/courses/attendance';
import { ledger, startLedger } from '../../client/operations/credits/ledger';
import { benchOptions, startBenchSystem } from '../courseSystem';

const TARGET_SECONDS = 20;
const SESSIONS = 5;
const { people, keep, log, seconds } = benchOptions('attendance', 500);

const sys = await startBenchSystem(people + 1, keep);
try {
  const { db, env } = sys;
  const ctx = sys.ctx(null);
  const now = await env.currentTimeMs();
  const ids = Array.from({ length: people }, (_, i) => `p-${String(i + 1).padStart(6, '0')}`);
  const coordinator = `p-${String(people + 1).padStart(6, '0')}`;
  // A fifth of the people are certified, with a running ledger the credits must reach.
  const today = new Date(new Date(now).toISOString().slice(0, 10));
  const certified = ids.filter((_, i) => i % 5 === 0);
  await db.certificate.createMany({
    data: certified.map((personId) => ({
      personId,
      level: 'social_worker',
      obtainedOn: today,
      registeredOn: today,
    })),
  });
  await recordMirroredRegistrations(db, certified, {
    source: 'legacy',
    sourceRef: 'bench',
    recordedBy: 'bench',
  });
  for (const id of certified) await startLedger(ctx, id);
  await createSeries(ctx, {
    id: 'bench-online',
    title: '线上精讲（基准）',
    coordinatorId: coordinator,
    minHours: 6,
    absenceWarnAfter: 3,
    sessions: Array.from({ length: SESSIONS }, (_, i) => ({
      sessionId: `s${i + 1}`,
      title: `第${i + 1}讲`,
      mode: 'online' as const,
      startsAt: new Date(now - (SESSIONS - i) * 86_400_000).toISOString(),
      endsAt: new Date(now - (SESSIONS - i) * 86_400_000 + 3 * 3_600_000).toISOString(),
      link: 'https://meet.example/bench',
      hours: 2,
      teacher: '讲师',
    })),
    createdBy: 'bench',
  });
  await enrol(ctx, { seriesId: 'bench-online', personIds: ids, enrolledBy: 'bench' });

  // Person i attends sessions by pattern: most attend 3+ (complete); every 7th misses 3 in a row.
  const lines = ['人员编号,场次,出勤情况'];
  let expectedComplete = 0;
  ids.forEach((id, i) => {
    let attended = 0;
    for (let s = 1; s <= SESSIONS; s++) {
      const absent = i % 7 === 0 ? s >= 3 : (i + s) % 4 === 0;
      if (!absent) attended++;
      lines.push(`${id},s${s},${absent ? '缺勤' : s % 2 ? '出勤' : '迟到'}`);
    }
    if (attended >= 3) expectedComplete++;
  });
  const expectedLedgers = certified.filter((id) => {
    const i = ids.indexOf(id);
    let attended = 0;
    for (let s = 1; s <= SESSIONS; s++) if (!(i % 7 === 0 ? s >= 3 : (i + s) % 4 === 0)) attended++;
    return attended >= 3;
  });
  log(
    `${lines.length - 1} rows; ${expectedComplete} completions and ${expectedLedgers.length} ledgers expected`,
  );

  const t0 = performance.now();
  const r = await importAttendance(ctx, {
    seriesId: 'bench-online',
    file: { name: '签到表.csv', bytes: Buffer.from(lines.join('\n')) },
    recordedBy: 'bench',
  });
  const importSeconds = seconds(t0);
  log(`imported ${r.recorded} rows in ${importSeconds} s`);
  for (;;) {
    const [completions, credits] = await Promise.all([
      db.courseCompletion.count({ where: { seriesId: 'bench-online' } }),
      db.trainingRecord.count({ where: { source: 'course' } }),
    ]);
    if (completions >= expectedComplete && credits >= expectedComplete) break;
    if (seconds(t0) > 120) throw new Error(`only ${completions} completions after 120 s`);
    await new Promise((res) => setTimeout(res, 100));
  }
  const recordsSeconds = seconds(t0);
  log(`completions and credits current in ${recordsSeconds} s`);
  for (const id of expectedLedgers) {
    for (;;) {
      const v = await ledger(ctx, id);
      if (v.earnedTenths > 0) break;
      if (seconds(t0) > 120) throw new Error(`ledger of ${id} not current after 120 s`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  const totalSeconds = seconds(t0);
  const warnings = await db.notice.count({ where: { template: 'course-absence-warning' } });
  log(`ledgers current in ${totalSeconds} s; ${warnings} absence warnings`);
  const figures = {
    bench: 'attendance',
    rows: r.recorded,
    people,
    completions: expectedComplete,
    ledgers: expectedLedgers.length,
    absence_warnings: warnings,
    import_seconds: importSeconds,
    records_current_seconds: recordsSeconds,
    all_current_seconds: totalSeconds,
    target_seconds: TARGET_SECONDS,
    ok: totalSeconds <= TARGET_SECONDS,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await sys.stop();
}
