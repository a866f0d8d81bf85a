/**
 * Campaign preview (动员预演, a dry run "no peer has this"): runs a campaign's whole timeline —
 * launch, registration window, exam days, results — on the Java time-skipping test server in
 * seconds, against a throw-away SQLite copy of the registry, with a mailer that counts instead
 * of sending, and synthetic responses: a share of the cohort registers at random moments in the
 * window (seeded), and registered people get results after the last exam day. It answers how
 * many notices go out per day and to whom (per template and per unit), before launch.
 *
 * Driven through the client operations (startExamCampaign, registerForExam,
 * importCampaignResults, examFunnel), so it follows whatever the workflows do inside. Each
 * notice is dated by the (virtual) time its activity was scheduled. Nothing is sent: the
 * mailer never opens a connection, and the live database is only read.
 *
 * The people's journeys (examJourney, one workflow per person) run only with `journeys: true`
 * (`--journeys`). By default the campaign workflow runs alone, for real, with every wave it
 * sends: a v2 journey sends no notice and writes none of the statuses the waves and the funnel
 * read (invited and not_registered come from the campaign, registered from the registration,
 * passed and failed from the results import) — what it adds is prep courses, sprint-class seats
 * and completion records, which the preview does not report. So the figures are the same, and
 * the test compares both ways; at 8,055 people the journeys took over 90 % of the CPU (362 s
 * against 29.5 s without them). Without them, the registration writes what registerForExam writes
 * (markRegistered, the KPIs) without signalling a journey, and the campaign's two activities that
 * reach journeys (starting them, telling them the results) have none to reach. The report says
 * which way it ran.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDb, type Db } from '../../../store/db';
import type { Mailer } from '../../../activities/notices/mailer';
import { deployMigrations } from '../../../prisma/migrator';
import { createPreviewWorker } from '../../../runtime/previewWorker';
import { parseCampaignDefinition } from '../../../workflows/rules/campaignDefinition';
import { peopleVocabularies } from '../../../store/registry/vocabularyTerms';
import { EXAM_RULES, type ExamLevel } from '../../../workflows/rules/examRules';
import { formatLocal } from '../../../workflows/rules/zonedTime';
import { examFunnel } from './progress';
import { registerForExam } from './registrations';
import { importCampaignResults } from './results';
import { checkClassSeries, startExamCampaign } from './start';
import { type ExamContext } from './storedCampaign';
import { InputError, isUserError } from '../../../common/errors';
import { markRegistered } from '../../../store/exam/participants';
import { refreshExamKpis } from '../../../store/exam/kpis';
import { insertMany } from '../../../store/bulkInsert';

export interface PreviewOptions {
  /** Share of the cohort that registers, 0–1 (default 0.6). */
  registerShare?: number;
  /** Chance of passing each subject, 0–1 (default 0.7). */
  passShare?: number;
  /** Seed of the synthetic responses (default 1): the same seed, the same preview. */
  seed?: number;
  /** A prebuilt workflow bundle (tests build one per process); default: bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Called with each step, for progress on a terminal. */
  progress?: (line: string) => void;
  /**
   * Runs every person's journey workflow too (slower: at 8,055 people most of the time goes to
   * them). Default: the campaign workflow alone, whose figures are the same (see below).
   */
  journeys?: boolean;
}

export interface PreviewDay {
  /** Local calendar date in the campaign's time zone. */
  date: string;
  total: number;
  byTemplate: Record<string, number>;
  byUnit: Record<string, number>;
}

export interface PreviewReport {
  campaign: { id: string; name: string; examYear: number; timeZone: string };
  seed: number;
  registerShare: number;
  passShare: number;
  cohort: number;
  /** People the synthetic responses registered. */
  registered: number;
  /** Virtual time span run. */
  from: string;
  to: string;
  /** Notices handed to the counting mailer (none sent). */
  total: number;
  /** Outbox rows the workflows wrote, by status (all `sent` to the counting mailer normally). */
  queued: Record<string, number>;
  days: PreviewDay[];
  byTemplate: Record<string, number>;
  units: { id: string; name: string; total: number; byTemplate: Record<string, number> }[];
  funnel: Record<string, number>;
  /** Whether every person's journey workflow ran too, or the campaign workflow alone. */
  journeys: boolean;
  /** What ran, in words (zh-CN / English), for the report's reader. */
  ran: string;
}

/** What a notice looked like to the counting mailer. */
export interface CountedMail {
  key: string;
  to: string;
  /** Virtual ms: when the sending activity was scheduled. */
  at: number;
}

/** A mailer that records and answers 250 without any connection: nothing leaves the machine. */
export function countingMailer(): Mailer & { counted: CountedMail[] } {
  const counted: CountedMail[] = [];
  return {
    counted,
    send(mail) {
      let at = Date.now();
      try {
        at = Context.current().info.currentAttemptScheduledTimestampMs;
      } catch {
        // outside an activity (not the case in a preview): wall time
      }
      counted.push({ key: mail.headers?.['X-Yanzhen-Notice'] ?? mail.messageId, to: mail.to, at });
      return Promise.resolve({
        response: '250 counted, not sent (preview)',
        messageId: mail.messageId,
      });
    },
    close() {},
  };
}

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Delegate = { findMany(args?: object): Promise<object[]> };
type Value = string | number | boolean | Date | null;

/** Registry tables a campaign reads, parents first. */
const COPIED = [
  'organisation',
  'person',
  'contactChannel',
  'certificate',
  'examSubjectResult',
  'setting',
  'courseSeries',
  'courseSession',
  'courseEnrolment',
] as const;

/**
 * Copies the registry (people, units, contacts, certificates, results, course series) in
 * multi-row INSERTs (createMany spent ~0.2 ms of JavaScript a row: seconds for a district). The
 * tables are named as their models (the schema maps no names), the columns as the rows' fields.
 */
export async function copyRegistry(from: Db, to: Db): Promise<void> {
  const src = from as unknown as Record<string, Delegate>;
  await to.$transaction(
    async (tx) => {
      for (const model of COPIED) {
        const rows = (await src[model]!.findMany(
          model === 'organisation' ? { orderBy: { path: 'asc' } } : undefined,
        )) as Record<string, Value>[];
        if (!rows.length) continue;
        const columns = Object.keys(rows[0]!);
        const table = model[0]!.toUpperCase() + model.slice(1);
        await insertMany(
          tx,
          table,
          columns,
          rows.map((r) => columns.map((c) => r[c] ?? null)),
        );
      }
    },
    { timeout: 600_000 },
  );
}

const sum = (into: Record<string, number>, key: string, n = 1) =>
  void (into[key] = (into[key] ?? 0) + n);

/** Runs the preview; the live database `source` is only read. */
export async function previewCampaign(
  source: Db,
  definition: unknown,
  options: PreviewOptions = {},
): Promise<PreviewReport> {
  // A DefinitionError is an InputError (400) with the definition's own message.
  const d = parseCampaignDefinition(definition, await peopleVocabularies(source));
  const registerShare = options.registerShare ?? 0.6;
  const passShare = options.passShare ?? 0.7;
  const seed = options.seed ?? 1;
  for (const [what, v] of [
    ['registerShare', registerShare],
    ['passShare', passShare],
  ] as const)
    if (!(v >= 0 && v <= 1))
      throw new InputError(`${what} 须在 0 到 1 之间 / ${what} must be from 0 to 1, got ${v}`);
  if (!Number.isInteger(seed))
    throw new InputError(`seed 须为整数 / seed must be a whole number, got ${seed}`);
  if (d.registrationWindow.closes.getTime() <= Date.now())
    throw new InputError(
      '报名截止时间（registrationWindow.closes）已过，无可预演 / registrationWindow.closes is in the past: nothing left to preview',
    );
  // What the launch would refuse, refused before the copy and the test server.
  await checkClassSeries(source, d);
  const say = options.progress ?? (() => {});
  const journeys = options.journeys ?? false;

  const dir = mkdtempSync(join(tmpdir(), 'yz-preview-'));
  const url = `file:${join(dir, 'preview.db')}`;
  let db: Db | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let runtime: Runtime | undefined;
  try {
    await deployMigrations(url);
    db = await openDb(url);
    // A throw-away file: no journal on disk and no waiting for the disk (a crash loses nothing
    // worth keeping). One connection, so the pragmas hold for every statement of the preview.
    await db.$queryRawUnsafe('PRAGMA journal_mode = MEMORY');
    await db.$queryRawUnsafe('PRAGMA synchronous = OFF');
    await copyRegistry(source, db);
    say('registry copied / 已复制人员库');
    try {
      // Native logs go through the TS logger (stderr): --json keeps stdout to the report.
      runtime = Runtime.install({
        logger: new DefaultLogger('ERROR'),
        telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
      });
    } catch {
      // a runtime exists already (tests); its logger stays
    }
    // Loaded on use: @temporalio/testing is a development dependency, the rest of the CLI
    // must not need it.
    const { createTimeSkippingEnv } = await import('../../../runtime/timeSkipping');
    const { encryptingDataConverter } = await import('../../../runtime/payloadCodec');
    const { ephemeralPayloadKeyRing } = await import('../../../runtime/payloadKeys');
    // The throw-away server encrypts like the real one, with a key that dies with it.
    const dataConverter = encryptingDataConverter(ephemeralPayloadKeyRing());
    env = await createTimeSkippingEnv(undefined, dataConverter);
    const mailer = countingMailer();
    const taskQueue = `preview-${randomUUID()}`;
    const worker = await createPreviewWorker(env, {
      taskQueue,
      workflowBundle: options.workflowBundle,
      db,
      mailer,
      mailFrom: '雁阵预演 <preview@yanzhen.local>',
      dataConverter,
      journeys,
    });
    const report = await worker.runUntil(
      runTimeline({
        db,
        env,
        taskQueue,
        definition,
        d,
        registerShare,
        passShare,
        seed,
        say,
        journeys,
      }),
    );
    return await tally(db, mailer.counted, report);
  } catch (e) {
    if (isUserError(e)) throw e;
    throw new Error(`预演未能完成 / the preview did not finish: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    try {
      await env?.teardown();
    } finally {
      // The runtime installed here holds the event loop (its log forwarding) and SIGINT/SIGTERM
      // until it shuts down, which it does by itself only once a worker or connection it made
      // has closed: a failure before any (the test server missing, not starting) left
      // `yz exam preview` hanging after its error. After a run it has shut down already.
      await runtime?.shutdown();
      await db?.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * What `registerForExam` writes for people of a v2 campaign, without the signal to their journeys
 * (none runs): each becomes registered (from invited), then the KPIs are recounted.
 */
async function registerWithoutJourneys(
  db: Db,
  campaignId: string,
  personIds: string[],
): Promise<{ registered: number }> {
  for (const personId of personIds) await markRegistered(db, { campaignId, personId });
  await refreshExamKpis(db, campaignId);
  return { registered: personIds.length };
}

type Parsed = ReturnType<typeof parseCampaignDefinition>;

const DAY_MS = 86_400_000;

async function runTimeline(p: {
  db: Db;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  definition: unknown;
  d: Parsed;
  registerShare: number;
  passShare: number;
  seed: number;
  say: (line: string) => void;
  journeys: boolean;
}): Promise<Omit<PreviewReport, 'total' | 'queued' | 'days' | 'byTemplate' | 'units'>> {
  const { db, env, d } = p;
  const ctx: ExamContext = {
    db,
    temporal: env.client,
    taskQueue: p.taskQueue,
    timeZone: d.timeZone,
    quietHours: d.reminders.quietHours,
    config: { timeZone: d.timeZone },
  };
  const virtualNow = async () => Number(await env.currentTimeMs());
  const sleepUntil = async (ms: number) => {
    const wait = ms - (await virtualNow());
    if (wait > 0) await env.sleep(wait);
  };
  const from = await virtualNow();
  const started = await startExamCampaign(
    { ...ctx, now: () => new Date(from) },
    p.definition,
    '预演 preview',
  );
  p.say(`launched / 已发起: cohort ${started.cohort}`);
  // Every journey has recorded its invitation before anyone registers. The virtual clock moves
  // on meanwhile: a launch in quiet hours (a preview run at night) invites at the morning's end
  // of them, which a wait on the wall clock would never reach.
  for (let minutes = 0; ; minutes += 5) {
    const f = await examFunnel(ctx, d.id);
    if (Object.values(f).reduce((a, b) => a + b, 0) >= started.cohort) break;
    if (minutes > 2 * 24 * 60)
      throw new Error(
        '预演的报考动员两天（虚拟时间）内未邀请全部人员 / the campaign did not invite its cohort within two (virtual) days',
      );
    await env.sleep(5 * 60_000);
  }
  p.say(`invited / 已邀请: ${started.cohort}`);

  // Synthetic registrations: a seeded share, each on a random day of the open window. Days, not
  // hours: a five-month window is some 150 steps of the virtual clock instead of 3,600, and the
  // preview reports by day.
  const random = seeded(p.seed);
  const people = (
    await db.examParticipant.findMany({
      where: { campaignId: d.id },
      select: { personId: true },
      orderBy: { personId: 'asc' },
    })
  ).map((x) => x.personId);
  const windowFrom = Math.max(d.registrationWindow.opens.getTime(), (await virtualNow()) + 60_000);
  const windowTo = d.registrationWindow.closes.getTime() - 60_000;
  const byDay = new Map<number, string[]>();
  for (const personId of people) {
    if (random() >= p.registerShare) continue;
    const at = windowFrom + random() * Math.max(0, windowTo - windowFrom);
    const day = Math.min(windowTo, Math.max(windowFrom, Math.floor(at / DAY_MS) * DAY_MS));
    byDay.set(day, [...(byDay.get(day) ?? []), personId]);
  }
  let registered = 0;
  const days = [...byDay.keys()].sort((a, b) => a - b);
  for (const [i, day] of days.entries()) {
    await sleepUntil(day);
    const personIds = byDay.get(day)!;
    const r = p.journeys
      ? await registerForExam(ctx, { campaignId: d.id, personIds, by: '预演 preview' })
      : await registerWithoutJourneys(db, d.id, personIds);
    registered += r.registered;
    if (i % 10 === 9) p.say(`registering / 报名中: day ${i + 1}/${days.length}, ${registered}`);
  }
  p.say(`registered / 已报名: ${registered}`);

  // Past the last exam day, results for everyone registered.
  const lastExam = Math.max(...Object.values(d.examDates).map((x) => x.getTime()));
  await sleepUntil(lastExam + DAY_MS);
  const sitting = await db.examParticipant.findMany({
    where: { campaignId: d.id, status: 'registered' },
    select: { personId: true, level: true },
    orderBy: { personId: 'asc' },
  });
  if (sitting.length) {
    const rows = sitting.flatMap((s) =>
      EXAM_RULES[s.level as ExamLevel].subjects.map((subject) => {
        const score =
          random() < p.passShare ? 60 + Math.floor(random() * 41) : Math.floor(random() * 60);
        return `${s.personId},${d.examYear},${subject},${score}`;
      }),
    );
    const resultsAt = await virtualNow(); // the simulated day, not the wall clock
    await importCampaignResults(
      { ...ctx, now: () => new Date(resultsAt) },
      {
        campaignId: d.id,
        bytes: new TextEncoder().encode(['人员编号,考试年度,科目,成绩', ...rows].join('\n')),
        name: 'preview-results.csv',
      },
    );
  }
  p.say(`results / 成绩: ${sitting.length} people`);

  // Until every journey has reached an end (a year at most), a day at a time.
  let funnel: Record<string, number> = {};
  for (let day = 0; day < 366; day++) {
    funnel = await examFunnel(ctx, d.id);
    if (!funnel.invited && !funnel.registered) break;
    await env.sleep('1 day');
  }
  await env.sleep('1 day'); // anything a finishing journey still schedules
  return {
    campaign: { id: d.id, name: d.name, examYear: d.examYear, timeZone: d.timeZone },
    seed: p.seed,
    registerShare: p.registerShare,
    passShare: p.passShare,
    cohort: started.cohort,
    registered,
    from: new Date(from).toISOString(),
    to: new Date(await virtualNow()).toISOString(),
    funnel: await examFunnel(ctx, d.id),
    journeys: p.journeys,
    ran: p.journeys
      ? "运行了报考动员工作流及每人的报考流程 / ran the campaign workflow and every person's journey workflow"
      : '运行了报考动员工作流及其全部通知波次；未逐人运行报考流程（个人流程不发通知，通知数相同；--journeys 可逐人运行）/ ran the campaign workflow and all its notice waves; the journeys were not run one by one (they send no notices: the same figures; --journeys runs them)',
  };
}

/** The counted mail by local day, template and unit, checked against the outbox. */
async function tally(
  db: Db,
  counted: CountedMail[],
  base: Awaited<ReturnType<typeof runTimeline>>,
): Promise<PreviewReport> {
  const notices = await db.notice.findMany({
    select: { key: true, template: true, status: true, personId: true },
  });
  const queued: Record<string, number> = {};
  for (const n of notices) sum(queued, n.status);
  const byKey = new Map(notices.map((n) => [n.key, n]));
  const people = await db.person.findMany({
    where: { id: { in: [...new Set(notices.map((n) => n.personId))] } },
    select: { id: true, unitId: true, unit: { select: { name: true } } },
  });
  const personUnit = new Map(people.map((p) => [p.id, p]));
  const days = new Map<string, PreviewDay>();
  const byTemplate: Record<string, number> = {};
  const units = new Map<string, PreviewReport['units'][number]>();
  for (const m of [...counted].sort((a, b) => a.at - b.at)) {
    const n = byKey.get(m.key);
    const template = n?.template ?? 'unknown';
    const p = n ? personUnit.get(n.personId) : undefined;
    const unitId = p?.unitId ?? 'unknown';
    const date = formatLocal(new Date(m.at), base.campaign.timeZone).slice(0, 10);
    let day = days.get(date);
    if (!day) days.set(date, (day = { date, total: 0, byTemplate: {}, byUnit: {} }));
    day.total++;
    sum(day.byTemplate, template);
    sum(day.byUnit, unitId);
    sum(byTemplate, template);
    let u = units.get(unitId);
    if (!u)
      units.set(unitId, (u = { id: unitId, name: p?.unit.name ?? '', total: 0, byTemplate: {} }));
    u.total++;
    sum(u.byTemplate, template);
  }
  return {
    ...base,
    total: counted.length,
    queued,
    days: [...days.values()],
    byTemplate,
    units: [...units.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}
