/**
 * `yz person list` / `yz unit list` and `GET /people` / `GET /units` from the coordinator's side:
 * each filter against the district the test loaded, counted the slow way from its data.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useCliSystem } from '../harness/cliSystem';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { buildDistrict } from '../../scripts/demo/district';
import { buildRegistryFacts, loadRegistryFacts } from '../../scripts/demo/registry';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

const SIZE = { streets: 2, unitsPerStreet: 2, people: 40 };
const district = buildDistrict(SIZE);
const facts = buildRegistryFacts(district);
const sys = useCliSystem(SIZE);
const TOKEN = 'people-token-7c1d';
let ctx: YzContext;
let app: FastifyInstance;

beforeAll(async () => {
  await loadRegistryFacts(sys.tdb.db, facts);
  ctx = await openContext(
    loadConfig({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      TASK_QUEUE: sys.stack.taskQueue,
      DATABASE_URL: sys.tdb.url,
      API_TOKEN: TOKEN,
      YZ_MAIL_DIR: sys.mailDir,
    }),
  );
  app = await buildApi(ctx);
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

interface Listed {
  total: number;
  limit: number;
  people: { id: string; name: string; unitName: string; levels: string[] }[];
}
const pathOf = (unitId: string) => district.organisations.find((o) => o.id === unitId)!.path;
const ids = (people: { id: string }[]) => people.map((p) => p.id).sort();
const street = district.organisations.find((o) => o.parentId === district.organisations[0]!.id)!;
const surname = district.people[5]!.name.slice(0, 1);
const socialWorkers = new Set(
  facts.certificates.filter((c) => c.level === 'social_worker').map((c) => c.personId),
);

/** Each filter: its CLI flags, its query string, and who should match. */
const FILTERS: { what: string; cli: string[]; query: string; expected: string[] }[] = [
  {
    what: 'name',
    cli: ['--name', surname],
    query: `name=${encodeURIComponent(surname)}`,
    expected: district.people.filter((p) => p.name.includes(surname)).map((p) => p.id),
  },
  {
    what: 'unit with sub-units',
    cli: ['--unit', street.id],
    query: `unitId=${street.id}`,
    expected: district.people
      .filter((p) => pathOf(p.unitId).startsWith(street.path))
      .map((p) => p.id),
  },
  {
    what: 'role (Chinese word)',
    cli: ['--role', '督导'],
    query: `role=${encodeURIComponent('督导')}`,
    expected: district.people.filter((p) => p.role === 'supervisor').map((p) => p.id),
  },
  {
    what: 'certificate level',
    cli: ['--level', 'social_worker'],
    query: 'level=social_worker',
    expected: district.people.filter((p) => socialWorkers.has(p.id)).map((p) => p.id),
  },
];

describe('yz person list', () => {
  it.each(FILTERS)('filters by $what, names beside ids and units by name', async (f) => {
    expect(f.expected.length).toBeGreaterThan(0);
    expect(f.expected.length).toBeLessThan(district.people.length);
    const listed = sys.json(await sys.yz('person', 'list', ...f.cli, '--json')) as Listed;
    expect(ids(listed.people)).toEqual([...f.expected].sort());
    expect(listed.total).toBe(f.expected.length);
    const someone = district.people.find((p) => p.id === listed.people[0]!.id)!;
    const unit = district.organisations.find((o) => o.id === someone.unitId)!;
    const text = await sys.yz('person', 'list', ...f.cli);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${someone.id}  ${someone.name}`);
    expect(text.stdout).toContain(`${unit.name} (${unit.id})`);
    expect(text.stdout).toContain(`共 ${f.expected.length} 人`);
  });

  it('stops at --limit and says how many match', async () => {
    const listed = sys.json(await sys.yz('person', 'list', '--limit', '3', '--json')) as Listed;
    expect(listed.people).toHaveLength(3);
    expect(listed.total).toBe(district.people.length);
    const text = await sys.yz('person', 'list', '--limit', '3');
    expect(text.stdout).toContain(`显示 3 / 共 ${district.people.length} 人`);
  });

  it('names a bad filter and its choices', async () => {
    const role = await sys.yz('person', 'list', '--role', 'boss');
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('unknown role "boss"');
    expect(role.stderr).toContain('supervisor 督导');
    const unit = await sys.yz('person', 'list', '--unit', 'nowhere');
    expect(unit.code).toBe(1);
    expect(unit.stderr).toContain('错误 / error: 单位不存在 / unknown unit id: nowhere');
  });
});

describe('GET /people', () => {
  const get = (url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });

  it.each(FILTERS)('filters by $what as the CLI does', async (f) => {
    const res = await get(`/people?${f.query}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Listed>();
    expect(ids(body.people)).toEqual([...f.expected].sort());
  });

  it('answers 400 naming a bad level, and honours limit', async () => {
    const bad = await get('/people?level=master');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('unknown level \\"master\\"');
    const some = (await get('/people?limit=2')).json<Listed>();
    expect(some.people).toHaveLength(2);
    expect(some.total).toBe(district.people.length);
  });
});

describe('yz unit list / GET /units', () => {
  it('shows the tree indented, children under their parent', async () => {
    const run = await sys.yz('unit', 'list');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(district.organisations.length);
    expect(lines[0]).toMatch(/^浦东新区 \(pudong\)/);
    const child = district.organisations.find((o) => o.parentId === street.id)!;
    expect(lines).toContain(
      `    ${child.name} (${child.id}) · ${child.kind} · ${district.people.filter((p) => p.unitId === child.id).length} 人 / people`,
    );
    const res = await app.inject({
      method: 'GET',
      url: `/units?unitId=${street.id}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const units = res.json<{ id: string; depth: number }[]>();
    expect(units[0]).toMatchObject({ id: street.id, depth: 0 });
    expect(units.map((u) => u.id).sort()).toEqual(
      district.organisations
        .filter((o) => o.path.startsWith(street.path))
        .map((o) => o.id)
        .sort(),
    );
  });
});

describe('one person timeline: yz person show, GET /people/:id/profile and /overview', () => {
  it('answers the same page from the one operation, console and CLI alike', async () => {
    const person = district.people[3]!;
    const cli = sys.json(await sys.yz('person', 'show', person.id, '--json')) as {
      person: { id: string };
      roleZh: string;
      timeline: { program: string; what: string }[];
    };
    expect(cli.person.id).toBe(person.id);
    expect(cli.timeline.map((e) => e.what)).toContain('入库 / entered the registry');
    for (const url of [`/people/${person.id}/profile`, `/people/${person.id}/overview`]) {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(cli);
    }
  });
});
