/**
 * One unit at a time (单位维护): add, rename, move under another parent, close. Each checks the
 * tree first and writes nothing on a problem: an unknown or closed parent, a unit under itself or
 * its own descendant, a second unit of one name under one parent, closing a unit that still has
 * active people or open sub-units.
 */
import type { Db, Tx } from '../../db';
import { writeTransaction } from '../../db';
import { Conflict, InputError } from '../../../common/errors';
import { RegistryError } from '../subtree';
import { loadVocabulary } from '../vocabularyTerms';
import { codeIn, knownCodes } from '../../../workflows/rules/vocabulary';
import { kindFromName } from '../../../workflows/rules/unitKinds';
import {
  cleanName,
  generatedUnitId,
  isValidUnitId,
  wouldCycle,
} from '../../../workflows/rules/orgTree';
import { repath } from './tree';

export interface UnitRecord {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string;
  closedOn: Date | null;
}

const select = {
  id: true,
  name: true,
  kind: true,
  parentId: true,
  path: true,
  closedOn: true,
} as const;

async function unitOf(tx: Tx | Db, id: string, what = '单位 / unit'): Promise<UnitRecord> {
  const unit = await tx.organisation.findUnique({ where: { id: id.trim() }, select });
  if (!unit)
    throw new RegistryError(
      `未知${what.split(' / ')[0]}编号 / unknown ${what.split(' / ')[1]} id: ${id}`,
    );
  return unit;
}

async function openParent(tx: Tx, parentId: string): Promise<UnitRecord> {
  const parent = await unitOf(tx, parentId, '上级单位 / parent unit').catch((e: Error) => {
    throw new InputError(e.message);
  });
  if (parent.closedOn)
    throw new InputError(
      `上级单位 ${parent.name} (${parent.id}) 已撤销 / parent ${parent.id} is closed`,
    );
  return parent;
}

async function noSibling(tx: Tx, parentId: string | null, name: string, except?: string) {
  const siblings = await tx.organisation.findMany({
    where: { parentId, closedOn: null, ...(except ? { id: { not: except } } : {}) },
    select: { id: true, name: true },
  });
  const same = siblings.find((s) => cleanName(s.name) === name);
  if (same)
    throw new Conflict(
      `同一上级下已有同名单位 / ${parentId ?? 'the top'} already has a unit named "${name}": ${same.id}`,
    );
}

async function kindOf(db: Db | Tx, written: string | undefined, name: string): Promise<string> {
  const kinds = await loadVocabulary(db, 'org_kind');
  if (written?.trim()) {
    const kind = codeIn(kinds, written);
    if (!kind)
      throw new InputError(
        `未知的单位类型 / unknown kind "${written}" (known: ${knownCodes(kinds)})`,
      );
    return kind;
  }
  const kind = kindFromName(name);
  if (!kind)
    throw new InputError(
      `无法从名称判断类型，请给出类型 / cannot tell the kind of "${name}" from its name: give --kind (known: ${knownCodes(kinds)})`,
    );
  return kind;
}

export interface NewUnit {
  id?: string;
  name: string;
  kind?: string;
  parentId?: string;
}

export async function addUnit(db: Db, input: NewUnit, by: string): Promise<UnitRecord> {
  const name = cleanName(input.name);
  if (!name) throw new InputError('单位名称为空 / the unit needs a name');
  const kind = await kindOf(db, input.kind, name);
  return writeTransaction(db, async (tx) => {
    const parent = input.parentId ? await openParent(tx, input.parentId) : undefined;
    await noSibling(tx, parent?.id ?? null, name);
    let id = input.id?.trim();
    if (id !== undefined) {
      if (!isValidUnitId(id))
        throw new InputError(
          `单位编号只能含字母、数字、. _ - / a unit id holds letters, digits, . _ - only: "${id}"`,
        );
      if (await tx.organisation.findUnique({ where: { id }, select: { id: true } }))
        throw new Conflict(`单位编号已存在 / unit id ${id} exists`);
    } else {
      const taken = new Set(
        (await tx.organisation.findMany({ select: { id: true } })).map((o) => o.id),
      );
      id = generatedUnitId(parent?.id ?? null, name, (x) => taken.has(x));
    }
    return tx.organisation.create({
      data: {
        id,
        name,
        kind,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
        changedBy: by,
      },
      select,
    });
  });
}

export async function renameUnit(
  db: Db,
  unitId: string,
  change: { name?: string; kind?: string },
  by: string,
): Promise<UnitRecord> {
  return writeTransaction(db, async (tx) => {
    const unit = await unitOf(tx, unitId);
    const name = change.name !== undefined ? cleanName(change.name) : unit.name;
    if (!name) throw new InputError('单位名称为空 / the unit needs a name');
    if (name !== unit.name) await noSibling(tx, unit.parentId, name, unit.id);
    const kind = change.kind !== undefined ? await kindOf(tx, change.kind, name) : unit.kind;
    return tx.organisation.update({
      where: { id: unit.id },
      data: { name, kind, changedBy: by },
      select,
    });
  });
}

export async function moveUnit(
  db: Db,
  unitId: string,
  parentId: string,
  by: string,
): Promise<UnitRecord> {
  return writeTransaction(db, async (tx) => {
    const unit = await unitOf(tx, unitId);
    const parent = await openParent(tx, parentId);
    const parents = new Map(
      (await tx.organisation.findMany({ select: { id: true, parentId: true } })).map((o) => [
        o.id,
        o.parentId,
      ]),
    );
    if (wouldCycle(unit.id, parent.id, (id) => parents.get(id)))
      throw new InputError(
        `不能把 ${unit.name} (${unit.id}) 移到自身或其下级 ${parent.name} (${parent.id}) 之下 / a unit cannot go under itself or its own descendant`,
      );
    await noSibling(tx, parent.id, unit.name, unit.id);
    await tx.organisation.update({
      where: { id: unit.id },
      data: { parentId: parent.id, changedBy: by },
    });
    await repath(tx, unit.id);
    return unitOf(tx, unit.id);
  });
}

/** Closes a unit on a date: refused while it or a unit under it still has active people. */
export async function closeUnit(db: Db, unitId: string, on: Date, by: string): Promise<UnitRecord> {
  return writeTransaction(db, async (tx) => {
    const unit = await unitOf(tx, unitId);
    if (unit.closedOn)
      throw new Conflict(`单位 ${unit.id} 已撤销 / unit ${unit.id} is closed already`);
    const open = await tx.organisation.count({
      where: { path: { startsWith: unit.path }, id: { not: unit.id }, closedOn: null },
    });
    if (open)
      throw new Conflict(
        `${unit.name} (${unit.id}) 下还有 ${open} 个未撤销的下级单位：请先移走或撤销 / ${unit.id} still has ${open} open sub-units: move or close them first`,
      );
    const people = await tx.person.count({ where: { unitId: unit.id, active: true } });
    if (people)
      throw new Conflict(
        `${unit.name} (${unit.id}) 还有 ${people} 名在职人员：请先调出或登记离职 / ${unit.id} still has ${people} active people: transfer them or record their leaving first (yz person list --unit ${unit.id})`,
      );
    return tx.organisation.update({
      where: { id: unit.id },
      data: { closedOn: on, changedBy: by },
      select,
    });
  });
}
