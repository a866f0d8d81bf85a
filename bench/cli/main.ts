/**
 * Benchmark: how fast `yz` answers. Builds the CLI ahead of time (scripts/build-cli.js) when it
 * is out of date, then times fresh processes of `yz --help`, `yz workflows --help` and
 * `yz mail list` against an empty sink folder, each several times. The target (0.5 s) holds the
 * median of `--help` and of the simple query (`mail list`).
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- cli [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCli, currentBuild } from '../../scripts/build-cli.js';

const TARGET_SECONDS = 0.5;
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' } },
  strict: true,
});
const runs = Number(args.runs);

if (!currentBuild()) {
  process.stderr.write('[bench] building the CLI…\n');
  await buildCli();
}
const mailDir = mkdtempSync(join(tmpdir(), 'yz-bench-cli-'));
// A bare Node start for scale (a loaded machine slows every process alike); `workflows --help`
// loads the Temporal client with its group, so it is shown but not held to the target.
const commands: Record<string, string[]> = {
  node_baseline: ['-e', '0'],
  help: ['--help'],
  workflows_help: ['workflows', '--help'],
  mail_list: ['mail', 'list'],
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const figures: Record<string, number> = {};
try {
  for (const [name, argv] of Object.entries(commands)) {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const script = name === 'node_baseline' ? [] : ['client/bin/yz.js'];
      const run = spawnSync(process.execPath, [...script, ...argv], {
        env: { ...process.env, YZ_MAIL_DIR: mailDir },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`yz ${argv.join(' ')} failed: ${run.stderr}`);
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    figures[`${name}_median_s`] = Number(median(seconds).toFixed(3));
    process.stderr.write(
      `[bench] ${name === 'node_baseline' ? 'node' : 'yz'} ${argv.join(' ')}: ${seconds.map((s) => s.toFixed(2)).join(' ')} s\n`,
    );
  }
} finally {
  rmSync(mailDir, { recursive: true, force: true });
}
const worst = Math.max(figures.help_median_s ?? NaN, figures.mail_list_median_s ?? NaN);
console.log(
  JSON.stringify({
    runs,
    ...figures,
    start_median_s: worst,
    target_s: TARGET_SECONDS,
    met: worst <= TARGET_SECONDS,
  }),
);
