/**
 * A coordinator's roster, as CSV lines, committed with units created from 所属街镇 + 所在单位 on the
 * time-skipping server's day (the CE ledger tests' way of bringing certified people in).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'vitest';
import type { Db } from '../../store/db';
import { importRosterFile } from '../../store/registry/roster/import';
import { installationIdCardHasher } from '../../store/registry/idCardHasher';

export async function commitRoster(
  db: Db,
  env: TestWorkflowEnvironment,
  lines: string[],
): Promise<void> {
  const report = await importRosterFile(db, {
    bytes: Buffer.from(lines.join('\n')),
    name: '花木名册.csv',
    hashIdCard: await installationIdCardHasher(db),
    recordedBy: 'coordinator-li',
    today: new Date(new Date(await env.currentTimeMs()).toISOString().slice(0, 10)),
    createUnits: { districtName: '浦东新区' },
    commit: true,
  });
  expect(report.problems).toEqual([]);
}
