/**
 * An organisation's kind from its name's ending, as Chinese unit names carry it (pure): 街道 a
 * street, 镇/乡 a township, 居民区/村/社区 a community, 服务社/事务所/中心 … a social-work agency.
 * Used when units are derived from a roster's 所属街镇 and 所在单位.
 */
import type { ORG_KIND } from './vocabulary';

export type OrgKindCode = (typeof ORG_KIND.codes)[number];

/** Endings, longest first within a kind; the first that matches wins. */
const ENDINGS: readonly [RegExp, OrgKindCode][] = [
  [/(街道|街道办事处)$/, 'street'],
  [/(镇|乡)$/, 'township'],
  [/(居民区|居委会|社区|村|村委会)$/, 'community'],
  [/(社工服务社|服务社|事务所|服务中心|中心|社工站|社会工作站|机构)$/, 'agency'],
  [/(局|委|办|办公室|部|科|处)$/, 'department'],
  [/(区|新区|县)$/, 'district'],
];

/** The kind a name's ending says, or undefined when it says none. */
export function kindFromName(name: string): OrgKindCode | undefined {
  const n = name.trim();
  return ENDINGS.find(([re]) => re.test(n))?.[1];
}
