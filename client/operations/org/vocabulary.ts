/**
 * Vocabularies as data (词表) for coordinators: list the terms of specialties, roles (岗位),
 * certificate levels (with CE hours) and organisation kinds with how many records use each; add
 * a district's own term; rename one (labels and synonyms, never the code); remove an unused one.
 */
import {
  addTerm,
  loadVocabulary,
  removeTerm,
  renameTerm,
  usage,
  vocabularyName,
  type TermInput,
} from '../../../store/registry/vocabularyTerms';
import type { Term } from '../../../workflows/rules/vocabularyTable';
import { VOCABULARY_NAMES } from '../../../workflows/rules/vocabularyTable';
import { InputError } from '../../../common/errors';
import type { OrgContext } from './org';

export interface VocabularyListing {
  name: string;
  what: { zh: string; en: string };
  terms: (Term & { used: number })[];
}

export async function listVocabularies(
  ctx: OrgContext,
  query: { name?: string } = {},
): Promise<VocabularyListing[]> {
  const names = query.name !== undefined ? [vocabularyName(query.name)] : VOCABULARY_NAMES;
  return Promise.all(
    names.map(async (name) => {
      const [v, used] = await Promise.all([loadVocabulary(ctx.db, name), usage(ctx.db, name)]);
      return {
        name,
        what: v.what,
        terms: v.terms.map((t) => ({ ...t, used: used.get(t.code) ?? 0 })),
      };
    }),
  );
}

function by(written: string | undefined): string {
  if (!written?.trim()) throw new InputError('须注明操作人 / who acts (by) is required');
  return written.trim();
}

export async function addVocabularyTerm(
  ctx: OrgContext,
  request: TermInput & { vocabulary: string; by: string },
): Promise<Term> {
  const { vocabulary, by: actor, ...term } = request;
  return addTerm(ctx.db, vocabularyName(vocabulary), term, by(actor));
}

export async function renameVocabularyTerm(
  ctx: OrgContext,
  request: {
    vocabulary: string;
    code: string;
    zh?: string;
    en?: string;
    synonyms?: string[];
    ceHours?: number;
    by: string;
  },
): Promise<Term> {
  const { vocabulary, code, by: actor, ...change } = request;
  return renameTerm(ctx.db, vocabularyName(vocabulary), code.trim(), change, by(actor));
}

export async function removeVocabularyTerm(
  ctx: OrgContext,
  request: { vocabulary: string; code: string },
): Promise<{ removed: string }> {
  await removeTerm(ctx.db, vocabularyName(request.vocabulary), request.code.trim());
  return { removed: request.code.trim() };
}
