import { describe, expect, it } from 'vitest';
import { mergeVocabulary, termProblem } from '../../../workflows/rules/vocabularyTable';
import { codeIn, knownCodes } from '../../../workflows/rules/vocabulary';

const row = (code: string, zh: string, synonyms: string[] = [], extra = {}) => ({
  vocabulary: 'specialty',
  code,
  zh,
  en: null,
  synonyms,
  rank: 1000,
  ceHours: null,
  ...extra,
});

describe('vocabularies as data', () => {
  it('the seed alone is today’s vocabulary, certificate levels with their CE hours', () => {
    const v = mergeVocabulary('specialty', []);
    expect(codeIn(v, '心理咨询')).toBe('mental_health');
    const levels = mergeVocabulary('cert_level', []);
    expect(levels.terms.map((t) => [t.code, t.ceHours])).toEqual([
      ['assistant_social_worker', 72],
      ['social_worker', 90],
      ['senior_social_worker', 90],
    ]);
  });

  it('a district’s terms are read by label and synonym, and listed among the known', () => {
    const v = mergeVocabulary('specialty', [row('community_correction', '社区矫正', ['矫正'])]);
    expect(codeIn(v, '矫正')).toBe('community_correction');
    expect(codeIn(v, '社区矫正')).toBe('community_correction');
    expect(knownCodes(v)).toContain('社区矫正 community_correction');
    expect(v.terms.at(-1)).toMatchObject({ seeded: false });
  });

  it('a stored row of a seed code relabels it, keeping the code', () => {
    const v = mergeVocabulary('specialty', [row('youth', '青少年事务', ['青年'])]);
    expect(codeIn(v, '青年')).toBe('youth');
    expect(v.zh.youth).toBe('青少年事务');
    expect(v.terms.find((t) => t.code === 'youth')).toMatchObject({ seeded: true });
  });

  it('refuses a term naming another term, or a bad code; allows renaming a term to itself', () => {
    const v = mergeVocabulary('specialty', []);
    expect(termProblem(v, { code: 'psy', zh: '心理', synonyms: [] })).toMatch(/mental_health/);
    expect(termProblem(v, { code: 'Bad Code', zh: '某', synonyms: [] })).toMatch(/lower-case/);
    expect(termProblem(v, { code: 'x_y', zh: ' ', synonyms: [] })).toMatch(/empty/);
    expect(
      termProblem(v, { code: 'youth', zh: '青少年服务', synonyms: ['青少年'] }, 'youth'),
    ).toBeUndefined();
    expect(termProblem(v, { code: 'youth', zh: '养老', synonyms: [] }, 'youth')).toMatch(
      /elderly_care/,
    );
  });
});
