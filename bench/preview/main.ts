/**
 * Benchmark: `yz exam preview` of a whole district's campaign — Pudong's 8,055 people by
 * default — over its whole timeline (launch, a registration window of five months with its
 * reminders, the exam days, results) on the time-skipping test server, as the command runs it
 * (previewCampaign, bundling the workflows from source). Measured: the seconds until the
 * preview's figures are ready (target ≤ 60 s), the CPU seconds of this process (driver, worker,
 * SQLite) and of the Java test server, peak RSS and the load average at the start and the end.
 *
 *   npm run bench -- preview [--people N] [--keep] [--journeys]   (--journeys: every journey runs too)
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../store/db';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { previewCampaign } from '../../client/operations/exam/preview';
import { benchCleanups, cpuSeconds, descendants, procStatus, rssMonitor } from '../measure';

const TARGET_SECONDS = 60;
const DAY = 86_400_000;
const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '8055' },
    keep: { type: 'boolean', default: false },
    journeys: { type: 'boolean', default: false },
  },
  strict: true,
});
const people = Number(args.people);
if (!Number.isInteger(people) || people < 1) {
  console.error(`[bench] --people must be a whole number >= 1, got ${args.people}`);
  process.exit(2);
}
const t0 = Date.now();
const log = (m: string) =>
  console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const { cleanups, cleanUp, run } = benchCleanups(log);

/** examples/exam-campaign.json's campaign, its window opening today and closing in five months. */
function definition() {
  const now = Date.now();
  const exam = new Date(now + 200 * DAY).toISOString();
  return {
    id: 'pudong-preview',
    name: '社会工作者职业资格考试报考动员（预演）',
    examYear: new Date(now + 200 * DAY).getUTCFullYear(),
    levels: ['assistant_social_worker'],
    registrationWindow: {
      opens: new Date(now - DAY).toISOString(),
      closes: new Date(now + 150 * DAY).toISOString(),
    },
    examDates: { comprehensive_junior: exam, practice_junior: exam },
    cohort: { unitIds: ['pudong'] },
  };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-preview-'));
  if (args.keep) log(`keeping ${dir}`);
  else cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `file:${join(dir, 'registry.db')}`;
  await deployMigrations(url);
  const db = await openDb(url);
  cleanups.push(() => db.$disconnect());
  await loadDistrict(db, buildDistrict({ streets: 36, unitsPerStreet: 10, people }, 'pudong'));
  log(`registry ready: ${people} people`);

  // CPU seconds: this process (driver, worker, SQLite) and its children (the Java test server,
  // which ends with the preview: sampled while it runs).
  const children = new Map<number, number>();
  const sampleChildren = () => {
    for (const pid of descendants(process.pid)) {
      const s = cpuSeconds(pid);
      if (Number.isFinite(s)) children.set(pid, Math.max(children.get(pid) ?? 0, s));
    }
  };
  const childCpu = () => [...children.values()].reduce((a, b) => a + b, 0);
  const sampler = setInterval(sampleChildren, 500);
  const c0 = process.cpuUsage();
  const ownCpu = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const rss = rssMonitor(process.pid);
  const loadAtStart = loadavg()[0]!;
  const s0 = Date.now();
  const report = await previewCampaign(db, definition(), {
    journeys: args.journeys,
    progress: (line) => {
      sampleChildren();
      log(`  ${line} (cpu ${ownCpu().toFixed(1)} s here, ${childCpu().toFixed(1)} s server)`);
    },
  });
  const seconds = (Date.now() - s0) / 1000;
  clearInterval(sampler);
  rss.stop();
  const peakHereMb = procStatus(process.pid).VmHWM ?? NaN;
  const [load1] = loadavg();
  log(
    `preview: ${report.total} notices over ${report.days.length} days in ${seconds.toFixed(1)} s`,
  );
  const figures = {
    bench: 'preview',
    people,
    journeys: args.journeys,
    cohort: report.cohort,
    registered: report.registered,
    notices: report.total,
    days_with_notices: report.days.length,
    virtual_span: { from: report.from, to: report.to },
    seconds: Math.round(seconds * 10) / 10,
    cpu_seconds: {
      here: Math.round(ownCpu() * 10) / 10,
      server: Math.round(childCpu() * 10) / 10,
    },
    peak_rss_mb: { here: Math.round(peakHereMb), with_server: Math.round(rss.peak()) },
    load_average: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(load1! * 10) / 10 },
    target_seconds: TARGET_SECONDS,
    met: seconds <= TARGET_SECONDS,
  };
  await cleanUp();
  process.stdout.write(JSON.stringify(figures) + '\n');
  return figures.met ? 0 : 1;
}

run(main);
