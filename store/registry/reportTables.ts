/** The registry reports as tables, one row per unit and a total row, for XLSX or CSV export. */
import type { Census, CertificationRate, RateRow } from './reports';
import type { Table } from './table';
import {
  CERT_LEVELS,
  CERT_LEVEL_ZH,
  ROLES,
  ROLE_ZH,
  SPECIALTIES,
  SPECIALTY_ZH,
} from './vocabulary';

export function censusTable(c: Census): Table {
  const specialties = [
    ...SPECIALTIES,
    ...Object.keys(c.total.specialties).filter(
      (s) => !(SPECIALTIES as readonly string[]).includes(s),
    ),
  ];
  const zh = (map: Record<string, string>, k: string) => map[k] ?? k;
  const headers = [
    '单位编号',
    '单位',
    '人数',
    ...ROLES.map((r) => ROLE_ZH[r]),
    '持证人数',
    ...CERT_LEVELS.map((l) => CERT_LEVEL_ZH[l]),
    ...specialties.map((s) => `专长:${zh(SPECIALTY_ZH, s)}`),
    `${c.focusSpecialties.map((s) => zh(SPECIALTY_ZH, s)).join('或')}人数`,
    `培训≥${c.hoursThreshold}学时人数`,
  ];
  const rows = [
    ...c.children,
    { id: c.unit.id, name: `${c.unit.name}（合计）`, value: c.total },
  ].map(({ id, name, value: v }) => [
    id,
    name,
    v.people,
    ...ROLES.map((r) => v.byRole[r] ?? 0),
    v.certified,
    ...CERT_LEVELS.map((l) => v.byLevel[l]),
    ...specialties.map((s) => v.specialties[s] ?? 0),
    v.focusPeople,
    v.trained,
  ]);
  return { title: '人才资源库统计', headers, rows };
}

export function rateTable(r: CertificationRate): Table {
  const headers = [
    '单位编号',
    '单位',
    '在册人数',
    '持证人数',
    '持证率',
    ...(r.since ? [`较${r.since}变化(百分点)`] : []),
    '结论',
  ];
  const row = (u: RateRow, name = u.name) => [
    u.id,
    name,
    u.people,
    u.certified,
    Number((u.verdict.rate * 100).toFixed(1)),
    ...(r.since ? [Number((u.verdict.change ?? 0).toFixed(1))] : []),
    u.verdict.summary,
  ];
  return {
    title: '持证率',
    headers,
    rows: [...r.children.map((u) => row(u)), row(r.unit, `${r.unit.name}（合计）`)],
  };
}
