/**
 * The units a roster's 所在单位 and 所属街镇 cells name (pure over a directory loaded once): a unit
 * by id or name, a street or town by name; the street narrows a unit name that several streets
 * share (阳光居民区 is in more than one street), and must agree with the unit's place in the tree.
 */
import type { Parsed } from './fields';

export interface DirectoryUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

/** Units by id and by exact name, and each unit's ancestors (nearest first). */
export interface UnitDirectory {
  ids: ReadonlySet<string>;
  byName: ReadonlyMap<string, readonly string[]>;
  units: ReadonlyMap<string, DirectoryUnit>;
}

export function unitDirectory(units: readonly DirectoryUnit[]): UnitDirectory {
  const byName = new Map<string, string[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u.id]);
  return {
    ids: new Set(units.map((u) => u.id)),
    byName,
    units: new Map(units.map((u) => [u.id, u])),
  };
}

/** The unit's ancestors, nearest first (a broken tree stops the walk rather than looping). */
export function ancestors(units: UnitDirectory, unitId: string): DirectoryUnit[] {
  const out: DirectoryUnit[] = [];
  const seen = new Set([unitId]);
  let parentId = units.units.get(unitId)?.parentId ?? null;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = units.units.get(parentId);
    if (!parent) break;
    out.push(parent);
    parentId = parent.parentId;
  }
  return out;
}

/** "花木街道", "花木" and "花木 街道" name the same street; "川沙新镇" and "川沙新" the same town. */
export function streetKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/(街道办事处|街道|镇|乡)$/, '');
}

/** Whether `street` (as written) names one of the unit's ancestors. */
export function inStreet(units: UnitDirectory, unitId: string, street: string): boolean {
  const key = streetKey(street);
  return ancestors(units, unitId).some((a) => a.id === street || streetKey(a.name) === key);
}

/**
 * The unit a cell names: an id, or a name, narrowed by the street when several units share it.
 */
export function resolveUnit(text: string, units: UnitDirectory, street?: string): Parsed<string> {
  if (units.ids.has(text)) return { ok: true, value: text };
  let ids = units.byName.get(text) ?? [];
  if (ids.length > 1 && street) ids = ids.filter((id) => inStreet(units, id, street));
  if (ids.length === 1) return { ok: true, value: ids[0]! };
  if (ids.length > 1) {
    return {
      ok: false,
      code: 'ambiguous_unit',
      message: `对应 ${ids.length} 个单位（${ids.join(', ')}），请改写单位编号 / names ${ids.length} units (${ids.join(', ')}): write the unit id instead`,
    };
  }
  return {
    ok: false,
    code: 'unknown_unit',
    message: street
      ? '不是单位编号或单位名称（--create-units 可据所属街镇和所在单位生成） / is no unit id or unit name (--create-units derives it from 所属街镇 + 所在单位)'
      : '不是单位编号或单位名称 / is no unit id or unit name',
  };
}
