/**
 * A person's working life (人员变动): transfer to another unit, leave (with a reason kept here,
 * never in a workflow), return. Each closes or opens a stay (UnitMembership) on its date, moves
 * the person's current unit and active flag, and records a PersonChange with who did it.
 */
import type { Db, Tx } from '../../db';
import { writeTransaction } from '../../db';
import { Conflict, InputError } from '../../../common/errors';
import { RegistryError } from '../subtree';
import { lastChange, openStay, type Stay } from '../../../workflows/rules/stays';

const day = (d: Date) => d.toISOString().slice(0, 10);

async function personOf(tx: Tx, personId: string) {
  const person = await tx.person.findUnique({
    where: { id: personId.trim() },
    select: { id: true, unitId: true, active: true, updatedAt: true },
  });
  if (!person) throw new RegistryError(`未知人员编号 / unknown person id: ${personId}`);
  return person;
}

/**
 * The person's stays; a person imported before stays were kept gets one now: in their unit since
 * before the registry knew, ended on the day the registry last changed them if they are inactive.
 */
export async function staysOf(tx: Tx, personId: string): Promise<(Stay & { id: number })[]> {
  const stays = await tx.unitMembership.findMany({
    where: { personId },
    orderBy: [{ startedOn: 'asc' }, { id: 'asc' }],
  });
  if (stays.length) return stays;
  const p = await personOf(tx, personId);
  const ended = p.active
    ? null
    : new Date(
        Date.UTC(p.updatedAt.getUTCFullYear(), p.updatedAt.getUTCMonth(), p.updatedAt.getUTCDate()),
      );
  return [
    await tx.unitMembership.create({
      data: { personId, unitId: p.unitId, startedOn: null, endedOn: ended },
    }),
  ];
}

function notBefore(stays: Stay[], on: Date, what: string): void {
  const last = lastChange(stays);
  if (last && on < last)
    throw new InputError(
      `${what}日期 ${day(on)} 早于上一次变动 ${day(last)} / ${what} date ${day(on)} is before the last change on ${day(last)}`,
    );
}

async function openUnit(tx: Tx, unitId: string) {
  const unit = await tx.organisation.findUnique({
    where: { id: unitId.trim() },
    select: { id: true, name: true, closedOn: true },
  });
  if (!unit) throw new InputError(`未知单位编号 / unknown unit id: ${unitId}`);
  if (unit.closedOn)
    throw new InputError(`单位 ${unit.name} (${unit.id}) 已撤销 / unit ${unit.id} is closed`);
  return unit;
}

export interface ChangeInput {
  personId: string;
  on: Date;
  by: string;
}

export interface ChangeResult {
  personId: string;
  kind: 'transfer' | 'leave' | 'return';
  effectiveOn: string;
  fromUnitId: string | null;
  toUnitId: string | null;
  active: boolean;
}

export async function transferPerson(
  db: Db,
  input: ChangeInput & { toUnitId: string },
): Promise<ChangeResult> {
  return writeTransaction(db, async (tx) => {
    const person = await personOf(tx, input.personId);
    if (!person.active)
      throw new Conflict(
        `${person.id} 已离职，请用 return / ${person.id} has left: record a return instead`,
      );
    const to = await openUnit(tx, input.toUnitId);
    if (to.id === person.unitId)
      throw new InputError(`${person.id} 已在 ${to.id} / ${person.id} is in ${to.id} already`);
    const stays = await staysOf(tx, person.id);
    notBefore(stays, input.on, '调动 / transfer');
    const open = openStay(stays)!;
    await tx.unitMembership.update({ where: { id: open.id }, data: { endedOn: input.on } });
    await tx.unitMembership.create({
      data: { personId: person.id, unitId: to.id, startedOn: input.on },
    });
    await tx.person.update({ where: { id: person.id }, data: { unitId: to.id } });
    await tx.personChange.create({
      data: {
        personId: person.id,
        kind: 'transfer',
        effectiveOn: input.on,
        fromUnitId: person.unitId,
        toUnitId: to.id,
        recordedBy: input.by,
      },
    });
    return {
      personId: person.id,
      kind: 'transfer',
      effectiveOn: day(input.on),
      fromUnitId: person.unitId,
      toUnitId: to.id,
      active: true,
    };
  });
}

export async function recordLeave(
  db: Db,
  input: ChangeInput & { reason: string },
): Promise<ChangeResult> {
  const reason = input.reason.trim();
  if (!reason) throw new InputError('须注明离职原因 / a reason for leaving is required');
  return writeTransaction(db, async (tx) => {
    const person = await personOf(tx, input.personId);
    if (!person.active) throw new Conflict(`${person.id} 已离职 / ${person.id} has left already`);
    const stays = await staysOf(tx, person.id);
    notBefore(stays, input.on, '离职 / leave');
    const open = openStay(stays)!;
    await tx.unitMembership.update({ where: { id: open.id }, data: { endedOn: input.on } });
    await tx.person.update({ where: { id: person.id }, data: { active: false } });
    await tx.personChange.create({
      data: {
        personId: person.id,
        kind: 'leave',
        effectiveOn: input.on,
        fromUnitId: person.unitId,
        reason,
        recordedBy: input.by,
      },
    });
    return {
      personId: person.id,
      kind: 'leave',
      effectiveOn: day(input.on),
      fromUnitId: person.unitId,
      toUnitId: null,
      active: false,
    };
  });
}

export async function recordReturn(
  db: Db,
  input: ChangeInput & { unitId?: string },
): Promise<ChangeResult> {
  return writeTransaction(db, async (tx) => {
    const person = await personOf(tx, input.personId);
    if (person.active) throw new Conflict(`${person.id} 在职，无需返岗 / ${person.id} is active`);
    const unit = await openUnit(tx, input.unitId ?? person.unitId);
    const stays = await staysOf(tx, person.id);
    notBefore(stays, input.on, '返岗 / return');
    await tx.unitMembership.create({
      data: { personId: person.id, unitId: unit.id, startedOn: input.on },
    });
    await tx.person.update({ where: { id: person.id }, data: { active: true, unitId: unit.id } });
    await tx.personChange.create({
      data: {
        personId: person.id,
        kind: 'return',
        effectiveOn: input.on,
        fromUnitId: person.unitId,
        toUnitId: unit.id,
        recordedBy: input.by,
      },
    });
    return {
      personId: person.id,
      kind: 'return',
      effectiveOn: day(input.on),
      fromUnitId: person.unitId,
      toUnitId: unit.id,
      active: true,
    };
  });
}
