/**
 * `yz` starts from the build in dist/cli/ (scripts/build-cli.js): the built program answers
 * `--help` from the group table and runs a query, and the build counts as stale once a source it
 * was made from is newer (client/bin/yz.js then falls back to tsx).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCli, currentBuild, OUT } from '../../scripts/build-cli.js';
import { GROUPS } from '../../client/cli/main';

let entry: string;
let mailDir: string;
beforeAll(async () => {
  entry = currentBuild() ?? (await buildCli());
  mailDir = mkdtempSync(join(tmpdir(), 'yz-start-'));
}, 120_000);
afterAll(() => rmSync(mailDir, { recursive: true, force: true }));

/** Runs the built program itself (not through yz.js, which could fall back to tsx). */
const built = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.exitCode = await main(['node', 'yz', ...${JSON.stringify(args)}]);`;
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, YZ_MAIL_DIR: mailDir } },
      (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
    );
  });

it('answers --help with every group, from the build', async () => {
  expect(entry).toBe(join(OUT, 'main.js'));
  const help = await built('--help');
  expect(help.code).toBe(0);
  for (const g of GROUPS) expect(help.stdout).toContain(`${g.name} `);
  expect(help.stdout).toContain('人员查询 / people');
});

it('runs a query and a group’s help from the build', async () => {
  const mail = await built('--json', 'mail', 'list');
  expect(mail).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(mail.stdout)).toEqual([]);
  const person = await built('person', 'list', '--help');
  expect(person.stdout).toContain('--level <level>');
});

it('lists each group in the root help with the description its module gives it', async () => {
  for (const g of GROUPS) expect((await g.load()).description()).toBe(g.description);
});

it('is stale once a source it was built from is newer', () => {
  const inputs = JSON.parse(readFileSync(join(OUT, 'inputs.json'), 'utf8')) as string[];
  expect(inputs).toEqual(expect.arrayContaining(['client/cli/main.ts', 'client/cli/people.ts']));
  const stamp = join(OUT, 'inputs.json');
  const { atime, mtime } = statSync(stamp);
  try {
    utimesSync(stamp, atime, new Date(0));
    expect(currentBuild()).toBeNull();
  } finally {
    utimesSync(stamp, atime, mtime);
  }
  expect(currentBuild()).toBe(entry);
});
