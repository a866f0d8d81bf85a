/**
 * The kind of an organisation unit (单位类型), and the kind a unit's name implies by its ending:
 * offices name units by convention (…街道, …镇, …居民区, …社工服务社), so a roster's 所属街镇 and
 * 所在单位 are enough to place a unit in the tree. Pure.
 */
import { ORG_KIND } from './vocabulary';

export type UnitKind = (typeof ORG_KIND.codes)[number];

export const UNIT_KINDS: readonly UnitKind[] = ORG_KIND.codes;

/**
 * Name endings, longest first where one ends another (居民区 before 区, 服务中心 before 中心).
 * A name matching none (e.g. 浦东新区社会工作协会) is for the coordinator to classify.
 */
const ENDINGS: readonly (readonly [ending: string, kind: UnitKind])[] = [
  ['居民委员会', 'community'],
  ['村民委员会', 'community'],
  ['居委会', 'community'],
  ['村委会', 'community'],
  ['居民区', 'community'],
  ['社区', 'community'],
  ['小区', 'community'],
  ['村', 'community'],
  ['街道办事处', 'street'],
  ['街道', 'street'],
  ['镇', 'township'],
  ['乡', 'township'],
  ['服务社', 'agency'],
  ['事务所', 'agency'],
  ['服务中心', 'agency'],
  ['发展中心', 'agency'],
  ['中心', 'agency'],
  ['社工站', 'agency'],
  ['服务站', 'agency'],
  ['工作室', 'agency'],
  ['协会', 'agency'],
  ['新区', 'district'],
  ['区', 'district'],
  ['县', 'district'],
  ['局', 'department'],
  ['委员会', 'department'],
  ['办公室', 'department'],
  ['办', 'department'],
  ['委', 'department'],
  ['部', 'department'],
  ['科', 'department'],
  ['处', 'department'],
];

/** The kind a unit's name implies (`花木街道` → street, `联洋居民区` → community), if any. */
export function kindFromName(name: string): UnitKind | undefined {
  // Full-width and ideographic spaces and brackets around a note (`金桥镇（筹）`) say nothing.
  const bare = name
    .replace(/[（(][^（）()]*[）)]\s*$/u, '')
    .replace(/[\s\u3000]+/gu, '')
    .trim();
  if (!bare) return undefined;
  for (const [ending, kind] of ENDINGS)
    if (bare.endsWith(ending) && bare.length > ending.length) return kind;
  return undefined;
}
