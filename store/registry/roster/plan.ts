/**
 * What importing checked rows would do to the registry: for each row the person it matches
 * (by person id, else ID-card hash, else phone), and whether that person is created, updated or
 * unchanged. A row whose phone or ID-card number belongs to another person is a conflict.
 */
import { randomBytes } from 'node:crypto';
import type { Prisma } from '../../db';
import { chunk } from '../../../workflows/rules/chunk';
import type { RosterRow, RowProblem } from './validate';
import { columnLetter, type Column, type Field } from './headers';
import { OPENING_BALANCE } from './openingBalance';

type Tx = Prisma.TransactionClient;

export type Action = 'create' | 'update' | 'unchanged';

export interface Existing {
  id: string;
  name: string;
  unitId: string;
  role: string;
  idCardHash: string | null;
  gender: string | null;
  phones: string[];
  emails: string[];
  specialties: string[];
  certificates: {
    level: string;
    obtainedOn: Date;
    number: string | null;
    registeredOn: Date | null;
    registrationExpiresOn: Date | null;
  }[];
  /** The opening balance of training hours a roster gave, in tenths. */
  openingTenths: number | undefined;
}

export interface PlannedRow {
  row: RosterRow;
  personId: string;
  action: Action;
  /** Fields that change (empty when created or unchanged). */
  changes: string[];
  existing?: Existing;
}

const IN_CHUNK = 1000;

async function inChunks<T>(values: string[], load: (chunk: string[]) => Promise<T[]>) {
  const out: T[] = [];
  for (const part of chunk(values, IN_CHUNK)) out.push(...(await load(part)));
  return out;
}

const defined = (vs: (string | undefined)[]) => [...new Set(vs.filter((v): v is string => !!v))];

async function loadExisting(tx: Tx, rows: RosterRow[]) {
  const byPhone = new Map<string, string[]>();
  for (const c of await inChunks(defined(rows.map((r) => r.phone)), (values) =>
    tx.contactChannel.findMany({
      where: { kind: 'phone', value: { in: values } },
      select: { personId: true, value: true },
    }),
  )) {
    byPhone.set(c.value, [...(byPhone.get(c.value) ?? []), c.personId]);
  }
  const byHash = new Map<string, string>();
  for (const p of await inChunks(defined(rows.map((r) => r.idCardHash)), (values) =>
    tx.person.findMany({
      where: { idCardHash: { in: values } },
      select: { id: true, idCardHash: true },
    }),
  )) {
    byHash.set(p.idCardHash!, p.id);
  }
  const ids = defined([
    ...rows.map((r) => r.personId),
    ...byHash.values(),
    ...[...byPhone.values()].flat(),
  ]);
  const people = new Map<string, Existing>();
  for (const p of await inChunks(ids, (values) =>
    tx.person.findMany({
      where: { id: { in: values } },
      select: {
        id: true,
        name: true,
        unitId: true,
        role: true,
        idCardHash: true,
        gender: true,
        contacts: { select: { kind: true, value: true } },
        specialties: { select: { specialty: true } },
        certificates: {
          select: {
            level: true,
            obtainedOn: true,
            number: true,
            registeredOn: true,
            registrationExpiresOn: true,
          },
        },
        training: { where: { source: OPENING_BALANCE }, select: { hoursTenths: true } },
      },
    }),
  )) {
    people.set(p.id, {
      id: p.id,
      name: p.name,
      unitId: p.unitId,
      role: p.role,
      idCardHash: p.idCardHash,
      gender: p.gender,
      phones: p.contacts.filter((c) => c.kind === 'phone').map((c) => c.value),
      emails: p.contacts.filter((c) => c.kind === 'email').map((c) => c.value),
      specialties: p.specialties.map((s) => s.specialty).sort(),
      certificates: p.certificates,
      openingTenths: p.training[0]?.hoursTenths,
    });
  }
  return { byPhone, byHash, people };
}

/** The fields of `existing` a row would change. */
export function changedFields(row: RosterRow, existing: Existing): string[] {
  const changes: string[] = [];
  if (row.name !== existing.name) changes.push('name');
  if (row.unitId !== existing.unitId) changes.push('unit');
  if (row.role !== existing.role) changes.push('role');
  if (row.idCardHash && row.idCardHash !== existing.idCardHash) changes.push('id_card');
  if (row.gender && row.gender !== existing.gender) changes.push('gender');
  if (row.pastHoursTenths !== undefined && row.pastHoursTenths !== existing.openingTenths) {
    changes.push('training_hours');
  }
  if (row.phone && !(existing.phones.length === 1 && existing.phones[0] === row.phone)) {
    changes.push('phone');
  }
  if (row.email && !(existing.emails.length === 1 && existing.emails[0] === row.email)) {
    changes.push('email');
  }
  if (row.specialties && row.specialties.join() !== existing.specialties.join()) {
    changes.push('specialties');
  }
  const cert = row.certificate;
  if (cert) {
    const held = existing.certificates.find((c) => c.level === cert.level);
    if (
      !held ||
      held.obtainedOn.getTime() !== cert.obtainedOn.getTime() ||
      (cert.number !== undefined && cert.number !== held.number)
    ) {
      changes.push('certificate');
    }
    const reg = row.registration;
    if (
      reg &&
      (held?.registeredOn?.getTime() !== reg.registeredOn.getTime() ||
        held?.registrationExpiresOn?.getTime() !== reg.expiresOn.getTime())
    ) {
      changes.push('registration');
    }
  }
  return changes;
}

/** A new person id: "p-" and 12 random hex digits. */
export function newPersonId(): string {
  return `p-${randomBytes(6).toString('hex')}`;
}

/** Plans every row; conflicting rows are reported and left out. */
export async function planRows(
  tx: Tx,
  rows: RosterRow[],
  columns: ReadonlyMap<Field, Column>,
  problems: RowProblem[],
): Promise<PlannedRow[]> {
  const { byPhone, byHash, people } = await loadExisting(tx, rows);
  const conflict = (row: RosterRow, field: Field, message: string) => {
    const c = columns.get(field);
    problems.push({
      row: row.row,
      field,
      ...(c ? { column: `${columnLetter(c.index)} ${c.header}` } : {}),
      code: 'conflict_existing',
      message,
    });
  };
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    const matchedId =
      row.key.kind === 'person_id'
        ? row.key.value
        : row.key.kind === 'id_card'
          ? byHash.get(row.key.value)
          : byPhone.get(row.key.value)?.[0];
    const existing = matchedId ? people.get(matchedId) : undefined;
    const before = problems.length;
    const holder = row.idCardHash ? byHash.get(row.idCardHash) : undefined;
    if (holder && holder !== matchedId) {
      conflict(
        row,
        'id_card',
        `此身份证号属于人员 ${holder} / this ID-card number belongs to person ${holder}`,
      );
    } else if (row.idCardHash && existing?.idCardHash && existing.idCardHash !== row.idCardHash) {
      conflict(
        row,
        'id_card',
        `人员 ${existing.id} 登记的身份证号与此不同 / person ${existing.id} has a different ID-card number on file`,
      );
    }
    const phoneHolders = row.phone ? (byPhone.get(row.phone) ?? []) : [];
    const other = phoneHolders.find((id) => id !== matchedId);
    if (other)
      conflict(row, 'phone', `此手机号属于人员 ${other} / this phone belongs to person ${other}`);
    if (problems.length > before) continue;
    if (!existing) {
      planned.push({ row, personId: matchedId ?? newPersonId(), action: 'create', changes: [] });
      continue;
    }
    const changes = changedFields(row, existing);
    planned.push({
      row,
      personId: existing.id,
      action: changes.length ? 'update' : 'unchanged',
      changes,
      existing,
    });
  }
  return planned;
}
