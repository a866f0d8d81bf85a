/**
 * The registry's vocabulary: organisation kinds, roles, certificate levels and specialties, with
 * the Chinese words offices write in their rosters. Codes are what the database stores.
 */
import { ROLES } from '../people/audience';

export { ROLES };
export type Role = (typeof ROLES)[number];

/** district → street/township/department → community/unit/agency; partner: another province's. */
export const ORG_KINDS = [
  'district',
  'street',
  'township',
  'department',
  'community',
  'unit',
  'agency',
  'partner',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Lowest first: the order is the rank (a senior social worker outranks a social worker). */
export const CERT_LEVELS = [
  'assistant_social_worker',
  'social_worker',
  'senior_social_worker',
] as const;
export type CertLevel = (typeof CERT_LEVELS)[number];

export const SPECIALTIES = [
  'family_education',
  'mental_health',
  'elderly_care',
  'disability_rehabilitation',
  'marriage_family',
  'volunteering',
  'youth',
  'community_governance',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const ROLE_ZH: Record<Role, string> = {
  community_worker: '社区工作者',
  agency_social_worker: '社工机构社工',
  supervisor: '督导',
  volunteer: '志愿者',
  coordinator: '项目协调员',
  other: '其他',
};

export const CERT_LEVEL_ZH: Record<CertLevel, string> = {
  assistant_social_worker: '助理社会工作师',
  social_worker: '社会工作师',
  senior_social_worker: '高级社会工作师',
};

export const SPECIALTY_ZH: Record<Specialty, string> = {
  family_education: '家庭教育',
  mental_health: '心理健康',
  elderly_care: '养老服务',
  disability_rehabilitation: '残障康复',
  marriage_family: '婚姻家庭',
  volunteering: '志愿服务',
  youth: '青少年服务',
  community_governance: '社区治理',
};

/** Words offices also use for the same thing. */
const SYNONYMS: Record<string, string> = {
  社区工作人员: 'community_worker',
  社工: 'agency_social_worker',
  机构社工: 'agency_social_worker',
  社工督导: 'supervisor',
  初级: 'assistant_social_worker',
  助理社工师: 'assistant_social_worker',
  中级: 'social_worker',
  社工师: 'social_worker',
  高级: 'senior_social_worker',
  高级社工师: 'senior_social_worker',
  心理咨询: 'mental_health',
  心理: 'mental_health',
  养老: 'elderly_care',
  为老服务: 'elderly_care',
  助残: 'disability_rehabilitation',
  残疾人康复: 'disability_rehabilitation',
  志愿者服务: 'volunteering',
  青少年: 'youth',
};

/**
 * The code for a value written in a roster: the code itself (any case), its Chinese word, or a
 * known synonym. Undefined when it names nothing in `codes`.
 */
export function codeFor<C extends string>(
  codes: readonly C[],
  zh: Record<C, string>,
  written: string,
): C | undefined {
  const v = written.trim();
  const lower = v.toLowerCase().replace(/[\s-]+/g, '_');
  const found =
    codes.find((c) => c === lower) ??
    codes.find((c) => zh[c] === v) ??
    (SYNONYMS[v] as C | undefined);
  return found && codes.includes(found) ? found : undefined;
}

/** Rank of a level (1 = assistant, 3 = senior). */
export function levelRank(level: CertLevel): number {
  return CERT_LEVELS.indexOf(level) + 1;
}
