/**
 * The registry's vocabulary: organisation kinds, roles, certificate levels and specialties, with
 * the Chinese words offices write in their rosters. Codes are what the database stores.
 */
import { CERT_LEVEL, ORG_KIND, ROLE, SPECIALTY } from '../../workflows/rules/vocabulary';

export * from '../../workflows/rules/vocabulary';

export const ROLES = ROLE.codes;
export type Role = (typeof ROLES)[number];

/** district → street/township/department → community/unit/agency; partner: another province's. */
export const ORG_KINDS = ORG_KIND.codes;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Lowest first: the order is the rank (a senior social worker outranks a social worker). */
export const CERT_LEVELS = CERT_LEVEL.codes;
export type CertLevel = (typeof CERT_LEVELS)[number];

export const SPECIALTIES = SPECIALTY.codes;
export type Specialty = (typeof SPECIALTIES)[number];

export const ROLE_ZH = ROLE.zh;
export const CERT_LEVEL_ZH = CERT_LEVEL.zh;
export const SPECIALTY_ZH = SPECIALTY.zh;

/** Rank of a level (1 = assistant, 3 = senior). */
export function levelRank(level: CertLevel): number {
  return CERT_LEVELS.indexOf(level) + 1;
}
