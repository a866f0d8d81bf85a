/**
 * A district moving in from its rosters alone (`registry import --create-units`): the streets and
 * towns (所属街镇) and units (所在单位) a roster names but the tree lacks, planned under the
 * district with their kind read from the name's ending (workflows/rules/unitKinds.ts). Pure; ids
 * come from the names, so a dry run shows the ids the commit will write.
 */
import { createHash } from 'node:crypto';
import { kindFromName } from '../../../workflows/rules/unitKinds';
import { InputError } from '../../../common/errors';
import { streetKey, type DirectoryUnit } from './units';

export interface TreeUnit extends DirectoryUnit {
  path: string;
}

export interface DerivedUnit extends TreeUnit {
  /** The first row that named it. */
  row: number;
}

/** A unit named by a row: its street (as written) and its own name. */
export interface NamedUnit {
  row: number;
  street: string;
  unit: string;
}

const UNIT_KINDS = new Set(['community', 'agency', 'department', 'unit']);
const STREET_KINDS = new Set(['street', 'township']);

/** A short stable id part for a name: 8 hex digits of its SHA-256. */
const idPart = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 8);

/** The district new streets go under: the tree's only root, or one made with `districtName`. */
export function districtRoot(
  tree: readonly TreeUnit[],
  districtName?: string,
): TreeUnit & { isNew?: true } {
  const roots = tree.filter((u) => u.parentId === null);
  const named = districtName ? roots.find((r) => r.name === districtName) : undefined;
  if (named) return named;
  if (roots.length === 1 && !districtName) return roots[0]!;
  if (roots.length === 0 && districtName) {
    const id = `d-${idPart(districtName)}`;
    return {
      id,
      name: districtName,
      kind: 'district',
      parentId: null,
      path: `/${id}/`,
      isNew: true,
    };
  }
  const names = roots.map((r) => r.name).join('、');
  throw new InputError(
    roots.length === 0
      ? '单位树为空：请用 --district <区名> 指明本区 / the organisation tree is empty: name the district with --district <name>'
      : districtName
        ? `没有名为 ${districtName} 的顶层单位（顶层单位：${names}） / no top unit is named ${districtName} (top units: ${names})`
        : `有 ${roots.length} 个顶层单位（${names}），请用 --district 指明 / the tree has ${roots.length} top units (${names}): name one with --district`,
  );
}

/**
 * The units to create so that every named (street, unit) pair resolves: a street or town missing
 * under the district, then the unit missing under its street. Pairs whose unit exists under that
 * street (or anywhere, by id) need nothing.
 */
export function deriveUnits(
  tree: readonly TreeUnit[],
  named: readonly NamedUnit[],
  root: TreeUnit & { isNew?: true },
): DerivedUnit[] {
  const derived: DerivedUnit[] = root.isNew ? [{ ...root, row: named[0]?.row ?? 0 }] : [];
  const all = [...tree, ...derived];
  const byId = new Set(all.map((u) => u.id));
  const streets = new Map<string, TreeUnit>();
  for (const u of all) {
    if (STREET_KINDS.has(u.kind) || u.parentId === root.id) streets.set(streetKey(u.name), u);
  }
  const unitsUnder = new Map<string, TreeUnit>();
  const childKey = (parentId: string, name: string) => `${parentId}\u0000${name}`;
  for (const u of all) if (u.parentId) unitsUnder.set(childKey(u.parentId, u.name), u);
  const path = (u: TreeUnit) => u.path;
  // One street written "花木街道" on one row and "花木" on another: named as written in full.
  const spelling = new Map<string, string>();
  for (const n of named) {
    const key = streetKey(n.street);
    const known = spelling.get(key);
    if (!known || (!kindFromName(known) && kindFromName(n.street))) spelling.set(key, n.street);
  }
  for (const n of named) {
    if (!n.unit || byId.has(n.unit) || !n.street) continue;
    let street = streets.get(streetKey(n.street));
    if (!street) {
      const streetName = spelling.get(streetKey(n.street))!;
      const id = `${root.id}.${idPart(streetName)}`;
      const kind = kindFromName(streetName);
      street = {
        id,
        name: streetName,
        kind: kind && STREET_KINDS.has(kind) ? kind : 'street',
        parentId: root.id,
        path: `${path(root)}${id}/`,
      };
      streets.set(streetKey(n.street), street);
      derived.push({ ...street, row: n.row });
    }
    if (unitsUnder.has(childKey(street.id, n.unit))) continue;
    const id = `${street.id}.${idPart(n.unit)}`;
    const kind = kindFromName(n.unit);
    const unit: TreeUnit = {
      id,
      name: n.unit,
      kind: kind && UNIT_KINDS.has(kind) ? kind : 'unit',
      parentId: street.id,
      path: `${street.path}${id}/`,
    };
    unitsUnder.set(childKey(street.id, n.unit), unit);
    derived.push({ ...unit, row: n.row });
  }
  return derived;
}
