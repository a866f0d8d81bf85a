/**
 * Writes planned rows inside the caller's transaction: new people in bulk (multi-row INSERTs),
 * changed people one by one. Imports add and correct; they never remove a person or a certificate.
 */
import type { Prisma } from '../../db';
import { insertMany } from '../../bulkInsert';
import type { PlannedRow } from './plan';
import { registrationColumns, writeNewRegistrations, writeRegistration } from './registration';
import { writeOpeningBalances, type BalanceSource } from './openingBalance';

type Tx = Prisma.TransactionClient;

function contactRows(p: PlannedRow) {
  const { row, personId } = p;
  return [
    ...(row.phone ? [{ personId, kind: 'phone', value: row.phone, isPrimary: false }] : []),
    ...(row.email ? [{ personId, kind: 'email', value: row.email, isPrimary: true }] : []),
  ];
}

function certificateRows(p: PlannedRow) {
  const c = p.row.certificate;
  return c
    ? [{ personId: p.personId, level: c.level, obtainedOn: c.obtainedOn, number: c.number ?? null }]
    : [];
}

async function createPeople(tx: Tx, planned: PlannedRow[]) {
  const now = new Date();
  await insertMany(
    tx,
    'Person',
    [
      'id',
      'name',
      'unitId',
      'role',
      'idCardHash',
      'idCardMasked',
      'gender',
      'createdAt',
      'updatedAt',
    ],
    planned.map(({ row, personId }) => [
      personId,
      row.name,
      row.unitId,
      row.role,
      row.idCardHash ?? null,
      row.idCardMasked ?? null,
      row.gender ?? null,
      now,
      now,
    ]),
  );
  await insertMany(
    tx,
    'ContactChannel',
    ['personId', 'kind', 'value', 'isPrimary', 'createdAt'],
    planned.flatMap(contactRows).map((c) => [c.personId, c.kind, c.value, c.isPrimary, now]),
  );
  await insertMany(
    tx,
    'PersonSpecialty',
    ['personId', 'specialty', 'createdAt'],
    planned.flatMap((p) => (p.row.specialties ?? []).map((s) => [p.personId, s, now])),
  );
  await insertMany(
    tx,
    'Certificate',
    [
      'personId',
      'level',
      'obtainedOn',
      'number',
      'registeredOn',
      'registrationExpiresOn',
      'createdAt',
      'updatedAt',
    ],
    planned.flatMap((p) =>
      certificateRows(p).map((c) => [
        c.personId,
        c.level,
        c.obtainedOn,
        c.number,
        ...registrationColumns(p.row),
        now,
        now,
      ]),
    ),
  );
}

async function replaceContact(tx: Tx, personId: string, kind: string, value: string) {
  await tx.contactChannel.deleteMany({ where: { personId, kind, value: { not: value } } });
  await tx.contactChannel.upsert({
    where: { personId_kind_value: { personId, kind, value } },
    create: { personId, kind, value, isPrimary: kind === 'email' },
    update: {},
  });
}

async function updatePerson(tx: Tx, p: PlannedRow, source: BalanceSource) {
  const { row, personId, changes } = p;
  const has = (f: string) => changes.includes(f);
  if (has('name') || has('unit') || has('role') || has('id_card') || has('gender')) {
    await tx.person.update({
      where: { id: personId },
      data: {
        name: row.name,
        unitId: row.unitId,
        role: row.role,
        ...(row.gender ? { gender: row.gender } : {}),
        ...(row.idCardHash ? { idCardHash: row.idCardHash, idCardMasked: row.idCardMasked } : {}),
      },
    });
  }
  if (has('phone')) await replaceContact(tx, personId, 'phone', row.phone!);
  if (has('email')) await replaceContact(tx, personId, 'email', row.email!);
  if (has('specialties')) {
    await tx.personSpecialty.deleteMany({ where: { personId } });
    await tx.personSpecialty.createMany({
      data: row.specialties!.map((specialty) => ({ personId, specialty })),
    });
  }
  const cert = row.certificate;
  if (has('certificate') && cert) {
    await tx.certificate.upsert({
      where: { personId_level: { personId, level: cert.level } },
      create: certificateRows(p)[0]!,
      update: { obtainedOn: cert.obtainedOn, ...(cert.number ? { number: cert.number } : {}) },
    });
  }
  if (has('registration')) await writeRegistration(tx, personId, row, source);
}

export async function applyPlan(
  tx: Tx,
  planned: PlannedRow[],
  source: BalanceSource,
): Promise<void> {
  await createPeople(
    tx,
    planned.filter((p) => p.action === 'create'),
  );
  const created = planned.filter((p) => p.action === 'create');
  await writeNewRegistrations(
    tx,
    created.filter((p) => p.row.registration).map((p) => p.personId),
    source,
  );
  for (const p of planned) if (p.action === 'update') await updatePerson(tx, p, source);
  await writeOpeningBalances(tx, planned, source);
}
