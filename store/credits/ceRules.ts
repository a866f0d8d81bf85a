/**
 * The continuing-education rules of this district: the defaults (workflows/rules/
 * continuingEducation.ts) with each certificate level's hours from the vocabulary (词表
 * cert_level), so a level a district added with `yz vocab add cert_level … --ce-hours` is
 * counted, and a built-in level whose hours a district changed counts its own. Hours per level
 * only: what a ledger's input may carry.
 */
import type { Db, Tx } from '../db';
import { loadVocabulary } from '../registry/vocabularyTerms';
import { DEFAULT_CE_RULES, type CeRules } from '../../workflows/rules/continuingEducation';

export async function ceRulesOf(db: Db | Tx): Promise<CeRules> {
  const levels = await loadVocabulary(db, 'cert_level');
  const requiredTenths: CeRules['requiredTenths'] = {};
  for (const t of levels.terms)
    if (t.ceHours !== undefined) requiredTenths[t.code] = Math.round(t.ceHours * 10);
  return { ...DEFAULT_CE_RULES, requiredTenths };
}
