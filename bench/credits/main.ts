/**
 * Benchmark: 1,000 certified people, each with a continuing-education ledger, through a whole
 * 3-year registration period on the time-skipping server. Credits arrive in six waves across the
 * period (one wave posted twice, as a retry would); behind-pace warnings, deadline reminders, the
 * renewal window and the period's outcome go out; every ledger continues as new into its next
 * period. Targets: ≤ 120 s, and no history above 10,240 events.
 *
 *   npm run bench -- credits [--people N] [--keep]
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 */
import { startLedger } from '../../client/operations/credits/ledger';
import { recordMirroredRegistrations } from '../../store/credits/registrations';
import { skipTo } from '../../test/harness/temporal';
import { creditPostedSignal, creditsWorkflowId } from '../../workflows/credits/signals';
import { DEFAULT_QUIET_HOURS } from '../../workflows/rules/quietHours';
import { benchOptions, startBenchSystem } from '../courseSystem';

const TARGETS = { seconds: 120, max_history_events: 10_240 } as const;
const DAY = 86_400_000;
const { people, keep, log, seconds } = benchOptions('credits', 1000);

async function inChunks<T, R>(items: T[], size: number, run: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

const sys = await startBenchSystem(people, keep);
try {
  const { db, env } = sys;
  const ctx = sys.ctx(DEFAULT_QUIET_HOURS);
  const ids = Array.from({ length: people }, (_, i) => `p-${String(i + 1).padStart(6, '0')}`);
  const start = await env.currentTimeMs();
  const now = new Date(start);
  // Skips go in steps of at most 30 days: a single skip across a busy stretch outlives the test
  // server's keepalive allowance.
  const skipDays = (days: number) => skipTo(env, start + days * DAY, 30 * DAY);
  const registeredOn = new Date(now.toISOString().slice(0, 10));
  const level = (i: number) => (i % 3 === 0 ? 'assistant_social_worker' : 'social_worker');
  await db.certificate.createMany({
    data: ids.map((personId, i) => ({
      personId,
      level: level(i),
      obtainedOn: registeredOn,
      registeredOn,
    })),
  });
  await recordMirroredRegistrations(db, ids, {
    source: 'legacy',
    sourceRef: 'bench',
    recordedBy: 'bench',
  });

  const t0 = performance.now();
  await inChunks(ids, 50, (id) => startLedger(ctx, id));
  const firstRuns = await inChunks(
    ids,
    50,
    async (id) => (await env.client.workflow.getHandle(creditsWorkflowId(id)).describe()).runId,
  );
  log(`${people} ledgers started in ${seconds(t0)} s`);

  // Six waves of credits (months 4, 10, 16, 22, 28, 33); person i earns (i % 5) × 4 h a wave:
  // 0, 24, 48, 72 or 96 hours by the end. Wave 3 is posted twice (a retry): it counts once.
  const months = [4, 10, 16, 22, 28, 33];
  for (const [w, month] of months.entries()) {
    await skipDays(Math.round(month * 30.4));
    const earners = ids.filter((_, i) => i % 5 > 0);
    const post = (id: string) =>
      env.client.workflow.getHandle(creditsWorkflowId(id)).signal(creditPostedSignal, {
        sourceKey: `bench/${id}/wave-${w + 1}`,
        hoursTenths: (ids.indexOf(id) % 5) * 40,
      });
    await inChunks(earners, 100, post);
    if (w === 2) await inChunks(earners, 100, post);
    log(`wave ${w + 1} (month ${month}) posted at ${seconds(t0)} s`);
  }
  let day = 3 * 366 + 2;
  await skipDays(day);
  for (;;) {
    const n = await db.cePeriodOutcome.count();
    if (n >= people) break;
    if (seconds(t0) > 600) throw new Error(`only ${n} periods recorded after 600 s`);
    await skipDays(++day);
  }
  const elapsed = seconds(t0);
  const outcomes = await db.cePeriodOutcome.findMany();
  const expectedCompliant = ids.filter(
    (_, i) => (i % 5) * 24 * 10 >= (level(i) === 'assistant_social_worker' ? 720 : 900),
  ).length;
  const compliant = outcomes.filter((o) => o.outcome === 'compliant').length;
  const lengths = await inChunks(ids, 50, async (id) => {
    const i = ids.indexOf(id);
    return (await env.client.workflow.getHandle(creditsWorkflowId(id), firstRuns[i]).describe())
      .historyLength;
  });
  const maxEvents = Math.max(...lengths);
  const notices = await db.notice.groupBy({ by: ['template'], _count: true });
  log(`all periods recorded in ${elapsed} s; longest first-period history ${maxEvents} events`);
  const figures = {
    bench: 'credits',
    people,
    period_years: 3,
    seconds: elapsed,
    compliant,
    expected_compliant: expectedCompliant,
    not_compliant: outcomes.length - compliant,
    max_history_events: maxEvents,
    notices: Object.fromEntries(notices.map((n) => [n.template, n._count])),
    targets: TARGETS,
    ok:
      elapsed <= TARGETS.seconds &&
      maxEvents <= TARGETS.max_history_events &&
      compliant === expectedCompliant &&
      outcomes.length === people,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await sys.stop();
}
