/**
 * Vocabularies as data (词表): the registry's four vocabularies are seeded from vocabulary.ts and
 * extended by a district's own terms (社区矫正, 禁毒, 医务社工, 双百社工 …) kept in the database.
 * This file merges the seed with the stored terms into a `Vocabulary` that the pure readers of
 * vocabulary.ts take, and checks a new term or a rename. Pure: the store loads the rows.
 */
import { CERT_LEVEL, ORG_KIND, ROLE, SPECIALTY, codeIn, type Vocabulary } from './vocabulary';
import { DEFAULT_CE_RULES } from './continuingEducation';

/** The vocabularies a district may extend, by the name the table stores. */
export const EDITABLE_VOCABULARIES = {
  specialty: SPECIALTY,
  role: ROLE,
  cert_level: CERT_LEVEL,
  org_kind: ORG_KIND,
} as const;

export type VocabularyName = keyof typeof EDITABLE_VOCABULARIES;
export const VOCABULARY_NAMES = Object.keys(EDITABLE_VOCABULARIES) as VocabularyName[];

/** English labels of the seed codes (the code with spaces is the fallback). */
const EN: Record<string, string> = {
  district: 'district',
  street: 'street',
  township: 'township',
  department: 'department',
  community: 'community',
  unit: 'unit',
  agency: 'social-work agency',
  partner: 'partner (another province)',
};

/** A stored term: one row of the table. */
export interface TermRow {
  vocabulary: string;
  code: string;
  zh: string;
  en: string | null;
  synonyms: string[];
  rank: number;
  ceHours: number | null;
}

export interface Term {
  code: string;
  zh: string;
  en: string;
  synonyms: string[];
  /** Certificate levels: CE hours due per registration period. */
  ceHours?: number;
  /** From the seed (vocabulary.ts) rather than added by a district. */
  seeded: boolean;
}

/** A vocabulary with its terms' English labels and CE hours beside the pure reader's shape. */
export interface LoadedVocabulary extends Vocabulary<string> {
  name: VocabularyName;
  terms: Term[];
}

export function seedTerms(name: VocabularyName): Term[] {
  const v = EDITABLE_VOCABULARIES[name] as Vocabulary<string>;
  return v.codes.map((code) => ({
    code,
    zh: v.zh[code]!,
    en: EN[code] ?? code.replace(/_/g, ' '),
    synonyms: Object.entries(v.synonyms ?? {})
      .filter(([, c]) => c === code)
      .map(([w]) => w),
    ...(name === 'cert_level'
      ? { ceHours: (DEFAULT_CE_RULES.requiredTenths[code] ?? 0) / 10 }
      : {}),
    seeded: true,
  }));
}

/** The seed with the stored rows over it (a stored row of a seed code replaces its labels). */
export function mergeVocabulary(name: VocabularyName, rows: readonly TermRow[]): LoadedVocabulary {
  const seed = EDITABLE_VOCABULARIES[name] as Vocabulary<string>;
  const terms = seedTerms(name);
  const mine = rows
    .filter((r) => r.vocabulary === name)
    .sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
  for (const r of mine) {
    const term: Term = {
      code: r.code,
      zh: r.zh,
      en: r.en ?? r.code.replace(/_/g, ' '),
      synonyms: r.synonyms,
      ...(r.ceHours != null ? { ceHours: r.ceHours } : {}),
      seeded: seed.codes.includes(r.code),
    };
    const i = terms.findIndex((t) => t.code === r.code);
    if (i >= 0) terms[i] = term;
    else terms.push(term);
  }
  const synonyms: Record<string, string> = {};
  for (const t of terms) for (const s of t.synonyms) synonyms[s] = t.code;
  return {
    name,
    what: seed.what,
    codes: terms.map((t) => t.code),
    zh: Object.fromEntries(terms.map((t) => [t.code, t.zh])),
    synonyms,
    terms,
  };
}

const CODE = /^[a-z][a-z0-9_]{1,47}$/;

/** The words a term answers to: its code, Chinese label and synonyms. */
function wordsOf(t: { code: string; zh: string; synonyms: readonly string[] }): string[] {
  return [t.code, t.zh, ...t.synonyms];
}

/**
 * Why a new or renamed term cannot be (a clash with another term's code, label or synonym, a bad
 * code), or undefined when it can. `replacing` is the code being renamed.
 */
export function termProblem(
  v: LoadedVocabulary,
  term: { code: string; zh: string; synonyms: readonly string[] },
  replacing?: string,
): string | undefined {
  if (!CODE.test(term.code))
    return `代码需为小写英文字母、数字和下划线 / a code is lower-case letters, digits and _ (e.g. community_correction): "${term.code}"`;
  if (!term.zh.trim()) return '中文名称为空 / the Chinese label is empty';
  for (const word of wordsOf(term)) {
    const owner = codeIn(v, word);
    if (owner !== undefined && owner !== replacing)
      return `"${word}" 已用于 ${v.zh[owner]} ${owner} / "${word}" already names ${owner} in ${v.what.en}`;
  }
  return undefined;
}
