/**
 * The organisation tree's rules (组织树): where a unit may go, what its id is when the office
 * gives none, and the whole check of an organisation file against the tree. Pure: the store
 * loads the tree and writes the plan.
 */
import { fnv1a32 } from './fnv1a';
import { kindFromName } from './unitKinds';

export interface TreeUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  closed?: boolean;
}

/** Ids are path segments: letters, digits, `.`, `_` and `-` (no `/`), at most 64 characters. */
const ID = /^[\p{L}\p{N}._-]{1,64}$/u;

export function isValidUnitId(id: string): boolean {
  return ID.test(id);
}

/** Spaces inside and around a name (U+3000 too) say nothing: `花木 街道` is `花木街道`. */
export function cleanName(name: string): string {
  return name.replace(/[\s\u3000]+/gu, '').trim();
}

/**
 * True when putting `unitId` under `parentId` would make it its own ancestor (under itself or
 * under one of its descendants). `parentOf` answers the current parent of any unit.
 */
export function wouldCycle(
  unitId: string,
  parentId: string | null,
  parentOf: (id: string) => string | null | undefined,
): boolean {
  const seen = new Set<string>();
  for (let at = parentId; at != null; at = parentOf(at) ?? null) {
    if (at === unitId) return true;
    if (seen.has(at)) return true; // an existing loop: refuse rather than spin
    seen.add(at);
  }
  return false;
}

/** FNV-1a, 32 bits, in base 36: a short stable tag of a text (not a secret). */
function tag(text: string): string {
  return fnv1a32(text).toString(36).padStart(7, '0');
}

/**
 * The id of a unit the office gave none for: its parent's id and a tag of its name, so the same
 * file imported again names the same unit (`pudong.1x9k2ab`). `taken` ids get a suffix.
 */
export function generatedUnitId(
  parentId: string | null,
  name: string,
  taken: (id: string) => boolean,
): string {
  const base = `${parentId ?? 'org'}.${tag(cleanName(name))}`.slice(-64);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

// ---- an organisation file against the tree ------------------------------------------------------

/** One data row of an organisation file as written (row = the spreadsheet's row number). */
export interface OrgFileRow {
  row: number;
  id?: string;
  name: string;
  kind?: string;
  parent?: string;
}

export type OrgColumn = 'id' | 'name' | 'kind' | 'parent';

export const ORG_COLUMN_ZH: Record<OrgColumn, string> = {
  id: '单位编号',
  name: '单位名称',
  kind: '类型',
  parent: '上级单位',
};

export interface OrgProblem {
  row: number;
  column: OrgColumn;
  value: string;
  message: string;
}

export interface PlannedUnit {
  row: number;
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  /** create: new; update: name, kind or parent changes; unchanged: as the tree holds it. */
  action: 'create' | 'update' | 'unchanged';
  /** Whether the id was made here (the file gave none). */
  generatedId: boolean;
  kindFromName: boolean;
}

export interface OrgPlan {
  units: PlannedUnit[];
  problems: OrgProblem[];
}

/**
 * Checks every row and resolves every parent (by id, else by name among the tree and the file),
 * kind (the written one through `readKind`, else from the name's ending) and id. Parents may come
 * later in the file. Nothing is planned to be written when any row has a problem (the caller
 * writes all or nothing).
 */
export function planOrgFile(
  tree: readonly TreeUnit[],
  given: readonly OrgFileRow[],
  readKind: (written: string) => string | undefined,
  knownKinds: string,
): OrgPlan {
  const rows = matchTreeUnits(tree, given);
  const problems: OrgProblem[] = [];
  const problem = (r: OrgFileRow, column: OrgColumn, value: string, message: string) =>
    problems.push({ row: r.row, column, value, message });
  const byId = new Map(tree.map((u) => [u.id, u]));

  // 1. ids given in the file, and names
  const fileIds = new Map<string, OrgFileRow>();
  for (const r of rows) {
    if (!cleanName(r.name)) problem(r, 'name', r.name, '单位名称为空 / the unit has no name');
    if (r.id === undefined) continue;
    if (!isValidUnitId(r.id))
      problem(
        r,
        'id',
        r.id,
        `单位编号只能含字母、数字、. _ - / a unit id holds letters, digits, . _ - only (no /)`,
      );
    else if (fileIds.has(r.id))
      problem(
        r,
        'id',
        r.id,
        `单位编号与第 ${fileIds.get(r.id)!.row} 行重复 / same id as row ${fileIds.get(r.id)!.row}`,
      );
    else fileIds.set(r.id, r);
  }

  // 2. parents: an id (tree or file) first, else a unique name (tree or file)
  const byName = new Map<string, string[]>(); // name → ids or `row:N` for rows without an id
  const keyOf = (r: OrgFileRow) => r.id ?? `row:${r.row}`;
  for (const u of tree)
    byName.set(cleanName(u.name), [...(byName.get(cleanName(u.name)) ?? []), u.id]);
  for (const r of rows) {
    const n = cleanName(r.name);
    const ids = byName.get(n) ?? [];
    // A row re-stating a tree unit (same id) is that unit, not a second one of the name.
    if (!(r.id && ids.includes(r.id))) byName.set(n, [...ids, keyOf(r)]);
  }
  const parentKey = new Map<OrgFileRow, string | null>();
  for (const r of rows) {
    const written = r.parent?.trim();
    if (!written) {
      parentKey.set(r, null);
      continue;
    }
    if (byId.has(written) || fileIds.has(written)) {
      parentKey.set(r, written);
      continue;
    }
    const named = byName.get(cleanName(written)) ?? [];
    if (named.length === 1) parentKey.set(r, named[0]!);
    else if (named.length === 0)
      problem(
        r,
        'parent',
        written,
        `未知上级单位 / unknown parent "${written}" (neither an id nor a name in the tree or the file)`,
      );
    else
      problem(
        r,
        'parent',
        written,
        `上级单位名称不唯一 / parent name "${written}" names ${named.length} units: write its id`,
      );
  }

  // 3. ids for rows without one: the tree's unit of that name under that parent, else generated
  const taken = new Set<string>([...byId.keys(), ...fileIds.keys()]);
  const idOf = new Map<string, string>(); // key → id
  for (const k of fileIds.keys()) idOf.set(k, k);
  const resolve = (key: string | null | undefined): string | null | undefined =>
    key == null ? key : (idOf.get(key) ?? (byId.has(key) ? key : undefined));
  // Rows whose parent is itself a row without an id are resolved after it: repeat until stable.
  let pending = rows.filter((r) => r.id === undefined && parentKey.has(r));
  for (let guard = 0; pending.length && guard <= rows.length; guard++) {
    const next: OrgFileRow[] = [];
    for (const r of pending) {
      const key = parentKey.get(r)!;
      const parentId = resolve(key);
      if (parentId === undefined) {
        next.push(r);
        continue;
      }
      const same = tree.find(
        (u) => u.parentId === parentId && cleanName(u.name) === cleanName(r.name),
      );
      const id = same?.id ?? generatedUnitId(parentId, r.name, (x) => taken.has(x));
      taken.add(id);
      idOf.set(keyOf(r), id);
    }
    if (next.length === pending.length) break; // the rest hang under each other: a cycle
    pending = next;
  }

  // 4. each row as a unit
  const units: PlannedUnit[] = [];
  const after = new Map<string, TreeUnit>(byId);
  for (const r of rows) {
    const id = idOf.get(keyOf(r));
    if (!parentKey.has(r)) continue; // its parent is already a problem
    if (id === undefined) {
      problem(r, 'parent', r.parent ?? '', '单位在自身之下 / the unit would be under itself');
      continue;
    }
    const parentId = resolve(parentKey.get(r)) ?? null;
    let kind: string | undefined;
    let fromName = false;
    if (r.kind?.trim()) {
      kind = readKind(r.kind);
      if (!kind)
        problem(
          r,
          'kind',
          r.kind,
          `未知的单位类型 / unknown kind "${r.kind.trim()}" (known: ${knownKinds})`,
        );
    } else {
      kind = kindFromName(r.name);
      fromName = true;
      if (!kind)
        problem(
          r,
          'kind',
          '',
          `无法从名称判断类型，请填写类型 / cannot tell the kind from the name "${r.name}": fill in 类型 (known: ${knownKinds})`,
        );
    }
    const old = byId.get(id);
    if (old?.closed) problem(r, 'id', id, `单位已撤销 / unit ${id} is closed`);
    const unit: PlannedUnit = {
      row: r.row,
      id,
      name: cleanName(r.name),
      kind: kind ?? '',
      parentId,
      action: !old
        ? 'create'
        : old.name === cleanName(r.name) && old.kind === kind && old.parentId === parentId
          ? 'unchanged'
          : 'update',
      generatedId: r.id === undefined,
      kindFromName: fromName,
    };
    units.push(unit);
    after.set(id, { id, name: unit.name, kind: unit.kind, parentId });
  }

  // 5. the tree after the file: no unit under itself, no two of one name under one parent
  const parentOf = (id: string) => after.get(id)?.parentId;
  for (const u of units) {
    if (u.parentId !== null && wouldCycle(u.id, u.parentId, parentOf))
      problem(
        rowOf(rows, u.row),
        'parent',
        u.parentId,
        `单位 ${u.id} 将在自身或其下级之下 / unit ${u.id} would be under itself or its own descendant`,
      );
  }
  const seen = new Map<string, string>();
  for (const u of after.values()) {
    if (byId.get(u.id)?.closed) continue;
    const key = `${u.parentId ?? ''}\u0000${u.name}`;
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, u.id);
      continue;
    }
    const mine = units.find((p) => p.id === u.id) ?? units.find((p) => p.id === other);
    if (mine)
      problem(
        rowOf(rows, mine.row),
        'name',
        u.name,
        `同一上级下已有同名单位 / two units named "${u.name}" under ${u.parentId ?? 'the top'}: ${other}, ${u.id}`,
      );
  }
  problems.sort((a, b) => a.row - b.row);
  return { units: problems.length ? [] : units, problems };
}

/**
 * Rows without an id that re-state a unit of the tree (same name under the same parent) take its
 * id, so importing a file again changes nothing instead of finding every name twice. Repeated
 * until stable: a community is matched once its street is.
 */
function matchTreeUnits(tree: readonly TreeUnit[], given: readonly OrgFileRow[]): OrgFileRow[] {
  const rows = given.map((r) => ({ ...r }));
  const treeIds = new Set(tree.map((u) => u.id));
  for (let changed = true; changed; ) {
    changed = false;
    const ids = new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
    for (const r of rows) {
      if (r.id !== undefined) continue;
      const written = r.parent?.trim();
      let parentId: string | null | undefined = null;
      if (written) {
        if (treeIds.has(written) || ids.has(written)) parentId = written;
        else {
          const named = tree.filter((u) => cleanName(u.name) === cleanName(written));
          parentId = named.length === 1 ? named[0]!.id : undefined;
        }
      }
      if (parentId === undefined) continue;
      const same = tree.find(
        (u) => u.parentId === parentId && cleanName(u.name) === cleanName(r.name) && !ids.has(u.id),
      );
      if (!same) continue;
      r.id = same.id;
      changed = true;
    }
  }
  return rows;
}

function rowOf(rows: readonly OrgFileRow[], row: number): OrgFileRow {
  return rows.find((r) => r.row === row)!;
}
