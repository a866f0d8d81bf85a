/**
 * How `yz person show` reads as text: who, certificates with registrations, the CE ledger, then
 * the timeline, each time in its program's zone (the default zone when the entry has none).
 */
import type { showPersonProfile } from '../operations/registry/personProfile';
import { formatZoned } from '../../workflows/rules/zonedTime';
import { CERT_LEVEL, labelOf } from '../../workflows/rules/vocabulary';
import { table } from './common';
import { hours } from './courseCommon';

type Profile = Awaited<ReturnType<typeof showPersonProfile>>;

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function profileLines(
  v: Profile,
  local: (d: Date, tz: string) => string,
  defaultZone: string,
): string[] {
  const p = v.person;
  const ce = v.ce;
  return [
    `${p.id}  ${p.name}  ${p.unit.name} (${p.unit.id})  ${p.role}${p.active ? '' : '  已离开 / inactive'}`,
    ...(p.idCardMasked ? [`身份证 / ID card: ${p.idCardMasked}`] : []),
    ...(p.specialties.length ? [`专长 / specialties: ${p.specialties.join('、')}`] : []),
    '',
    '证书与登记 / certificates and registrations:',
    ...(v.certificates.length
      ? v.certificates.flatMap((c) => [
          `  ${labelOf(CERT_LEVEL, c.level)}  取证 / obtained ${day(c.obtainedOn)}${c.number ? `  ${c.number}` : ''}`,
          ...c.registrations.map(
            (r) =>
              `    登记 / registered ${day(r.registeredOn)} – ${r.lastDay}  (${r.source}, ${r.recordedBy})`,
          ),
          ...(c.registrations.length ? [] : ['    未登记 / not registered']),
        ])
      : ['  （无 / none）']),
    '',
    ce === null
      ? `继续教育 / CE: ${v.ceUnavailable ?? '无台账 / no ledger'}`
      : ce.registration === 'awaiting'
        ? '继续教育 / CE: 待登记 / awaiting a registration'
        : `继续教育 / CE: ${day(ce.periodStart)} – ${day(ce.periodEnd)}  已获 / earned ${hours(ce.earnedTenths)} / 需 required ${hours(ce.requiredTenths)}  (${ce.standing})`,
    '',
    '经历 / timeline:',
    ...table(
      ['时间 time', '项目 program', '事项 what', '关联 ref'],
      v.timeline.map((e) => [
        e.timeZone ? formatZoned(new Date(e.at), e.timeZone) : local(new Date(e.at), defaultZone),
        e.program,
        e.what,
        e.ref,
      ]),
    ),
  ];
}
