/**
 * Accounts on the command line, the real `yz` against a migrated database (these commands need
 * no Temporal): the first admin without a token, users and tokens, a viewer refused a write, a
 * disabled user's token refused, `yz login` saving a private token, and the audit trail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../harness/db';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { actorOption } from '../../client/cli/common';
import { stampBy } from '../../client/cli/identity';

vi.setConfig({ testTimeout: 60_000 });
let tdb: TestDb;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 6 }));
  dir = mkdtempSync(join(tmpdir(), 'yz-accounts-'));
});
afterAll(async () => {
  await tdb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function yz(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['client/bin/yz.js', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: tdb.url,
          YZ_DATA_DIR: dir,
          TEMPORAL_ADDRESS: '127.0.0.1:1',
          ...env,
        },
        timeout: 60_000,
      },
      (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}
const json = (run: Run) => {
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

describe('yz accounts', () => {
  let viewerToken: string;

  it('acts as the first admin when no token is given', async () => {
    expect(json(await yz(['--json', 'whoami']))).toMatchObject({
      username: 'admin',
      role: 'admin',
    });
  });

  it('adds a user, makes a token for it, and refuses the viewer a write', async () => {
    const added = json(await yz(['--json', 'user', 'add', 'zhou', '--role', 'viewer']));
    expect(added).toMatchObject({ username: 'zhou', role: 'viewer', disabled: false });
    const made = json(await yz(['--json', 'token', 'create', 'laptop', '--user', 'zhou']));
    viewerToken = made.token as string;
    expect(viewerToken).toMatch(/^yzt_/);
    const env = { YZ_TOKEN: viewerToken };
    expect(json(await yz(['--json', 'whoami'], env))).toMatchObject({ username: 'zhou' });
    const refused = await yz(
      ['announce', 'send', '--id', 'v1', '--unit', 'pudong', '--title', 't', '--body', 'b'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('a viewer account is read-only: yz announce send');
    expect(await tdb.db.announcement.count()).toBe(0);
    // Reads answer a viewer, with Temporal unreachable: they never need it.
    for (const read of [
      ['org', 'list'],
      ['vocab', 'list'],
      ['person', 'list', '--name', '王'],
    ]) {
      const r = await yz(read, env);
      expect(r.stderr, read.join(' ')).toBe('');
      expect(r.code).toBe(0);
    }
    expect((await yz(['org', 'list'], env)).stdout).toContain('浦东新区');
    const notAdmin = await yz(['user', 'list'], env);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('admins only');
  });

  it('refuses a disabled user’s token', async () => {
    json(await yz(['--json', 'user', 'disable', 'zhou']));
    const refused = await yz(['whoami'], { YZ_TOKEN: viewerToken });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('revoked or its account disabled');
  });

  it('signs in with a password from stdin and keeps the token private', async () => {
    json(
      await yz(
        ['--json', 'user', 'add', 'qian', '--role', 'district', '--password-stdin'],
        {},
        'qian-password-1\n',
      ),
    );
    const wrong = await yz(['login', 'qian', '--password-stdin'], {}, 'nope\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('wrong username or password');
    const ok = await yz(['--json', 'login', 'qian', '--password-stdin'], {}, 'qian-password-1\n');
    const file = json(ok).file as string;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(json(await yz(['--json', 'whoami']))).toMatchObject({ username: 'qian' });
    json(await yz(['--json', 'logout']));
    expect(json(await yz(['--json', 'whoami']))).toMatchObject({ username: 'admin' });
  });

  it('keeps every account change in the audit trail, newest first', async () => {
    const rows = JSON.parse((await yz(['--json', 'audit', 'list'])).stdout) as {
      actor: string;
      action: string;
    }[];
    expect(rows.map((r) => `${r.actor} ${r.action}`)).toEqual([
      'qian token.revoke',
      'qian yz login',
      'admin user.add',
      'admin user.disable',
      'zhou export yz person list', // names handed out: audited though a read
      'admin token.create',
      'admin user.add',
    ]);
    const out = join(dir, 'audit.csv');
    expect((await yz(['audit', 'list', '--out', out])).code).toBe(0);
  });
});

describe('--by', () => {
  it('takes the signed-in account’s username whatever was typed', () => {
    const cmd = new Command('cancel').addOption(actorOption());
    cmd.parse(['--by', '张科长'], { from: 'user' });
    stampBy(cmd, 'course cancel', {
      userId: 'u',
      username: 'wang',
      displayName: '王',
      role: 'district',
      unitIds: [],
    });
    expect(cmd.opts().by).toBe('wang');
    const grouping = new Command('progress').option('--by <x>');
    grouping.parse(['--by', 'agency'], { from: 'user' });
    stampBy(grouping, 'cohort progress', {
      userId: 'u',
      username: 'wang',
      displayName: '王',
      role: 'district',
      unitIds: [],
    });
    expect(grouping.opts().by).toBe('agency');
  });
});

describe('yz backup, yz restore and yz person erase (admin only, audited once)', () => {
  it('refuses them to a coordinator, and records each for the admin', async () => {
    json(await yz(['--json', 'user', 'add', 'li', '--role', 'district']));
    const made = json(await yz(['--json', 'token', 'create', 'desk', '--user', 'li']));
    const coordinator = { YZ_TOKEN: made.token as string };
    const file = join(dir, 'cli-backup.db');
    const person = (await tdb.db.person.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
    for (const args of [
      ['backup', file],
      ['restore', file, '--force'],
      ['person', 'erase', person],
    ]) {
      const refused = await yz(args, coordinator);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain(
        `admins only: yz ${args[0] === 'person' ? 'person erase' : args[0]}`,
      );
    }
    const audited = () => tdb.db.auditEvent.count();
    const before = await audited();

    const backup = json(await yz(['--json', 'backup', file]));
    expect(backup).toMatchObject({ file, provider: 'sqlite', contents: { people: 6 } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const erased = json(await yz(['--json', 'person', 'erase', person, '--by', '张科长']));
    expect(erased).toMatchObject({ personId: person, erasedBy: 'admin' });
    const refused = await yz(['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/in use \(6 people.*add --force/);
    const restored = await yz(['restore', file, '--force']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`已恢复 / restored ${file}`);
    expect(restored.stdout).toContain('replaced: 人员 6 people');
    // The person is back as the backup held them; the restore is recorded in the restored
    // database, by the account (the erasure's row went with the database it was in).
    expect((await tdb.db.person.findUniqueOrThrow({ where: { id: person } })).name).not.toMatch(
      /erased/,
    );
    const rows = await tdb.db.auditEvent.findMany({
      where: { id: { gt: 0 } },
      orderBy: { id: 'asc' },
    });
    expect(rows.slice(before).map((r) => `${r.actor} ${r.action}`)).toEqual([
      'admin database.restore',
    ]);

    // Erasing again after the restore: exactly one audit row, naming the person and no data.
    const n = await audited();
    json(await yz(['--json', 'person', 'erase', person]));
    const after = await tdb.db.auditEvent.findMany({
      where: { id: { gt: 0 } },
      orderBy: { id: 'asc' },
    });
    expect(
      after.slice(n).map((r) => [r.actor, r.action, JSON.parse(r.targets) as string[]]),
    ).toEqual([['admin', 'person.erase', [person]]]);
  });
});
