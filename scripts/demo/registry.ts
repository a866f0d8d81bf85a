/**
 * Registry facts for a synthetic district (scripts/demo/district.ts): mobile numbers,
 * certificates, specialties and training hours. Deterministic for a given district, so tests can
 * compute the expected figures and benchmarks can load 100,000 people the same way every time.
 */
import { recordMirroredRegistrations } from '../../store/credits/registrations';
import type { Db } from '../../store/db';
import { CERT_LEVELS } from '../../store/registry/vocabulary';
import { insertMany } from '../../store/bulkInsert';
import type { District } from './district';

export interface RegistryFacts {
  phones: { personId: string; kind: string; value: string; isPrimary: boolean }[];
  specialties: { personId: string; specialty: string }[];
  certificates: {
    personId: string;
    level: string;
    obtainedOn: Date;
    registeredOn: Date;
    registrationExpiresOn: Date;
    number: string;
  }[];
  training: {
    sourceKey: string;
    personId: string;
    hoursTenths: number;
    source: string;
    recordedBy: string;
  }[];
}

/** A mainland mobile number unique to person number `n`: 1[3-9] and nine digits. */
export function demoPhone(n: number): string {
  return `1${3 + (n % 7)}${String(n).padStart(9, '0')}`;
}

const DAY = 86_400_000;

export function buildRegistryFacts(district: District): RegistryFacts {
  const facts: RegistryFacts = { phones: [], specialties: [], certificates: [], training: [] };
  district.people.forEach(({ id }, index) => {
    const n = index + 1;
    facts.phones.push({ personId: id, kind: 'phone', value: demoPhone(n), isPrimary: false });
    if (n % 7 === 0) facts.specialties.push({ personId: id, specialty: 'family_education' });
    if (n % 11 === 0) facts.specialties.push({ personId: id, specialty: 'mental_health' });
    if (n % 5 === 0) facts.specialties.push({ personId: id, specialty: 'elderly_care' });
    if (n % 13 === 0) facts.specialties.push({ personId: id, specialty: 'volunteering' });
    const r = n % 20;
    const levels = r < 5 ? 1 : r < 8 ? 2 : r === 8 ? 3 : 0; // 45% certified; the higher hold the lower
    for (let l = 0; l < levels; l++) {
      const obtainedOn = new Date(Date.UTC(2016 + ((n + l * 3) % 9), n % 12, 1 + (n % 28)));
      const registeredOn = new Date(obtainedOn.getTime() + 30 * DAY);
      facts.certificates.push({
        personId: id,
        level: CERT_LEVELS[l]!,
        obtainedOn,
        registeredOn,
        registrationExpiresOn: new Date(
          Date.UTC(
            registeredOn.getUTCFullYear() + 3,
            registeredOn.getUTCMonth(),
            registeredOn.getUTCDate(),
          ),
        ),
        number: `${2016 + ((n + l * 3) % 9)}${l + 1}${String(n).padStart(8, '0')}`,
      });
    }
    const hours = (n * 37) % 200; // 40% reach 120
    facts.training.push({
      sourceKey: `demo/${id}/1`,
      personId: id,
      hoursTenths: Math.ceil(hours / 2) * 10,
      source: 'course',
      recordedBy: 'demo',
    });
    if (hours > 1) {
      facts.training.push({
        sourceKey: `demo/${id}/2`,
        personId: id,
        hoursTenths: (hours - Math.ceil(hours / 2)) * 10,
        source: 'external',
        recordedBy: 'demo',
      });
    }
  });
  return facts;
}

/** Writes the facts in one transaction, in multi-row INSERTs (see activities/registry/bulkInsert.ts). */
export async function loadRegistryFacts(db: Db, facts: RegistryFacts): Promise<void> {
  const now = new Date();
  await db.$transaction(
    async (tx) => {
      await insertMany(
        tx,
        'ContactChannel',
        ['personId', 'kind', 'value', 'isPrimary', 'createdAt'],
        facts.phones.map((c) => [c.personId, c.kind, c.value, c.isPrimary, now]),
      );
      await insertMany(
        tx,
        'PersonSpecialty',
        ['personId', 'specialty', 'createdAt'],
        facts.specialties.map((s) => [s.personId, s.specialty, now]),
      );
      await insertMany(
        tx,
        'Certificate',
        [
          'personId',
          'level',
          'obtainedOn',
          'registeredOn',
          'registrationExpiresOn',
          'number',
          'createdAt',
          'updatedAt',
        ],
        facts.certificates.map((c) => [
          c.personId,
          c.level,
          c.obtainedOn,
          c.registeredOn,
          c.registrationExpiresOn,
          c.number,
          now,
          now,
        ]),
      );
      await recordMirroredRegistrations(
        tx,
        [...new Set(facts.certificates.map((c) => c.personId))],
        { source: 'legacy', sourceRef: 'demo', recordedBy: 'demo' },
      );
      await insertMany(
        tx,
        'TrainingRecord',
        ['sourceKey', 'personId', 'hoursTenths', 'source', 'recordedBy', 'recordedAt'],
        facts.training.map((t) => [
          t.sourceKey,
          t.personId,
          t.hoursTenths,
          t.source,
          t.recordedBy,
          now,
        ]),
      );
    },
    { timeout: 600_000 },
  );
}
