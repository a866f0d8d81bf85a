/**
 * A district moves in from its files alone: a generated 10,000-row roster naming 36 streets and
 * towns and 504 units, into an empty registry with --create-units; the census over it must be
 * what the generator chose, street by street.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildDistrictRoster } from '../../../scripts/demo/districtRoster';
import { writeTable } from '../../../store/registry/table';
import { censusReport, importRoster } from '../../../client/operations/registry/registry';
import { createTestDb, type TestDb } from '../../harness/db';
import { tempDir } from './fixtures';

const SIZE = { streets: 36, unitsPerStreet: 14, rows: 10_000 };
let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb('sqlite');
  dir = tempDir();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('36 streets/towns, 504 units and 10,000 people from one roster; the census is right', async () => {
  const { table, expected } = buildDistrictRoster(SIZE);
  const file = join(dir, '浦东新区名册.xlsx');
  writeFileSync(file, await writeTable(table, 'xlsx'));
  const ctx = { db: t.db, config: { timeZone: 'Asia/Shanghai' } };
  const t0 = performance.now();
  const report = await importRoster(ctx, {
    file,
    commit: true,
    createUnits: true,
    district: '浦东新区',
    recordedBy: 'coordinator-li',
  });
  const seconds = (performance.now() - t0) / 1000;
  expect(report.problems).toEqual([]);
  expect(report.ignoredColumns).toEqual(['A 序号']);
  expect(report.counts).toEqual({ create: 10_000, update: 0, unchanged: 0, invalid: 0 });
  expect(report.units.filter((u) => u.kind === 'district')).toHaveLength(1);
  expect(report.units.filter((u) => u.kind === 'street' || u.kind === 'township')).toHaveLength(36);
  expect(report.units).toHaveLength(1 + 36 + 504);
  expect(await t.db.organisation.count()).toBe(541);
  expect(seconds).toBeLessThan(45);

  const root = report.units.find((u) => u.kind === 'district')!;
  const census = await censusReport(ctx, { unitId: root.id });
  const { byStreet, streets, units, ...totals } = expected;
  expect(census.total).toEqual(totals);
  expect(census.children).toHaveLength(streets);
  expect(Object.fromEntries(census.children.map((c) => [c.name, c.value.people]))).toEqual(
    byStreet,
  );
  expect(units).toBe(504);
  expect(await t.db.trainingRecord.count({ where: { source: 'opening_balance' } })).toBe(
    10_000 - Math.floor((10_000 + 1) / 8),
  );
});
