/**
 * The registry's people as a roster: one row per active person with the highest certificate,
 * specialties and total training hours, under headers the roster import reads back (Chinese or
 * English). ID-card numbers are never exported, only their masked form.
 */
import type { Db } from '../db';
import { FIELD_ZH, type Field } from './roster/headers';
import type { SheetFormat } from './roster/read';
import { subtree } from './subtree';
import { writeTable, type Table, type TableValue } from './table';
import {
  CERT_LEVEL_ZH,
  ROLE_ZH,
  SPECIALTY_ZH,
  levelRank,
  type CertLevel,
  type Role,
  type Specialty,
} from './vocabulary';

export type HeaderLanguage = 'zh' | 'en';

const COLUMNS: (Field | 'unit_name' | 'id_card_masked' | 'training_hours_total')[] = [
  'person_id',
  'name',
  'phone',
  'email',
  'unit',
  'unit_name',
  'role',
  'certificate_level',
  'certificate_date',
  'certificate_number',
  'specialties',
  'id_card_masked',
  // All hours recorded here, opening balance included: not a roster's 累计培训学时 (an opening
  // balance), so named apart and not read back (reading it would count the hours twice).
  'training_hours_total',
];
/** Informational columns, not read back by the import. */
const EXTRA_ZH = {
  unit_name: '所属单位名称',
  id_card_masked: '证件号掩码',
  training_hours_total: '培训学时合计',
};

export function peopleHeaders(language: HeaderLanguage): string[] {
  if (language === 'en') return [...COLUMNS];
  return COLUMNS.map((c) =>
    c in EXTRA_ZH ? EXTRA_ZH[c as keyof typeof EXTRA_ZH] : FIELD_ZH[c as Field],
  );
}

export async function peopleTable(
  db: Db,
  options: { unitId?: string; language?: HeaderLanguage } = {},
): Promise<Table> {
  const language = options.language ?? 'zh';
  const { orgs } = await subtree(db, options.unitId);
  const unitName = new Map(orgs.map((o) => [o.id, o.name]));
  const where = {
    active: true,
    ...(options.unitId ? { unitId: { in: [...unitName.keys()] } } : {}),
  };
  const people = await db.person.findMany({
    where,
    orderBy: { id: 'asc' },
    select: {
      id: true,
      name: true,
      unitId: true,
      role: true,
      idCardMasked: true,
      contacts: { select: { kind: true, value: true, isPrimary: true } },
      specialties: { select: { specialty: true } },
      certificates: { select: { level: true, obtainedOn: true, number: true } },
    },
  });
  const hours = new Map(
    (
      await db.trainingRecord.groupBy({
        by: ['personId'],
        where: { person: where },
        _sum: { hoursTenths: true },
      })
    ).map((h) => [h.personId, (h._sum.hoursTenths ?? 0) / 10]),
  );
  const word = <C extends string>(zh: Record<C, string>, code: string) =>
    language === 'zh' ? (zh[code as C] ?? code) : code;
  const rows: TableValue[][] = people.map((p) => {
    const contact = (kind: string) =>
      p.contacts
        .filter((c) => c.kind === kind)
        .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))[0]?.value ?? null;
    const cert = [...p.certificates].sort(
      (a, b) => levelRank(b.level as CertLevel) - levelRank(a.level as CertLevel),
    )[0];
    const specialties = p.specialties
      .map((s) => word<Specialty>(SPECIALTY_ZH, s.specialty))
      .join(language === 'zh' ? '、' : ';');
    return [
      p.id,
      p.name,
      contact('phone'),
      contact('email'),
      p.unitId,
      unitName.get(p.unitId) ?? null,
      word<Role>(ROLE_ZH, p.role),
      cert ? word<CertLevel>(CERT_LEVEL_ZH, cert.level) : null,
      cert?.obtainedOn ?? null,
      cert?.number ?? null,
      specialties || null,
      p.idCardMasked,
      hours.get(p.id) ?? 0,
    ];
  });
  return {
    title: language === 'zh' ? '人才资源库' : 'Talent registry',
    headers: peopleHeaders(language),
    rows,
  };
}

export async function exportPeopleFile(
  db: Db,
  options: { format: SheetFormat; unitId?: string; language?: HeaderLanguage },
): Promise<Buffer> {
  return writeTable(await peopleTable(db, options), options.format);
}
