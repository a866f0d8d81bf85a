/**
 * A Shanghai district roster, all 14 columns (examples/roster-shanghai.csv), into an empty
 * registry: the units derived from 所属街镇 + 所在单位, every column read or named, awkward values
 * normalised, and the values that cannot be true refused by row and column.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../../store/registry/roster/import';
import { installationIdCardHasher, type IdCardHash } from '../../../../store/registry/idCardHasher';
import { createTestDb, providersUnderTest, type TestDb } from '../../../harness/db';

const TODAY = new Date('2026-12-01T00:00:00Z');
const FILE = 'examples/roster-shanghai.csv';
const EXAMPLE = readFileSync(FILE, 'utf8');
const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe.each(providersUnderTest())('a Shanghai roster on %s', (provider) => {
  let t: TestDb;
  let hash: IdCardHash;
  beforeAll(async () => {
    t = await createTestDb(provider);
    hash = await installationIdCardHasher(t.db);
  });
  afterAll(() => t?.close());

  const run = (text: string, extra: { commit?: boolean; createUnits?: undefined } = {}) =>
    importRosterFile(t.db, {
      bytes: Buffer.from(text),
      name: 'roster-shanghai.csv',
      hashIdCard: hash,
      recordedBy: 'coordinator-li',
      today: TODAY,
      createUnits: { districtName: '浦东新区' },
      ...extra,
    });
  const openingHours = async () => {
    const records = await t.db.trainingRecord.findMany({ where: { source: 'opening_balance' } });
    return { count: records.length, tenths: records.reduce((s, r) => s + r.hoursTenths, 0) };
  };

  it('a dry run lists the units to create and the column it does not use; writes nothing', async () => {
    const report = await run(EXAMPLE);
    expect(report.problems).toEqual([]);
    expect(report.ignoredColumns).toEqual(['A 序号']);
    expect(report.counts).toEqual({ create: 8, update: 0, unchanged: 0, invalid: 0 });
    expect(report.units.map((u) => [u.name, u.kind, u.row])).toEqual([
      ['浦东新区', 'district', 2],
      ['花木街道', 'street', 2],
      ['联洋居民区', 'community', 2],
      ['乐群社工服务社', 'agency', 4],
      ['川沙新镇', 'township', 5],
      ['东明村', 'community', 5],
      ['川沙社会工作事务所', 'agency', 7],
    ]);
    expect(await t.db.organisation.count()).toBe(0);
    expect(await t.db.person.count()).toBe(0);
  });

  it('a commit writes the units and every column: gender, registration, opening hours', async () => {
    const report = await run(EXAMPLE, { commit: true });
    expect(report.committed).toBe(true);
    expect(await t.db.organisation.count()).toBe(7);
    const huamu = await t.db.organisation.findFirstOrThrow({ where: { name: '花木街道' } });
    const lianyang = await t.db.organisation.findFirstOrThrow({ where: { name: '联洋居民区' } });
    expect(lianyang).toMatchObject({ parentId: huamu.id, path: `${huamu.path}${lianyang.id}/` });
    const person = (name: string) =>
      t.db.person.findFirstOrThrow({
        where: { name },
        include: { certificates: true, contacts: true, specialties: true, training: true },
      });
    const chen = await person('陈晓明');
    expect(chen).toMatchObject({
      gender: 'male',
      unitId: lianyang.id,
      idCardMasked: '3101**********0020',
    });
    expect(chen.idCardHash).toBe(hash('310115198503120020'));
    expect(chen.certificates).toMatchObject([
      {
        level: 'assistant_social_worker',
        obtainedOn: day('2019-03-05'),
        registeredOn: day('2024-07-01'),
        // 登记有效期至 2027-06-30 is the last day in force: kept as expiring the day after.
        registrationExpiresOn: day('2027-07-01'),
      },
    ]);
    expect(chen.specialties.map((s) => s.specialty).sort()).toEqual([
      'family_education',
      'mental_health',
    ]);
    expect(chen.training).toMatchObject([
      {
        source: 'opening_balance',
        hoursTenths: 1200,
        recordedBy: 'coordinator-li',
        evidence: expect.stringContaining('roster-shanghai.csv row 2'),
      },
    ]);
    const wang = await person('王建国');
    expect(wang.contacts.map((c) => c.value).sort()).toEqual(['13812340003', 'wangjg@example.cn']);
    expect((await person('林静怡')).contacts.map((c) => c.value)).toContain('13812340002');
    expect((await person('郑丽')).contacts.map((c) => c.value)).toContain('13812340008');
    expect((await person('周晓燕')).idCardHash).toBe(hash('31011519950520007X'));
    const sun = await person('孙浩');
    expect(sun.certificates[0]).toMatchObject({ registeredOn: null, registrationExpiresOn: null });
    expect(await openingHours()).toEqual({ count: 7, tenths: 16505 });
  });

  it('importing it again changes nothing and never counts past hours twice; a correction replaces', async () => {
    const again = await run(EXAMPLE, { commit: true });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 8, invalid: 0 });
    expect(again.units).toEqual([]);
    expect(await openingHours()).toEqual({ count: 7, tenths: 16505 });
    const corrected = EXAMPLE.replace('家庭教育、心理健康,120', '家庭教育、心理健康,130');
    const report = await run(corrected, { commit: true });
    expect(report.outcomes.filter((o) => o.action === 'update')).toMatchObject([
      { name: '陈晓明', changes: ['training_hours'] },
    ]);
    expect(await openingHours()).toEqual({ count: 7, tenths: 16605 });
  });

  it('values that cannot be true are refused with a reason naming row and column', async () => {
    const header = EXAMPLE.split('\r\n')[0]!;
    const row = (over: Record<number, string>) => {
      const cells =
        '9,测试,女,,13912340009,,花木街道,联洋居民区,社区工作者,社会工作师,2020-01-01,2026-12-31,家庭教育,10'.split(
          ',',
        );
      for (const [i, v] of Object.entries(over)) cells[Number(i)] = v;
      return cells.join(',');
    };
    const rows = [
      row({ 4: '13912340101', 10: '2027-01-01' }),
      row({ 4: '13912340102', 10: '2007-05-01' }),
      row({ 4: '13912340103', 10: '2019-01-01', 11: '2018-12-31' }),
      row({ 4: '13912340104', 13: '-5' }),
      row({ 4: '13912340105', 13: '12000' }),
      row({ 4: '13912340106', 2: '未知' }),
      row({ 4: '13912340107', 12: '禁毒' }),
      row({ 4: '13912340108', 6: '川沙新镇' }),
      row({ 4: '13912340109', 10: '2019-02-30' }),
    ];
    // Without --create-units: a unit under another street is a mismatch, not a new unit.
    const report = await run([header, ...rows].join('\r\n'), { createUnits: undefined });
    expect(report.counts.invalid).toBe(9);
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'K 取证时间', 'future_date'],
      [3, 'K 取证时间', 'early_certificate'],
      [4, 'L 登记有效期至', 'bad_registration'],
      [5, 'N 累计培训学时', 'bad_hours'],
      [6, 'N 累计培训学时', 'bad_hours'],
      [7, 'C 性别', 'unknown_gender'],
      [8, 'M 专长领域', 'unknown_specialty'],
      [9, 'G 所属街镇', 'street_mismatch'],
      [10, 'K 取证时间', 'bad_date'],
    ]);
    const message = (r: number) => report.problems.find((p) => p.row === r)!.message;
    expect(message(3)).toMatch(/before 2008/);
    expect(message(4)).toMatch(/not after the certificate date/);
    expect(message(5)).toMatch(/negative/);
    expect(message(6)).toMatch(/not plausible/);
    expect(message(7)).toMatch(/男 male、女 female/);
    expect(message(8)).toMatch(/known: 家庭教育 family_education、心理健康 mental_health/);
    expect(message(9)).toMatch(/联洋居民区 is under 花木街道/);
    expect(message(10)).toMatch(/no real day/);
    // Every reason reads in Chinese first, the English beside it.
    for (const p of report.problems) expect(p.message).toMatch(/^\P{ASCII}.*\/ .*[a-z]/u);
  });
});
