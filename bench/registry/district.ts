/**
 * A district from nothing: an empty database, one Shanghai-style roster (14 columns) of 40
 * streets/towns × 14 units (601 organisations with the district) and 10,000 people, imported
 * with --create-units. Timed from the file's bytes to the last row committed; the census over
 * the result is checked against the generator's counts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../store/db';
import { writeTable } from '../../store/registry/table';
import { buildDistrictRoster } from '../../scripts/demo/districtRoster';
import { censusReport, importRoster } from '../../client/operations/registry/registry';

export const DISTRICT_TARGET_SECONDS = 15;

export async function benchDistrictFromNothing(
  db: Db,
  dir: string,
  rows: number,
  log: (msg: string) => void,
) {
  const { table, expected } = buildDistrictRoster({ streets: 40, unitsPerStreet: 14, rows });
  const file = join(dir, 'district-roster.xlsx');
  writeFileSync(file, await writeTable(table, 'xlsx'));
  const ctx = { db, config: { timeZone: 'Asia/Shanghai' } };
  const request = { file, createUnits: true, district: '浦东新区', recordedBy: 'bench' };
  let t0 = performance.now();
  const dry = await importRoster(ctx, request);
  const drySeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const commit = await importRoster(ctx, { ...request, commit: true });
  const seconds = (performance.now() - t0) / 1000;
  // CPU time beside wall time: on a shared machine the wall time also measures the neighbours.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const root = commit.units.find((u) => u.kind === 'district')!;
  const census = await censusReport(ctx, { unitId: root.id });
  const censusRight =
    census.total.people === expected.people &&
    census.total.certified === expected.certified &&
    census.total.trained === expected.trained &&
    census.children.length === expected.streets;
  log(
    `district from nothing: dry run ${drySeconds.toFixed(2)} s, commit ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s): ` +
      `${commit.units.length} units, ${commit.counts.create} people, ${commit.problems.length} problems, census ${censusRight ? 'right' : 'WRONG'}`,
  );
  return {
    district_units: commit.units.length,
    district_rows: rows,
    district_dry_run_seconds: Number(drySeconds.toFixed(2)),
    district_commit_seconds: Number(seconds.toFixed(2)),
    district_commit_cpu_seconds: Number(cpuSeconds.toFixed(2)),
    district_ok:
      dry.problems.length === 0 && commit.committed && commit.counts.create === rows && censusRight,
  };
}
