import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  censusReport,
  certificationRate,
  exportCensus,
  exportCertificationRate,
  exportPeople,
  importRoster,
  type RegistryContext,
} from '../../client/operations/registry/registry';
import { readSheet } from '../../store/registry/roster/read';
import { CERT_LEVELS } from '../../store/registry/vocabulary';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { buildRegistryFacts, loadRegistryFacts } from '../../scripts/demo/registry';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';
import { tempDir } from '../activities/registry/fixtures';
import { InputError } from '../../common/errors';

const district = buildDistrict({ streets: 3, unitsPerStreet: 3, people: 240 });
const facts = buildRegistryFacts(district);
const INACTIVE = 'p-000001';

/** The census figures, counted the slow way from the facts. */
function expected(rootPath: string, hours: number, since?: Date) {
  const path = (unitId: string) => district.organisations.find((o) => o.id === unitId)!.path;
  const people = district.people.filter(
    (p) => p.id !== INACTIVE && path(p.unitId).startsWith(rootPath),
  );
  const ids = new Set(people.map((p) => p.id));
  const byRole: Record<string, number> = {};
  for (const p of people) byRole[p.role] = (byRole[p.role] ?? 0) + 1;
  const top = new Map<string, number>();
  let certifiedSince = 0;
  const seenSince = new Set<string>();
  for (const c of facts.certificates.filter((c) => ids.has(c.personId))) {
    top.set(c.personId, Math.max(top.get(c.personId) ?? 0, CERT_LEVELS.indexOf(c.level as never)));
    if (since && c.obtainedOn <= since && !seenSince.has(c.personId)) {
      seenSince.add(c.personId);
      certifiedSince++;
    }
  }
  const byLevel = Object.fromEntries(
    CERT_LEVELS.map((l, i) => [l, [...top.values()].filter((v) => v === i).length]),
  );
  const specialties: Record<string, number> = {};
  const focus = new Set<string>();
  for (const s of facts.specialties.filter((s) => ids.has(s.personId))) {
    specialties[s.specialty] = (specialties[s.specialty] ?? 0) + 1;
    if (s.specialty === 'family_education' || s.specialty === 'mental_health')
      focus.add(s.personId);
  }
  const sum = new Map<string, number>();
  for (const r of facts.training.filter((r) => ids.has(r.personId))) {
    sum.set(r.personId, (sum.get(r.personId) ?? 0) + r.hoursTenths);
  }
  return {
    people: people.length,
    byRole,
    certified: top.size,
    byLevel,
    specialties,
    focusPeople: focus.size,
    trained: [...sum.values()].filter((t) => t >= hours * 10).length,
    certifiedSince,
  };
}

describe.each(providersUnderTest())('registry services on %s', (provider) => {
  let t: TestDb;
  let ctx: RegistryContext;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    await loadDistrict(t.db, district);
    await loadRegistryFacts(t.db, facts);
    await t.db.person.update({ where: { id: INACTIVE }, data: { active: false } });
    ctx = { db: t.db, config: { timeZone: 'Asia/Shanghai' } };
    dir = tempDir();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['xlsx', 'zh'],
    ['csv', 'en'],
  ] as const)(
    'exports people as %s (%s headers); importing the export changes nothing',
    async (format, language) => {
      const file = await exportPeople(ctx, { format, language });
      expect(file.fileName).toBe(`registry-all.${format}`);
      const path = join(dir, file.fileName);
      writeFileSync(path, file.bytes);
      const report = await importRoster(ctx, { file: path, recordedBy: 'coordinator-1' });
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual({ create: 0, update: 0, unchanged: 239, invalid: 0 });
      expect(report.committed).toBe(false);
      const sheet = await readSheet(file.bytes);
      const header = sheet.rows[0]!;
      expect(header.slice(0, 5)).toEqual(
        language === 'zh'
          ? ['人员编号', '姓名', '手机', '邮箱', '单位']
          : ['person_id', 'name', 'phone', 'email', 'unit'],
      );
      const row = sheet.rows.find((r) => r[0] === 'p-000008')!; // n = 8: senior social worker
      const hours =
        facts.training
          .filter((r) => r.personId === 'p-000008')
          .reduce((s, r) => s + r.hoursTenths, 0) / 10;
      expect(row.at(-1)).toBe(format === 'csv' ? String(hours) : hours);
      expect(row[7]).toBe(language === 'zh' ? '高级社会工作师' : 'senior_social_worker');
    },
  );

  it('exports one unit subtree only', async () => {
    const file = await exportPeople(ctx, { format: 'csv', unitId: 'pudong.s02' });
    const sheet = await readSheet(file.bytes);
    const inS02 = district.people.filter(
      (p) => p.unitId.startsWith('pudong.s02.') && p.id !== INACTIVE,
    );
    expect(sheet.rows.length - 1).toBe(inS02.length);
  });

  it('counts the census of the district and of each street, in SQL', async () => {
    const c = await censusReport(ctx, { unitId: 'pudong', hoursThreshold: 120 });
    const want = expected('/pudong/', 120);
    expect(c.unit).toEqual({ id: 'pudong', name: '浦东新区', kind: 'district' });
    expect(c.total).toEqual({
      people: want.people,
      byRole: want.byRole,
      certified: want.certified,
      byLevel: want.byLevel,
      specialties: want.specialties,
      focusPeople: want.focusPeople,
      trained: want.trained,
    });
    expect(c.children.map((s) => s.id)).toEqual(['pudong.s01', 'pudong.s02', 'pudong.s03']);
    expect(c.children.reduce((s, x) => s + x.value.people, 0)).toBe(want.people);
    const s02 = c.children.find((x) => x.id === 'pudong.s02')!.value;
    expect(s02.certified).toBe(expected('/pudong/pudong.s02/', 120).certified);
    const street = await censusReport(ctx, { unitId: 'pudong.s02', hoursThreshold: 60 });
    expect(street.total.trained).toBe(expected('/pudong/pudong.s02/', 60).trained);
    expect(street.children).toHaveLength(3);
  });

  it('gives the certification rate, its change since a date and the verdict on a target', async () => {
    const r = await certificationRate(ctx, {
      unitId: 'pudong',
      since: '2020-01-01',
      target: { change: 5 },
    });
    const want = expected('/pudong/', 120, new Date('2020-01-01T00:00:00Z'));
    expect(r.unit).toMatchObject({ id: 'pudong', people: want.people, certified: want.certified });
    const change = ((want.certified - want.certifiedSince) / want.people) * 100;
    expect(r.unit.verdict.change).toBeCloseTo(change, 6);
    expect(r.unit.verdict.met).toBe(change >= 5);
    expect(r.unit.verdict.summary).toContain(`较 2020-01-01 +${change.toFixed(1)} 个百分点`);
    expect(r.children).toHaveLength(3);
    expect(r.children.reduce((s, x) => s + x.certified, 0)).toBe(want.certified);
  });

  it('exports the reports as XLSX and CSV, a row per unit and a total', async () => {
    const census = await readSheet(
      (await exportCensus(ctx, { unitId: 'pudong', format: 'xlsx' })).bytes,
    );
    expect(census.rows[0]!.slice(0, 3)).toEqual(['单位编号', '单位', '人数']);
    expect(census.rows.at(-1)!.slice(0, 3)).toEqual([
      'pudong',
      '浦东新区（合计）',
      expected('/pudong/', 120).people,
    ]);
    expect(census.rows[0]!.at(-1)).toBe('培训≥120学时人数');
    const rate = await readSheet(
      (await exportCertificationRate(ctx, { unitId: 'pudong', since: '2020-01-01', format: 'csv' }))
        .bytes,
    );
    expect(rate.rows).toHaveLength(5);
    expect(String(rate.rows.at(-1)!.at(-1))).toMatch(/^持证率 \d+\.\d%，较 2020-01-01/);
  });

  it('answers bad requests with an InputError naming the problem', async () => {
    await expect(censusReport(ctx, { unitId: 'nowhere' })).rejects.toThrow(
      new InputError('未知单位编号 unknown unit id: nowhere'),
    );
    await expect(certificationRate(ctx, { unitId: 'pudong', since: '2020-13-01' })).rejects.toThrow(
      'since must be a date like 2024-01-01, got "2020-13-01"',
    );
    await expect(
      importRoster(ctx, { file: join(dir, 'missing.xlsx'), recordedBy: 'c' }),
    ).rejects.toThrow(/cannot read .*missing\.xlsx: ENOENT/);
    const pdf = join(dir, 'roster.pdf');
    writeFileSync(pdf, Buffer.from('%PDF-1.7\n\u0000'));
    // A RosterFileError: an InputError (400) of its own name, no longer converted.
    const notSheet = importRoster(ctx, { file: pdf, recordedBy: 'c' });
    await expect(notSheet).rejects.toBeInstanceOf(InputError);
    await expect(notSheet).rejects.toThrow(
      '文件“roster.pdf”不是表格：应为 .xlsx 工作簿或 CSV 文本 / roster.pdf is not a spreadsheet: expected an .xlsx workbook or CSV text',
    );
    await expect(importRoster(ctx, { file: pdf, recordedBy: ' ' })).rejects.toThrow(
      'recordedBy is required',
    );
    await expect(exportPeople(ctx, { format: 'pdf' as never })).rejects.toThrow(
      'format must be xlsx or csv',
    );
  });
});
