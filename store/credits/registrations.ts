/**
 * Certificate registrations (证书登记) as records: a coordinator's entry, a roster's 登记日期 /
 * 登记有效期至, or the ledger's renewal at the end of a compliant period. Each opens one CE
 * period; the certificate's registeredOn / registrationExpiresOn mirror its latest one (the
 * course workflow and the reports read those). Idempotent: the same registration recorded again
 * answers the existing record.
 */
import { Conflict, InputError, NotFound } from '../../common/errors';
import { highestLevel } from '../../workflows/rules/examRules';
import {
  lastDayText,
  registrationSpan,
  spansOverlap,
  type RegistrationSource,
  type RegistrationSpan,
} from '../../workflows/rules/registration';
import { DEFAULT_CE_RULES, type CeRules } from '../../workflows/rules/continuingEducation';
import { chunk } from '../../workflows/rules/chunk';
import { writeTransaction, type Db, type Tx } from '../db';

export interface RegistrationInput {
  personId: string;
  /** Which certificate: by its id, or by level; neither: the highest the person holds. */
  certificateId?: number;
  level?: string;
  /** At least one of the two; the other follows from the period's length. */
  registeredOn?: Date | null;
  expiresOn?: Date | null;
  source: RegistrationSource;
  /** A roster's file name, a renewal's previous period start … */
  sourceRef?: string | null;
  /** Who recorded it (the actor's username; "renewal" for the ledger's own step). */
  recordedBy: string;
}

export interface RecordedRegistration extends RegistrationSpan {
  id: number;
  certificateId: number;
  personId: string;
  level: string;
  source: string;
  /** False when the same registration was on record already. */
  created: boolean;
}

/** Records a registration in its own transaction. */
export function recordRegistration(
  db: Db,
  input: RegistrationInput,
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): Promise<RecordedRegistration> {
  return writeTransaction(db, (tx) => recordRegistrationIn(tx, input, rules));
}

/** Records a registration inside the caller's transaction (a roster import's). */
export async function recordRegistrationIn(
  tx: Tx,
  input: RegistrationInput,
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): Promise<RecordedRegistration> {
  const certificates = await tx.certificate.findMany({ where: { personId: input.personId } });
  const certificate =
    input.certificateId !== undefined
      ? certificates.find((c) => c.id === input.certificateId)
      : input.level !== undefined
        ? certificates.find((c) => c.level === input.level)
        : highestLevel(certificates);
  if (!certificate) {
    if (!(await tx.person.findUnique({ where: { id: input.personId }, select: { id: true } })))
      throw new NotFound(`未知人员编号 / unknown person id: ${input.personId}`);
    const which =
      input.certificateId !== undefined
        ? `certificate ${input.certificateId}`
        : input.level !== undefined
          ? `${input.level} certificate`
          : 'certificate';
    throw new InputError(`${input.personId} 未持有该证书 / holds no ${which}`);
  }
  const span = registrationSpan(input, rules);
  if ('error' in span) throw new InputError(`${input.personId}: ${span.error}`);
  if (span.registeredOn < certificate.obtainedOn)
    throw new InputError(
      `${input.personId}: 登记日期 ${day(span.registeredOn)} 早于取证日期 ${day(certificate.obtainedOn)} / the registration is before the certificate was obtained`,
    );
  const existing = await tx.certificateRegistration.findMany({
    where: { certificateId: certificate.id },
    orderBy: { registeredOn: 'asc' },
  });
  const same = existing.find((r) => r.registeredOn.getTime() === span.registeredOn.getTime());
  const view = (r: (typeof existing)[number], created: boolean): RecordedRegistration => ({
    id: r.id,
    certificateId: r.certificateId,
    personId: r.personId,
    level: r.level,
    registeredOn: r.registeredOn,
    expiresOn: r.expiresOn,
    source: r.source,
    created,
  });
  if (same) {
    if (same.expiresOn.getTime() !== span.expiresOn.getTime())
      throw new Conflict(
        `${input.personId}: 登记 ${day(same.registeredOn)} 已记录有效期至 ${lastDayText(same.expiresOn)}，与 ${lastDayText(span.expiresOn)} 不符 / the registration of ${day(same.registeredOn)} is on record until ${lastDayText(same.expiresOn)}, not ${lastDayText(span.expiresOn)}`,
      );
    return view(same, false);
  }
  const clash = existing.find((r) => spansOverlap(r, span));
  if (clash)
    throw new Conflict(
      `${input.personId}: 登记期 ${day(span.registeredOn)}–${day(span.expiresOn)} 与已记录的 ${day(clash.registeredOn)}–${day(clash.expiresOn)} 重叠 / overlaps the registration on record`,
    );
  const row = await tx.certificateRegistration.create({
    data: {
      certificateId: certificate.id,
      personId: input.personId,
      level: certificate.level,
      registeredOn: span.registeredOn,
      expiresOn: span.expiresOn,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      recordedBy: input.recordedBy,
    },
  });
  const latest = existing.every((r) => r.registeredOn < span.registeredOn);
  if (latest)
    await tx.certificate.update({
      where: { id: certificate.id },
      data: { registeredOn: span.registeredOn, registrationExpiresOn: span.expiresOn },
    });
  return view(row, true);
}

/**
 * Registration records for certificates inserted in bulk with their registration on them (a
 * roster's new people, the demo district): one record per registered certificate of these people.
 */
export async function recordMirroredRegistrations(
  tx: Db | Tx,
  personIds: string[],
  meta: { source: RegistrationSource; sourceRef: string | null; recordedBy: string },
): Promise<void> {
  for (const ids of chunk(personIds, 500)) {
    const certs = await tx.certificate.findMany({
      where: { personId: { in: ids }, registeredOn: { not: null } },
      select: {
        id: true,
        personId: true,
        level: true,
        registeredOn: true,
        registrationExpiresOn: true,
      },
    });
    if (!certs.length) continue;
    await tx.certificateRegistration.createMany({
      data: certs.map((c) => {
        const span = registrationSpan({
          registeredOn: c.registeredOn,
          expiresOn: c.registrationExpiresOn,
        }) as RegistrationSpan;
        return {
          certificateId: c.id,
          personId: c.personId,
          level: c.level,
          ...span,
          ...meta,
        };
      }),
    });
  }
}

/** A person's registrations, every certificate, oldest first. */
export function registrationsOf(db: Db | Tx, personId: string) {
  return db.certificateRegistration.findMany({
    where: { personId },
    orderBy: [{ level: 'asc' }, { registeredOn: 'asc' }],
  });
}

const day = (d: Date) => d.toISOString().slice(0, 10);
