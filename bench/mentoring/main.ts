/**
 * Benchmark: 500 mentoring pairs through a six-month supervisor incubation on the time-skipping
 * server (SQLite, the embedded SMTP sink, one worker in this process). Every two weeks each pair's
 * session is logged (most held; every 10th pair misses sessions 3 and 4 and is escalated; every
 * 50th never meets and is warned, then closed); midterm and final evaluations by the mentors;
 * monthly group supervision for everyone. Reports the seconds and the largest history.
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- mentoring [--pairs N] [--mentors N] [--concurrency N] [--keep]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../store/db';
import { createMailer } from '../../activities/notices/mailer';
import { pairMentee } from '../../client/operations/mentoring/pairing';
import { startProgram } from '../../client/operations/mentoring/program';
import { mentoringReport } from '../../client/operations/mentoring/report';
import { evaluate, logSession, pairState } from '../../client/operations/mentoring/sessions';
import type { MentoringContext } from '../../client/operations/mentoring/updates';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict, personId } from '../../scripts/demo/district';
import { createTimeSkippingEnv, skipTo } from '../../test/harness/temporal';
import { freePort } from '../../runtime/devServer';
import { mailFiles, startMailSink } from '../../runtime/mailSink';
import {
  pairWorkflowId,
  programWorkflowId,
  type PairState,
} from '../../workflows/mentoring/signals';
import { DEFAULT_QUIET_HOURS } from '../../workflows/rules/quietHours';
import { chunk } from '../../workflows/rules/chunk';
import { BENCH_SMTP_POOL, benchWorker, stopBenchParts } from '../courseSystem';

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '500' },
    mentors: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const PAIRS = Number(args.pairs);
const MENTORS = Number(args.mentors);
const CONCURRENCY = Number(args.concurrency);
const DAY = 86_400_000;
const log = (msg: string) => process.stderr.write(`[bench mentoring] ${msg}\n`);
const since = (t0: number) => Number(((performance.now() - t0) / 1000).toFixed(2));
const scores = { professional_practice: 80, supervision_skills: 75, ethics: 90, reflection: 70 };

/** Runs `work` over `items`, `CONCURRENCY` at a time. */
async function each<T>(items: T[], work: (item: T, i: number) => Promise<unknown>) {
  let i = 0;
  for (const batch of chunk(items, CONCURRENCY)) {
    await Promise.all(batch.map((item) => work(item, i++)));
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-mentoring-'));
  const url = `file:${join(dir, 'bench.db')}`;
  await deployMigrations(url);
  const db = await openDb(url);
  const people = PAIRS + MENTORS + 1;
  await loadDistrict(db, buildDistrict({ streets: 12, unitsPerStreet: 10, people }));
  const trainees = Array.from({ length: PAIRS }, (_, i) => personId(i + 1));
  const mentors = Array.from({ length: MENTORS }, (_, i) => personId(PAIRS + i + 1));
  const coordinator = personId(people);

  const mailDir = join(dir, 'mail');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  const env = await createTimeSkippingEnv();
  const taskQueue = 'bench-mentoring';
  const mailer = createMailer({ url: sink.url, pool: BENCH_SMTP_POOL });
  const worker = await benchWorker(env, { taskQueue, db, mailer });
  const running = worker.run();
  const ctx: MentoringContext = {
    db,
    temporal: env.client,
    taskQueue,
    timeZone: 'Asia/Shanghai',
    quietHours: DEFAULT_QUIET_HOURS,
  };
  try {
    const t0 = performance.now();
    const now = await env.currentTimeMs();
    await startProgram(
      { ...ctx, now: () => new Date(now) },
      {
        id: 'bench',
        title: '督导孵化基准 / incubation bench',
        coordinatorId: coordinator,
        traineeIds: trainees,
        mentorIds: mentors,
        end: new Date(now + 183 * DAY).toISOString(),
        createdBy: 'bench',
      },
    );
    const pairIds: string[] = [];
    await each(trainees, async (menteeId, i) => {
      const r = await pairMentee(ctx, {
        programId: 'bench',
        menteeId,
        mentorId: mentors[i % MENTORS]!,
      });
      pairIds[i] = r.pairId;
    });
    log(`${PAIRS} pairs started in ${since(t0)} s`);
    const silent = (i: number) => i % 50 === 49;
    const mentorOf = (i: number) => mentors[i % MENTORS]!;
    const { sessions } = (await pairState(ctx, pairIds[0]!)) as PairState;
    for (let k = 1; k <= sessions.length; k++) {
      const at = new Date(sessions[k - 1]!.at).getTime() + 2 * 3_600_000;
      await skipTo(env, at);
      const skipped = since(t0);
      await each(pairIds, async (pairId, i) => {
        if (silent(i)) return;
        const missed = i % 10 === 3 && (k === 3 || k === 4);
        await logSession(ctx, {
          pairId,
          status: missed ? 'missed' : 'held',
          ...(missed ? {} : { durationMinutes: 60, topics: ['case_review'] }),
          notes: missed ? undefined : `session ${k}`,
          recordedBy: mentorOf(i),
        });
        if (k === 6)
          await evaluate(ctx, { pairId, stage: 'midterm', mentorId: mentorOf(i), scores });
      });
      log(
        `session ${k}: skipped to it at ${skipped} s, logged at ${since(t0)} s; ` +
          `${mailFiles(mailDir).length} notices so far`,
      );
    }
    await each(pairIds, async (pairId, i) => {
      if (!silent(i))
        await evaluate(ctx, { pairId, stage: 'final', mentorId: mentorOf(i), scores });
    });
    // To the program's end in steps, then its result (one long wait would outlive keepalive).
    await skipTo(env, now + 184 * DAY);
    const result = await env.client.workflow.getHandle(programWorkflowId('bench')).result();
    const seconds = since(t0);
    log(`program done in ${seconds} s: ${JSON.stringify({ ...result, pairs: undefined })}`);

    let largest = { workflowId: '', events: 0 };
    for (const id of [programWorkflowId('bench'), ...pairIds.map(pairWorkflowId)]) {
      const h = await env.client.workflow.getHandle(id).fetchHistory();
      const events = h.events?.length ?? 0;
      if (events > largest.events) largest = { workflowId: id, events };
    }
    const report = await mentoringReport(ctx, 'bench');
    console.log(
      JSON.stringify({
        bench: 'mentoring',
        pairs: PAIRS,
        mentors: MENTORS,
        seconds,
        largest_history_events: largest.events,
        largest_history_workflow: largest.workflowId,
        pairs_completed: report.pairs.completed,
        pairs_closed: report.pairs.closed,
        sessions_held: report.sessions.held,
        sessions_planned: report.sessions.planned,
        supervisors_qualified: report.supervisorsQualified,
        group_sessions: result.groupSessions,
        notices: mailFiles(mailDir).length,
      }),
    );
  } finally {
    await stopBenchParts({ worker, running, mailer, env, sink, db, dir, keep: args.keep });
  }
}

await main();
