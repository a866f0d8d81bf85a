/**
 * The organisation tree and the vocabularies from the coordinator's side: `yz org …` / `yz vocab …`
 * as child processes and `/org`, `/vocabularies` over HTTP, against a demo district (pudong, two
 * streets, two communities each, 12 people). Every bad input is refused naming its row, column or
 * id, and nothing is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApiOn } from '../harness/api';
import { useCliSystem } from '../harness/cliSystem';

const sys = useCliSystem({ streets: 2, unitsPerStreet: 2, people: 12 });
const TOKEN = 'org-token-51ab';
const api = useApiOn(sys, { API_TOKEN: TOKEN, YZ_MAIL_DIR: sys.mailDir });

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
  const r = await api.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${TOKEN}` },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: r.statusCode, body: r.json<Record<string, unknown> & { error?: string }>() };
};
const upload = (name: string, text: string, commit = false) =>
  call('POST', '/org/import', {
    fileName: name,
    contentBase64: Buffer.from(text).toString('base64'),
    commit,
    by: 'coordinator-wang',
  });
const snapshot = () =>
  sys.tdb.db.organisation.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, name: true, parentId: true, path: true, kind: true, closedOn: true },
  });

describe('org import', () => {
  it('a dry run names ignored columns and writes nothing; a commit writes the units with their paths', async () => {
    const file = join(sys.dir, 'jinqiao.csv');
    writeFileSync(
      file,
      '单位名称,类型,上级单位,联系人\n金桥镇,,浦东新区,张三\n碧云居民区,,金桥镇,\n乐群社工服务社,社工机构,pudong,\n',
    );
    const before = await snapshot();
    const dry = sys.json(await sys.yz('--json', 'org', 'import', file)) as {
      committed: boolean;
      ignoredColumns: string[];
      counts: Record<string, number>;
    };
    expect(dry).toMatchObject({ committed: false, ignoredColumns: ['联系人'] });
    expect(dry.counts).toEqual({ create: 3, update: 0, unchanged: 0 });
    expect(await snapshot()).toEqual(before);

    const run = await sys.yz('org', 'import', file, '--commit', '--by', 'coordinator-wang');
    expect(run.code, run.stderr).toBe(0);
    const town = await sys.tdb.db.organisation.findFirstOrThrow({ where: { name: '金桥镇' } });
    const community = await sys.tdb.db.organisation.findFirstOrThrow({
      where: { name: '碧云居民区' },
    });
    expect(town).toMatchObject({
      kind: 'township',
      parentId: 'pudong',
      // --by is ignored: the CLI's account (no token: the first admin) is recorded.
      changedBy: 'admin',
    });
    expect(community).toMatchObject({ kind: 'community', parentId: town.id });
    expect(community.path).toBe(`/pudong/${town.id}/${community.id}/`);
    // The same file again: the same ids, nothing to change.
    const again = (
      await upload('jinqiao.csv', '单位名称,上级单位\n金桥镇,浦东新区\n碧云居民区,金桥镇\n', true)
    ).body;
    expect(again).toMatchObject({
      committed: true,
      counts: { create: 0, update: 0, unchanged: 2 },
    });
  });

  it.each([
    [
      'an unknown parent',
      '单位名称,上级单位\n某居民区,不存在街道\n',
      { row: 2, field: 'parent', column: 'B 上级单位' },
      /不存在街道/,
    ],
    [
      'a unit under its own descendant',
      '单位编号,单位名称,类型,上级单位\npudong.s01,花木街道,街道,pudong.s01.u01\n',
      { row: 2, field: 'parent', column: 'D 上级单位' },
      /own descendant/,
    ],
    [
      'two units of one name under one parent',
      '单位编号,单位名称,类型,上级单位\npudong.dup,花木街道第1居委会,居民区,花木街道\n',
      { row: 2, field: 'name', column: 'B 单位名称' },
      /two units named/,
    ],
    [
      'an unknown kind',
      '单位名称,类型,上级单位\n某公司,公司,pudong\n',
      { row: 2, field: 'kind', column: 'B 类型' },
      /known: 区 district/,
    ],
  ])(
    'refuses %s by row and column, writing nothing (HTTP 422 on commit)',
    async (_, text, where, message) => {
      const before = await snapshot();
      const { status, body } = await upload('bad.csv', text, true);
      expect(status).toBe(422);
      expect(body.committed).toBe(false);
      const problems = body.problems as { row: number; column: string; message: string }[];
      expect(problems[0]).toMatchObject(where);
      expect(problems[0]!.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('the CLI exits 1 on a bad file and prints the row', async () => {
    const file = join(sys.dir, 'bad.csv');
    writeFileSync(file, '单位名称,上级单位\n某居民区,不存在街道\n');
    const run = await sys.yz('org', 'import', file, '--commit');
    expect(run.code).toBe(1);
    // The column as the file heads it, not the field's code.
    expect(run.stdout).toContain('第2行 / row 2  B 上级单位: 未知上级单位');
    expect(run.stdout).toContain('nothing written');
  });
});

describe('org add, rename, move, close, list, export', () => {
  it('adds and renames a unit (CLI)', async () => {
    const add = sys.json(
      await sys.yz(
        '--json',
        'org',
        'add',
        '塘桥街道',
        '--parent',
        '浦东新区',
        '--id',
        'pudong.tq',
        '--by',
        'li',
      ),
    );
    expect(add).toMatchObject({ id: 'pudong.tq', kind: 'street', path: '/pudong/pudong.tq/' });
    const renamed = sys.json(await sys.yz('--json', 'org', 'rename', 'pudong.tq', '塘桥新街道'));
    expect(renamed).toMatchObject({ name: '塘桥新街道', kind: 'street' });
  });

  it('moves a unit with its sub-units and lists the tree under it (CLI)', async () => {
    // Moving a street moves its communities' paths too.
    const moved = sys.json(
      await sys.yz('--json', 'org', 'move', 'pudong.s02', '--parent', 'pudong.tq', '--by', 'li'),
    );
    expect(moved).toMatchObject({ parentId: 'pudong.tq', path: '/pudong/pudong.tq/pudong.s02/' });
    expect(
      (await sys.tdb.db.organisation.findUniqueOrThrow({ where: { id: 'pudong.s02.u01' } })).path,
    ).toBe('/pudong/pudong.tq/pudong.s02/pudong.s02.u01/');
    const list = await sys.yz('org', 'list', '--under', '塘桥新街道', '--ids');
    expect(list.stdout.split('\n')[0]).toBe('塘桥新街道 (pudong.tq) · 街道 · 0 人');
    expect(list.stdout).toContain('    陆家嘴街道第1居委会 (pudong.s02.u01) · 社区 · 3 人');
  });

  it('closes an empty unit and exports a tree that imports back unchanged (CLI)', async () => {
    const empty = sys.json(
      await sys.yz('--json', 'org', 'add', '待撤居民区', '--parent', 'pudong.tq'),
    );
    const closed = sys.json(
      await sys.yz('--json', 'org', 'close', (empty as { id: string }).id, '--on', '2026-12-31'),
    );
    expect(closed).toMatchObject({ closedOn: '2026-12-31' });
    const csv = join(sys.dir, 'tree.csv');
    expect((await sys.yz('org', 'export', '--out', csv)).code).toBe(0);
    const back = await upload('tree.csv', (await import('node:fs')).readFileSync(csv, 'utf8'));
    expect(back.body).toMatchObject({ problems: [], counts: { create: 0, update: 0 } });
  });

  it.each([
    [
      'a unit under itself',
      'POST',
      '/org/units/pudong.s01/move',
      { parent: 'pudong.s01' },
      400,
      /under itself/,
    ],
    [
      'a unit under its own descendant',
      'POST',
      '/org/units/pudong/move',
      { parent: 'pudong.s01.u01' },
      400,
      /own descendant/,
    ],
    [
      'an unknown parent',
      'POST',
      '/org/units',
      { name: '某居民区', parentId: 'nowhere' },
      400,
      /nowhere/,
    ],
    [
      'a second unit of one name under one parent',
      'POST',
      '/org/units',
      { name: '花木街道第2居委会', parentId: 'pudong.s01' },
      409,
      /pudong.s01.u02/,
    ],
    [
      'a rename clashing with a sibling',
      'POST',
      '/org/units/pudong.s01.u01/rename',
      { name: '花木街道第2居委会' },
      409,
      /already has a unit named/,
    ],
    [
      'closing a unit with active people',
      'POST',
      '/org/units/pudong.s01.u01/close',
      { on: '2026-12-31' },
      409,
      /still has 3 active people/,
    ],
    [
      'closing a unit with open sub-units',
      'POST',
      '/org/units/pudong.s01/close',
      { on: '2026-12-31' },
      409,
      /open sub-units/,
    ],
    [
      'an unknown kind',
      'POST',
      '/org/units',
      { name: '某单位', parentId: 'pudong', kind: '公司' },
      400,
      /known: 区 district/,
    ],
    ['an unknown unit', 'POST', '/org/units/nowhere/rename', { name: 'x' }, 404, /nowhere/],
  ] as const)('refuses %s, writing nothing', async (_, method, url, payload, status, message) => {
    const before = await snapshot();
    const r = await call(method, url, payload);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('the CLI refuses closing a unit with active people, naming it', async () => {
    const run = await sys.yz('org', 'close', 'pudong.s01.u02', '--on', '2026-12-31');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pudong.s01.u02 still has 3 active people');
  });

  it('lists and exports over HTTP', async () => {
    const tree = (await call('GET', '/org?under=pudong.s01')).body as unknown as {
      name: string;
      depth: number;
    }[];
    expect(tree.map((n) => [n.name, n.depth])).toEqual([
      ['花木街道', 0],
      ['花木街道第1居委会', 1],
      ['花木街道第2居委会', 1],
    ]);
    const file = await api.app.inject({
      url: '/org/export?format=csv',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body).toContain('单位编号,单位名称,类型,上级单位');
  });
});

describe('vocabularies', () => {
  it('lists the seed, adds a district term that an org import then accepts, renames it', async () => {
    const added = sys.json(
      await sys.yz(
        '--json',
        'vocab',
        'add',
        'org_kind',
        'social_org_hub',
        '社会组织服务中心站',
        '--synonym',
        '枢纽',
        '--by',
        'li',
      ),
    );
    expect(added).toMatchObject({ code: 'social_org_hub', seeded: false });
    const { body } = await upload(
      'hub.csv',
      '单位名称,类型,上级单位\n浦东社会组织枢纽,枢纽,pudong\n',
      true,
    );
    expect(body).toMatchObject({ committed: true, units: [{ kind: 'social_org_hub' }] });

    const specialty = await call('POST', '/vocabularies/specialty', {
      code: 'community_correction',
      zh: '社区矫正',
      en: 'community correction',
      by: 'li',
    });
    expect(specialty.status).toBe(201);
    const list = await sys.yz('vocab', 'list', 'specialty');
    expect(list.stdout).toContain('community_correction');
    expect(list.stdout).toContain('社区矫正');
    const renamed = await call('POST', '/vocabularies/specialty/community_correction/rename', {
      zh: '社区矫正服务',
      synonyms: ['矫正'],
    });
    expect(renamed.body).toMatchObject({ zh: '社区矫正服务', synonyms: ['矫正'] });
    const levels = (await call('GET', '/vocabularies/cert_level')).body as {
      terms: { code: string; ceHours: number }[];
    };
    expect(levels.terms.find((t) => t.code === 'social_worker')!.ceHours).toBe(90);
  });

  it.each([
    [
      'a term whose label another term has',
      'POST',
      '/vocabularies/specialty',
      { code: 'psy', zh: '心理健康' },
      400,
      /already names mental_health/,
    ],
    [
      'a rename onto another term’s synonym',
      'POST',
      '/vocabularies/specialty/youth/rename',
      { zh: '养老' },
      409,
      /already names elderly_care/,
    ],
    [
      'an unknown vocabulary',
      'GET',
      '/vocabularies/colours',
      undefined,
      400,
      /known: specialty, role, cert_level, org_kind/,
    ],
    [
      'removing a built-in term',
      'DELETE',
      '/vocabularies/role/supervisor',
      undefined,
      409,
      /built in/,
    ],
    [
      'removing a term in use',
      'DELETE',
      '/vocabularies/org_kind/social_org_hub',
      undefined,
      409,
      /used by 1 records/,
    ],
  ] as const)('refuses %s', async (_, method, url, payload, status, message) => {
    const before = await sys.tdb.db.vocabularyTerm.findMany({ orderBy: { code: 'asc' } });
    const r = await call(method, url, payload);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error).toMatch(message);
    expect(await sys.tdb.db.vocabularyTerm.findMany({ orderBy: { code: 'asc' } })).toEqual(before);
  });

  it('removes an unused term a district added (CLI)', async () => {
    await call('POST', '/vocabularies/role', { code: 'double_hundred', zh: '双百社工', by: 'li' });
    const run = await sys.yz('vocab', 'remove', 'role', 'double_hundred');
    expect(run.code, run.stderr).toBe(0);
    expect(await sys.tdb.db.vocabularyTerm.count({ where: { code: 'double_hundred' } })).toBe(0);
  });

  it('a roster reads a district’s own role and specialty by label or synonym, refuses unknown ones listing the district’s terms', async () => {
    for (const args of [
      ['role', 'double_hundred', '双百社工', '--synonym', '双百'],
      ['specialty', 'drug_control', '禁毒', '--synonym', '禁毒社工'],
    ]) {
      const run = await sys.yz('vocab', 'add', ...args, '--by', 'li');
      expect(run.code, run.stderr).toBe(0);
    }
    const file = join(sys.dir, 'roster-own-terms.csv');
    writeFileSync(
      file,
      [
        '人员编号,姓名,单位,岗位,手机,专长领域',
        'p-own-1,王一,pudong.s01.u01,双百社工,13800009001,禁毒、矫正',
        'p-own-2,王二,pudong.s01.u01,双百,13800009002,禁毒社工',
        'p-own-3,王三,pudong.s01.u01,厨师,13800009003,烹饪',
      ].join('\n'),
    );
    const run = await sys.yz('--json', 'registry', 'import', file, '--commit', '--by', 'li');
    const report = sys.json(run) as {
      counts: Record<string, number>;
      problems: { row: number; code: string; message: string }[];
    };
    expect(report.counts).toMatchObject({ create: 2, invalid: 1 });
    const [role, specialty] = report.problems;
    expect(report.problems).toHaveLength(2);
    expect(role).toMatchObject({ row: 4, code: 'unknown_role' });
    expect(role!.message).toContain('双百社工 double_hundred');
    expect(specialty).toMatchObject({ row: 4, code: 'unknown_specialty' });
    // The renamed label of the district's earlier term, and its new one.
    expect(specialty!.message).toContain('社区矫正服务 community_correction');
    expect(specialty!.message).toContain('禁毒 drug_control');
    const people = await sys.tdb.db.person.findMany({
      where: { id: { startsWith: 'p-own-' } },
      orderBy: { id: 'asc' },
      select: { id: true, role: true, specialties: { select: { specialty: true } } },
    });
    expect(people).toEqual([
      {
        id: 'p-own-1',
        role: 'double_hundred',
        specialties: expect.arrayContaining([
          { specialty: 'community_correction' },
          { specialty: 'drug_control' },
        ]),
      },
      { id: 'p-own-2', role: 'double_hundred', specialties: [{ specialty: 'drug_control' }] },
    ]);
  });

  it('a campaign’s cohort names a district’s own role; its levels stay exam levels', async () => {
    const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const definition = (over: object) => ({
      id: 'own-role-2027',
      name: '双百社工报考动员',
      examYear: new Date().getUTCFullYear() + 1,
      levels: ['助理社会工作师'],
      registrationWindow: { opens: days(0), closes: days(20) },
      examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
      cohort: { unitIds: ['pudong'], roles: ['双百'] },
      reminders: { quietHours: 'off' },
      ...over,
    });
    const start = (over: object, ...flags: string[]) => {
      const file = join(sys.dir, 'own-role.json');
      writeFileSync(file, JSON.stringify(definition(over)));
      return sys.yz(...flags, 'exam', 'start', '--file', file);
    };
    const added = await sys.yz('vocab', 'add', 'cert_level', 'correction_cert', '矫正社工证');
    expect(added.code, added.stderr).toBe(0);
    const refused = await start({
      levels: ['矫正社工证'],
      examDates: {},
      cohort: { unitIds: ['pudong'], roles: ['厨师'] },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('levels[0]: correction_cert 不是考试等级 / is no exam level');
    expect(refused.stderr).toMatch(
      /cohort\.roles\[0\]: 未知的角色 unknown role "厨师".*双百社工 double_hundred/,
    );
    expect(await sys.tdb.db.examCampaign.count({ where: { id: 'own-role-2027' } })).toBe(0);

    const started = sys.json(await start({}, '--json')) as { cohort: number };
    expect(started.cohort).toBe(2);
  });
});
