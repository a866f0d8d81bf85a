/** A small registry for the import, export and report tests, and roster files written to disk. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../store/db';
import { idCardCheckChar } from '../../../store/registry/idCard';
import { installationIdCardHasher } from '../../../store/registry/idCardHasher';
import { writeTable, type TableValue } from '../../../store/registry/table';
import { stringifyCsv } from '../../../store/registry/roster/csv';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';

/** A valid ID-card number from 17 digits. */
export const idCard = (first17: string) => first17 + idCardCheckChar(first17);

export const EXISTING_ID_CARD = idCard('31011519800101123');

/**
 * pudong → s01 花木街道, s02 陆家嘴街道 → two units each (pudong.s01.u01 "花木街道第1居委会", …);
 * two units named 同名服务站; p-000001 (phone 13700000001, ID card EXISTING_ID_CARD) and
 * p-000002, community workers.
 */
export async function seedRegistry(db: Db): Promise<void> {
  const district = buildDistrict({ streets: 2, unitsPerStreet: 2, people: 0 });
  await loadDistrict(db, district);
  for (const s of ['s01', 's02']) {
    await db.organisation.create({
      data: {
        id: `pudong.${s}.same`,
        name: '同名服务站',
        kind: 'agency',
        parentId: `pudong.${s}`,
        path: `/pudong/pudong.${s}/pudong.${s}.same/`,
      },
    });
  }
  const hash = await installationIdCardHasher(db);
  await db.person.create({
    data: {
      id: 'p-000001',
      name: '周敏',
      unitId: 'pudong.s01.u01',
      role: 'community_worker',
      idCardHash: hash(EXISTING_ID_CARD),
      idCardMasked: '3101**********',
      contacts: { create: [{ kind: 'phone', value: '13700000001' }] },
    },
  });
  await db.person.create({
    data: { id: 'p-000002', name: '吴静', unitId: 'pudong.s02.u01', role: 'community_worker' },
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'yz-roster-'));
}

/** Writes rows (header first) as an .xlsx or .csv file; returns its path. */
export async function writeRoster(
  dir: string,
  name: string,
  rows: TableValue[][],
): Promise<string> {
  const path = join(dir, name);
  if (name.endsWith('.csv')) {
    const text = stringifyCsv(rows.map((r) => r.map((v) => (v === null ? '' : String(v)))));
    writeFileSync(path, text);
  } else {
    const [headers, ...body] = rows;
    writeFileSync(
      path,
      await writeTable({ title: 'roster', headers: headers!.map(String), rows: body }, 'xlsx'),
    );
  }
  return path;
}
