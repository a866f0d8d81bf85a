/**
 * Benchmark: the talent registry on the embedded default (SQLite).
 *
 *  1. A 10,000-row XLSX roster as an office writes it (Chinese headers and values), imported
 *     into a fresh database: dry run, then commit; then the same file again (all unchanged).
 *  2. The district census and certification rate over 100,000 people (loaded with createMany).
 *  3. A district from nothing: 601 organisations and 10,000 people from one 14-column roster
 *     (`registry import --create-units`), bench/registry/district.ts.
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- registry [--rows N] [--people N] [--keep]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../../store/db';
import { idCardCheckChar } from '../../store/registry/idCard';
import { writeTable, type TableValue } from '../../store/registry/table';
import { CERT_LEVEL_ZH, ROLE_ZH, SPECIALTY_ZH } from '../../store/registry/vocabulary';
import { FIELD_ZH, type Field } from '../../store/registry/roster/headers';
import { benchDistrictFromNothing, DISTRICT_TARGET_SECONDS } from './district';
import {
  censusReport,
  certificationRate,
  importRoster,
} from '../../client/operations/registry/registry';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict, type District } from '../../scripts/demo/district';
import { buildRegistryFacts, demoPhone, loadRegistryFacts } from '../../scripts/demo/registry';

const TARGETS = {
  commit_seconds: 10,
  report_ms: 1000,
  district_commit_seconds: DISTRICT_TARGET_SECONDS,
} as const;
const SHAPE = { streets: 12, unitsPerStreet: 10 };

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    people: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const rows = Number(args.rows);
const people = Number(args.people);

const log = (msg: string) => process.stderr.write(`[bench registry] ${msg}\n`);
const seconds = (t0: number) => Number(((performance.now() - t0) / 1000).toFixed(2));

async function freshDb(dir: string, name: string): Promise<Db> {
  const url = `file:${join(dir, name)}`;
  await deployMigrations(url);
  return openDb(url);
}

/** A valid ID-card number for person number n (Pudong region code, a birth date, a sequence). */
function idCardFor(n: number): string {
  const born = `19${60 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `310115${born}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/** The roster an office would send: every district person, in Chinese. */
function rosterTable(district: District) {
  const facts = buildRegistryFacts(district);
  const unitName = new Map(district.organisations.map((o) => [o.id, o.name]));
  const top = new Map<string, (typeof facts.certificates)[number]>();
  for (const c of facts.certificates) top.set(c.personId, c); // the last is the highest
  const specialties = new Map<string, string[]>();
  for (const s of facts.specialties) {
    specialties.set(s.personId, [
      ...(specialties.get(s.personId) ?? []),
      SPECIALTY_ZH[s.specialty as keyof typeof SPECIALTY_ZH],
    ]);
  }
  // The columns in the order of the values below.
  const fields: Field[] = [
    'person_id',
    'name',
    'phone',
    'email',
    'unit',
    'role',
    'certificate_level',
    'certificate_date',
    'certificate_number',
    'specialties',
    'id_card',
  ];
  const body: TableValue[][] = district.people.map((p, i) => {
    const n = i + 1;
    const cert = top.get(p.id);
    return [
      n % 3 === 0 ? p.id : null, // a third carry the person id; the rest match on ID card or phone
      p.name,
      demoPhone(n),
      n % 4 === 0 ? `${p.id}@demo.yanzhen.local` : null,
      unitName.get(p.unitId)!,
      ROLE_ZH[p.role as keyof typeof ROLE_ZH],
      cert ? CERT_LEVEL_ZH[cert.level as keyof typeof CERT_LEVEL_ZH] : null,
      cert?.obtainedOn ?? null,
      cert?.number ?? null,
      specialties.get(p.id)?.join('、') ?? null,
      n % 2 === 0 ? idCardFor(n) : null,
    ];
  });
  return { title: '社工人才登记表', headers: fields.map((f) => FIELD_ZH[f]), rows: body };
}

const dir = mkdtempSync(join(tmpdir(), 'yz-bench-registry-'));
try {
  // 1. Roster import.
  const small = buildDistrict({ ...SHAPE, people: rows });
  const file = join(dir, 'roster.xlsx');
  let t0 = performance.now();
  writeFileSync(file, await writeTable(rosterTable(small), 'xlsx'));
  log(`wrote a ${rows}-row roster in ${seconds(t0)} s`);
  const db = await freshDb(dir, 'import.db');
  await loadDistrict(db, { ...small, people: [], contacts: [] });
  const ctx = { db, config: { timeZone: 'Asia/Shanghai' } };
  t0 = performance.now();
  const dry = await importRoster(ctx, { file, recordedBy: 'bench' });
  const dryRunSeconds = seconds(t0);
  log(`dry run ${dryRunSeconds} s: ${JSON.stringify(dry.counts)}, ${dry.problems.length} problems`);
  t0 = performance.now();
  const commit = await importRoster(ctx, { file, recordedBy: 'bench', commit: true });
  const commitSeconds = seconds(t0);
  log(`commit ${commitSeconds} s: ${JSON.stringify(commit.counts)}`);
  t0 = performance.now();
  const again = await importRoster(ctx, { file, recordedBy: 'bench' });
  log(`re-import dry run ${seconds(t0)} s: ${JSON.stringify(again.counts)}`);
  await db.$disconnect();
  const importOk =
    dry.problems.length === 0 &&
    commit.committed &&
    commit.counts.create === rows &&
    again.counts.unchanged === rows;

  // 2. Reports over a large district.
  const large = buildDistrict({ ...SHAPE, people });
  const rdb = await freshDb(dir, 'report.db');
  t0 = performance.now();
  await loadDistrict(rdb, large);
  await loadRegistryFacts(rdb, buildRegistryFacts(large));
  log(`loaded ${people} people with certificates, specialties, training in ${seconds(t0)} s`);
  const rctx = { db: rdb };
  await censusReport(rctx, { unitId: 'pudong', hoursThreshold: 120 }); // warm the page cache
  t0 = performance.now();
  const census = await censusReport(rctx, { unitId: 'pudong', hoursThreshold: 120 });
  const reportMs = Math.round(performance.now() - t0);
  t0 = performance.now();
  const rate = await certificationRate(rctx, {
    unitId: 'pudong',
    since: '2020-01-01',
    target: { change: 5 },
  });
  const rateMs = Math.round(performance.now() - t0);
  log(
    `census ${reportMs} ms (people ${census.total.people}, certified ${census.total.certified}, ≥120 h ${census.total.trained}); rate ${rateMs} ms: ${rate.unit.verdict.summary}`,
  );
  await rdb.$disconnect();

  // 3. A district from nothing.
  const ddb = await freshDb(dir, 'district.db');
  const district = await benchDistrictFromNothing(ddb, dir, rows, log);
  await ddb.$disconnect();

  const met =
    importOk &&
    district.district_ok &&
    district.district_commit_seconds <= TARGETS.district_commit_seconds &&
    commitSeconds <= TARGETS.commit_seconds &&
    reportMs <= TARGETS.report_ms &&
    rateMs <= TARGETS.report_ms;
  console.log(
    JSON.stringify({
      bench: 'registry',
      rows,
      dry_run_seconds: dryRunSeconds,
      commit_seconds: commitSeconds,
      reimport_unchanged: again.counts.unchanged,
      report_people: census.total.people,
      report_ms: reportMs,
      rate_ms: rateMs,
      ...district,
      targets: TARGETS,
      met,
    }),
  );
} finally {
  if (args.keep) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
