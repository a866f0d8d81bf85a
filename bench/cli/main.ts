/**
 * Benchmark: how fast `yz` answers. Builds the CLI ahead of time (scripts/build-cli.js) when it
 * is out of date, then times fresh processes, each several times:
 *  - `yz --help`, and a group's help (`org --help`, `person --help`);
 *  - simple queries against a district's database (SQLite, the embedded default: 601 units and
 *    10,000 people from the demo district): `org list`, `vocab list`, `person list --name 王`,
 *    run as a signed-in viewer (YZ_TOKEN), so the account check is timed too;
 *  - `mail list`, which opens no database.
 * The queries run with Temporal unreachable (TEMPORAL_ADDRESS on a closed port): they never need
 * it, so they neither wait for it nor load its client.
 * The target (0.5 s) holds the median of `--help` and of each simple query.
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- cli [--runs N] [--keep]   (--keep: leave the database and print its folder)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCli, currentBuild } from '../../scripts/build-cli.js';
import { deployMigrations } from '../../prisma/migrator';
import { openDb } from '../../store/db';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createUser } from '../../store/auth/users';
import { createToken } from '../../store/auth/tokens';

const TARGET_SECONDS = 0.5;
const DISTRICT = { streets: 12, unitsPerStreet: 50, people: 10_000 };
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, keep: { type: 'boolean', default: false } },
  strict: true,
});
const runs = Number(args.runs);
const log = (msg: string) => process.stderr.write(`[bench cli] ${msg}\n`);

if (!currentBuild()) {
  log('building the CLI…');
  await buildCli();
}
const dataDir = mkdtempSync(join(tmpdir(), 'yz-bench-cli-'));
const databaseUrl = `file:${join(dataDir, 'yanzhen.db')}`;
await deployMigrations(databaseUrl);
const db = await openDb(databaseUrl);
let token: string;
try {
  const district = buildDistrict(DISTRICT);
  await loadDistrict(db, district);
  const viewer = await createUser(db, { username: 'bench-viewer', role: 'viewer' });
  ({ token } = await createToken(db, viewer.userId, 'bench'));
  log(`district: ${district.organisations.length} units, ${district.people.length} people`);
} finally {
  await db.$disconnect();
}

// A bare Node start for scale (a loaded machine slows every process alike).
const commands: Record<string, { argv: string[]; target?: true }> = {
  node_baseline: { argv: ['-e', '0'] },
  help: { argv: ['--help'], target: true },
  org_help: { argv: ['org', '--help'] },
  person_help: { argv: ['person', '--help'] },
  org_list: { argv: ['org', 'list'], target: true },
  vocab_list: { argv: ['vocab', 'list'], target: true },
  person_list: { argv: ['person', 'list', '--name', '王'], target: true },
  mail_list: { argv: ['mail', 'list'] },
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const env = {
  ...process.env,
  YZ_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  YZ_MAIL_DIR: join(dataDir, 'mail'),
  YZ_TOKEN: token,
  TEMPORAL_ADDRESS: '127.0.0.1:9', // discard: nothing answers there
};
const figures: Record<string, number> = {};
try {
  for (const [name, { argv }] of Object.entries(commands)) {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const script = name === 'node_baseline' ? [] : ['client/bin/yz.js'];
      const run = spawnSync(process.execPath, [...script, ...argv], { env, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`yz ${argv.join(' ')} failed: ${run.stderr}`);
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    figures[`${name}_median_s`] = Number(median(seconds).toFixed(3));
    log(
      `${name === 'node_baseline' ? 'node' : 'yz'} ${argv.join(' ')}: ${seconds.map((s) => s.toFixed(2)).join(' ')} s`,
    );
  }
} finally {
  if (args.keep) log(`kept: YZ_DATA_DIR=${dataDir} YZ_TOKEN=${token}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
const worst = Math.max(
  ...Object.entries(commands)
    .filter(([, c]) => c.target)
    .map(([name]) => figures[`${name}_median_s`] ?? NaN),
);
console.log(
  JSON.stringify({
    runs,
    people: DISTRICT.people,
    ...figures,
    worst_median_s: worst,
    target_s: TARGET_SECONDS,
    met: worst <= TARGET_SECONDS,
  }),
);
