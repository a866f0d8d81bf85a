/**
 * `yz person transfer|leave|return|merge` and `/people/:id/…` from the coordinator's side, against
 * a demo district: each verb once over the CLI, each bad input over HTTP (nothing written).
 */
import { describe, expect, it } from 'vitest';
import { useApiOn } from '../harness/api';
import { useCliSystem } from '../harness/cliSystem';

const sys = useCliSystem({ streets: 2, unitsPerStreet: 2, people: 12 });
const TOKEN = 'people-changes-8f2e';
const api = useApiOn(sys, { API_TOKEN: TOKEN, YZ_MAIL_DIR: sys.mailDir });

const post = async (url: string, payload: object) => {
  const r = await api.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${TOKEN}` },
    payload,
  });
  return { status: r.statusCode, body: r.json<Record<string, unknown> & { error?: string }>() };
};
const state = async () => ({
  people: await sys.tdb.db.person.findMany({ orderBy: { id: 'asc' } }),
  stays: await sys.tdb.db.unitMembership.count(),
  changes: await sys.tdb.db.personChange.count(),
});

describe('person verbs (CLI)', () => {
  it('transfers and records leaving with the reason in the database', async () => {
    const moved = sys.json(
      await sys.yz(
        '--json',
        'person',
        'transfer',
        'p-000004',
        '--to',
        'pudong.s02.u01',
        '--on',
        '2026-03-01',
        '--by',
        'wang',
      ),
    );
    expect(moved).toMatchObject({
      kind: 'transfer',
      fromUnitId: 'pudong.s01.u01',
      toUnitId: 'pudong.s02.u01',
    });
    const left = await sys.yz(
      'person',
      'leave',
      'p-000004',
      '--on',
      '2026-06-01',
      '--reason',
      '考取公务员',
      '--by',
      'wang',
    );
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toContain('离职 / left: p-000004');
    expect(left.stdout).not.toContain('考取公务员');
    expect(
      await sys.tdb.db.personChange.findFirst({ where: { personId: 'p-000004', kind: 'leave' } }),
    ).toMatchObject({ reason: '考取公务员', recordedBy: 'admin' }); // the CLI's account, not --by
  });

  it('records a return and merges a duplicate record', async () => {
    const back = sys.json(
      await sys.yz(
        '--json',
        'person',
        'return',
        'p-000004',
        '--on',
        '2026-09-01',
        '--unit',
        'pudong.s01.u02',
      ),
    );
    expect(back).toMatchObject({ kind: 'return', toUnitId: 'pudong.s01.u02', active: true });
    const merged = await sys.yz(
      'person',
      'merge',
      'p-000001',
      'p-000005',
      '--on',
      '2026-10-01',
      '--by',
      'wang',
    );
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('已合并 / merged: p-000005 → p-000001');
    expect(await sys.tdb.db.person.findUnique({ where: { id: 'p-000005' } })).toBeNull();
  });
});

describe('person verbs: bad input (HTTP)', () => {
  it.each([
    [
      'an unknown person',
      '/people/p-999999/transfer',
      { toUnitId: 'pudong.s01.u01', on: '2026-11-01' },
      404,
      /p-999999/,
    ],
    [
      'an unknown unit',
      '/people/p-000002/transfer',
      { toUnitId: 'nowhere', on: '2026-11-01' },
      400,
      /nowhere/,
    ],
    [
      'an impossible date',
      '/people/p-000002/transfer',
      { toUnitId: 'pudong.s01.u01', on: '2026-02-30' },
      400,
      /2026-02-30/,
    ],
    [
      'leaving with no reason field',
      '/people/p-000002/leave',
      { on: '2026-11-01' },
      400,
      /reason is required/,
    ],
    [
      'a return of an active person',
      '/people/p-000002/return',
      { on: '2026-11-01' },
      409,
      /is active/,
    ],
    ['a merge into itself', '/people/p-000002/merge', { mergeId: 'p-000002' }, 400, /into itself/],
    [
      'a merge of an unknown record',
      '/people/p-000002/merge',
      { mergeId: 'p-999999' },
      404,
      /p-999999/,
    ],
  ])('refuses %s, writing nothing', async (_, url, payload, status, message) => {
    const before = await state();
    const r = await post(url, payload);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it('transfers over HTTP', async () => {
    const r = await post('/people/p-000002/transfer', {
      toUnitId: 'pudong.s01.u01',
      on: '2026-11-01',
      by: 'wang',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ fromUnitId: 'pudong.s02.u01', toUnitId: 'pudong.s01.u01' });
  });
});
