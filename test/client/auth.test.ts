/**
 * Accounts over HTTP against the real server, database and Temporal connection: sign-in, the
 * session cookie and CSRF, personal tokens, API_TOKEN as the first admin, roles, and each refusal
 * (wrong password and its rate limit, expired session, missing CSRF, a viewer writing, a disabled
 * user's token) answering clearly with nothing written.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';
import { createUser } from '../../store/auth/users';
import { createToken } from '../../store/auth/tokens';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

const TOKEN = 'test-token-auth-51c';
const admin = { authorization: `Bearer ${TOKEN}` };
let tdb: TestDb;
let ctx: YzContext;
let app: FastifyInstance;
let dataDir: string;

beforeAll(async () => {
  tdb = await createTestDb();
  dataDir = mkdtempSync(join(tmpdir(), 'yz-auth-data-'));
  await loadDistrict(tdb.db, buildDistrict({ streets: 2, unitsPerStreet: 2, people: 20 }));
  ctx = await openContext(
    loadConfig({
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: tdb.url,
      YZ_DATA_DIR: dataDir,
      API_TOKEN: TOKEN,
      YZ_LOG_LEVEL: 'silent',
      YZ_LOGIN_ATTEMPTS: '3',
    }),
  );
  app = await buildApi(ctx);
  await createUser(tdb.db, {
    username: 'wang',
    displayName: '王协调员',
    role: 'district',
    password: 'correct horse battery',
  });
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  await tdb?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Headers = Record<string, string>;
const req = (method: 'GET' | 'POST', url: string, headers: Headers = {}, payload?: object) =>
  app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function login(username: string, password: string) {
  const res = await req('POST', '/auth/login', {}, { username, password });
  const cookie = res.cookies.find((c) => c.name === 'yz_session');
  const headers: Headers = cookie ? { cookie: `yz_session=${cookie.value}` } : {};
  return { res, cookie, headers };
}

const audit = () => tdb.db.auditEvent.findMany({ orderBy: { id: 'asc' } });

describe('sign-in and the session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie and answers the user and a CSRF token', async () => {
    const { res, cookie, headers } = await login('wang', 'correct horse battery');
    expect(res.statusCode).toBe(200);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const body = res.json();
    expect(body).toMatchObject({
      user: { username: 'wang', displayName: '王协调员', role: 'district', unitIds: [] },
    });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);

    const me = await req('GET', '/auth/me', headers);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
    // Only the digest of the cookie is stored.
    const rows = await tdb.db.userSession.findMany();
    expect(rows.some((r) => r.id === cookie!.value)).toBe(false);

    expect((await req('POST', '/auth/logout', headers)).statusCode).toBe(200);
    expect((await req('GET', '/auth/me', headers)).statusCode).toBe(401);
  });

  it('refuses a wrong password with 401, then rate-limits that username from that address', async () => {
    for (let i = 0; i < 3; i++) {
      const { res, cookie } = await login('wang', 'wrong password!');
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(/wrong username or password/);
      expect(cookie).toBeUndefined();
    }
    const limited = await login('wang', 'correct horse battery');
    expect(limited.res.statusCode).toBe(429);
    expect(Number(limited.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookie).toBeUndefined();
    // An unknown name answers like a wrong password (no hint that the account exists).
    expect((await login('nobody', 'whatever12345')).res.json().error).toMatch(/wrong username/);
  });

  it('refuses an expired session with 401', async () => {
    await createUser(tdb.db, { username: 'li', role: 'district', password: 'li-password-1' });
    const { headers } = await login('li', 'li-password-1');
    await tdb.db.userSession.updateMany({
      where: { user: { username: 'li' } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await req('GET', '/users', headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatch(/session expired/);
  });

  it('refuses a write by cookie without the CSRF header (403), writing nothing', async () => {
    await createUser(tdb.db, { username: 'root2', role: 'admin', password: 'root2-password' });
    const { res, headers } = await login('root2', 'root2-password');
    const before = (await audit()).length;
    const payload = { username: 'csrf-victim', role: 'viewer' };
    const refused = await req('POST', '/users', headers, payload);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatch(/x-csrf-token/);
    const wrong = await req('POST', '/users', { ...headers, 'x-csrf-token': 'nope' }, payload);
    expect(wrong.statusCode).toBe(403);
    expect(await tdb.db.user.findUnique({ where: { username: 'csrf-victim' } })).toBeNull();
    expect((await audit()).length).toBe(before);

    const ok = await req(
      'POST',
      '/users',
      { ...headers, 'x-csrf-token': res.json().csrfToken },
      payload,
    );
    expect(ok.statusCode).toBe(201);
    const last = (await audit()).at(-1)!;
    expect(last).toMatchObject({ actor: 'root2', action: 'user.add', ip: '127.0.0.1' });
  });
});

describe('tokens and roles', () => {
  it('lets API_TOKEN act as the first admin, recorded by its username', async () => {
    const me = await req('GET', '/auth/me', admin);
    expect(me.json()).toEqual({
      user: expect.objectContaining({ username: 'admin', role: 'admin' }),
      csrfToken: null,
    });
    const made = await req('POST', '/tokens', admin, { name: 'nightly script' });
    expect(made.statusCode).toBe(201);
    expect(made.json().token).toMatch(/^yzt_[\w-]{40,}$/);
    const stored = await tdb.db.apiToken.findFirst({ where: { name: 'nightly script' } });
    expect(stored!.tokenHash).not.toContain(made.json().token);
    expect((await audit()).at(-1)).toMatchObject({ actor: 'admin', action: 'token.create' });
  });

  it('refuses a viewer every write with 403, writing nothing', async () => {
    const viewer = await createUser(tdb.db, { username: 'viewer1', role: 'viewer' });
    const { token } = await createToken(tdb.db, viewer.userId, 'cli');
    const auth = { authorization: `Bearer ${token}` };
    expect((await req('GET', '/auth/me', auth)).json().user.role).toBe('viewer');
    expect((await req('GET', '/people', auth)).statusCode).toBe(200);
    // Reading people is an export of personal data: one audit row.
    expect((await audit()).at(-1)).toMatchObject({ actor: 'viewer1', action: 'export /people' });
    const before = (await audit()).length;
    const res = await req('POST', '/announcements', auth, {
      id: 'viewer-try',
      title: '不应发送',
      body: '…',
      audience: { unitIds: ['pudong'] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/read-only/);
    expect(await tdb.db.announcement.findUnique({ where: { id: 'viewer-try' } })).toBeNull();
    expect((await audit()).length).toBe(before);
  });

  it('refuses a disabled user’s token and a revoked token with 401', async () => {
    const zhao = await createUser(tdb.db, { username: 'zhao', role: 'district' });
    const a = await createToken(tdb.db, zhao.userId, 'a');
    const b = await createToken(tdb.db, zhao.userId, 'b');
    const authA = { authorization: `Bearer ${a.token}` };
    const authB = { authorization: `Bearer ${b.token}` };
    expect((await req('GET', '/auth/me', authA)).statusCode).toBe(200);

    const revoked = await req('POST', `/tokens/${b.view.id}/revoke`, authB);
    expect(revoked.statusCode).toBe(200);
    expect((await req('GET', '/tokens', authB)).statusCode).toBe(401);

    expect((await req('POST', '/users/zhao/disable', admin)).statusCode).toBe(200);
    const refused = await req('GET', '/people', authA);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatch(/not signed in/);
    const row = (await audit()).at(-1)!;
    expect(row).toMatchObject({ actor: 'admin', action: 'user.disable' });
    expect(JSON.parse(row.before!)).toMatchObject({ disabled: false });
    expect(JSON.parse(row.after!)).toMatchObject({ disabled: true });
  });

  it('keeps users and the audit trail to admins', async () => {
    const district = await createUser(tdb.db, { username: 'district2', role: 'district' });
    const { token } = await createToken(tdb.db, district.userId, 'cli');
    const auth = { authorization: `Bearer ${token}` };
    expect((await req('GET', '/users', auth)).statusCode).toBe(403);
    expect((await req('GET', '/audit', auth)).statusCode).toBe(403);
    expect(
      (await req('POST', '/users', auth, { username: 'sneaky', role: 'admin' })).statusCode,
    ).toBe(403);
    expect(await tdb.db.user.findUnique({ where: { username: 'sneaky' } })).toBeNull();
  });

  it('keeps erasing a person to admins, with one audit row and no personal data in it', async () => {
    const district = await createUser(tdb.db, { username: 'district3', role: 'district' });
    const { token } = await createToken(tdb.db, district.userId, 'cli');
    const person = await tdb.db.person.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const url = `/people/${person.id}/erase`;
    const before = (await audit()).length;
    expect((await req('POST', url, { authorization: `Bearer ${token}` })).statusCode).toBe(403);
    expect((await tdb.db.person.findUniqueOrThrow({ where: { id: person.id } })).name).toBe(
      person.name,
    );
    expect(await audit()).toHaveLength(before);

    const done = await req('POST', url, admin, { by: '张科长' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ personId: person.id, erasedBy: 'admin' });
    const rows = (await audit()).slice(before);
    expect(rows.map((r) => [r.actor, r.action, r.targets])).toEqual([
      ['admin', 'person.erase', JSON.stringify([person.id])],
    ]);
    expect(JSON.stringify(rows)).not.toContain(person.name);
  });

  it('backs up the database for an admin only, into the data folder, audited once', async () => {
    const district = await createUser(tdb.db, { username: 'district4', role: 'district' });
    const { token } = await createToken(tdb.db, district.userId, 'cli');
    const before = (await audit()).length;
    expect(
      (await req('POST', '/admin/backup', { authorization: `Bearer ${token}` })).statusCode,
    ).toBe(403);
    const done = await req('POST', '/admin/backup', admin);
    expect(done.statusCode).toBe(200);
    const { file, bytes } = done.json<{ file: string; bytes: number }>();
    expect(file.startsWith(join(dataDir, 'backups', 'yanzhen-'))).toBe(true);
    expect(statSync(file).size).toBe(bytes);
    expect((await audit()).slice(before).map((r) => [r.actor, r.action])).toEqual([
      ['admin', 'database.backup'],
    ]);
  });

  it('answers the audit trail filtered, and as CSV', async () => {
    const list = await req('GET', '/audit?actor=admin&action=user.', admin);
    expect(list.statusCode).toBe(200);
    const rows = list.json<{ actor: string; action: string }[]>();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor === 'admin' && r.action.startsWith('user.'))).toBe(true);
    const csv = await req('GET', '/audit?format=csv&actor=admin', admin);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('操作人 / actor');
    expect(csv.body).toContain('user.disable');
    expect((await audit()).at(-1)).toMatchObject({ actor: 'admin', action: 'audit.export' });
    expect((await req('GET', '/audit?from=yesterday', admin)).statusCode).toBe(400);
  });
});

describe('a unit coordinator’s reach', () => {
  let auth: Headers;
  beforeAll(async () => {
    const huamu = await createUser(tdb.db, {
      username: 'huamu',
      role: 'unit',
      unitIds: ['pudong.s01'],
    });
    auth = { authorization: `Bearer ${(await createToken(tdb.db, huamu.userId, 'cli')).token}` };
  });
  const inUnit = (prefix: string) =>
    tdb.db.person.findFirstOrThrow({ where: { unit: { path: { startsWith: prefix } } } });

  it('lists only the people of their units and sub-units', async () => {
    const res = await req('GET', '/people?limit=1000', auth);
    expect(res.statusCode).toBe(200);
    const { people, total } = res.json<{ people: { unitId: string }[]; total: number }>();
    const expected = await tdb.db.person.count({
      where: { active: true, unit: { path: { startsWith: '/pudong/pudong.s01/' } } },
    });
    expect(total).toBe(expected);
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p) => p.unitId.startsWith('pudong.s01'))).toBe(true);
  });

  it('answers another unit’s person or unit exactly as one that does not exist (404)', async () => {
    const mine = await inUnit('/pudong/pudong.s01/');
    const theirs = await inUnit('/pudong/pudong.s02/');
    expect((await req('GET', `/people/${mine.id}`, auth)).json()).toMatchObject({ id: mine.id });
    const other = await req('GET', `/people/${theirs.id}`, auth);
    const none = await req('GET', '/people/p-999999', auth);
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(other.json().error).toBe(none.json().error.replace('p-999999', theirs.id));
    expect((await req('GET', '/people?unitId=pudong.s02', auth)).statusCode).toBe(404);
    // An admin sees the same person.
    expect((await req('GET', `/people/${theirs.id}`, admin)).statusCode).toBe(200);
  });

  it('refuses to enrol another unit’s person, writing nothing', async () => {
    const theirs = await inUnit('/pudong/pudong.s02/');
    const before = (await audit()).length;
    const res = await req('POST', '/courses/any-series/enrolments', auth, {
      personIds: [theirs.id],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toContain(theirs.id);
    expect(await tdb.db.courseEnrolment.count()).toBe(0);
    expect((await audit()).length).toBe(before);
  });

  it('closes routes not yet scoped to units with 403', async () => {
    const res = await req('GET', '/mail', auth);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/not open to unit coordinators/);
  });
});
