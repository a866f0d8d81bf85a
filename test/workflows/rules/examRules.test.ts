import { describe, expect, it } from 'vitest';
import { examVerdict, type SubjectResult } from '../../../workflows/rules/examRules';

const r = (examYear: number, subject: string, score: number): SubjectResult => ({
  examYear,
  subject,
  score,
});

describe('exam pass rules', () => {
  it('assistant: both subjects in the same year', () => {
    expect(
      examVerdict(
        'assistant_social_worker',
        [r(2025, 'comprehensive_junior', 72), r(2025, 'practice_junior', 60)],
        2025,
      ),
    ).toEqual({ passed: true, certifiedYear: 2025, carried: [], missing: [] });
  });

  it('assistant: a subject passed last year does not carry over', () => {
    const v = examVerdict(
      'assistant_social_worker',
      [
        r(2024, 'comprehensive_junior', 80),
        r(2024, 'practice_junior', 41),
        r(2025, 'practice_junior', 66),
      ],
      2025,
    );
    // Nothing counts toward next year's sitting either: both must be passed in one year.
    expect(v).toEqual({
      passed: false,
      carried: [],
      missing: ['comprehensive_junior', 'practice_junior'],
    });
  });

  it('social worker: all three within two consecutive exam years, passed subjects carry over', () => {
    const first = [
      r(2024, 'comprehensive_intermediate', 65),
      r(2024, 'practice_intermediate', 58),
      r(2024, 'regulations_policy', 71),
    ];
    expect(examVerdict('social_worker', first, 2024)).toEqual({
      passed: false,
      carried: ['comprehensive_intermediate', 'regulations_policy'],
      missing: ['practice_intermediate'],
    });
    expect(
      examVerdict('social_worker', [...first, r(2025, 'practice_intermediate', 62)], 2025),
    ).toEqual({
      passed: true,
      certifiedYear: 2025,
      carried: [],
      missing: [],
    });
  });

  it('social worker: a pass three years apart does not count', () => {
    const v = examVerdict(
      'social_worker',
      [
        r(2023, 'comprehensive_intermediate', 65),
        r(2024, 'regulations_policy', 70),
        r(2025, 'practice_intermediate', 61),
      ],
      2025,
    );
    // For the 2026 sitting only the 2025 pass still counts.
    expect(v).toEqual({
      passed: false,
      carried: ['practice_intermediate'],
      missing: ['comprehensive_intermediate', 'regulations_policy'],
    });
  });

  it('a local pass line can differ', () => {
    const results = [r(2025, 'practice_senior', 58)];
    expect(examVerdict('senior_social_worker', results, 2025).passed).toBe(false);
    expect(examVerdict('senior_social_worker', results, 2025, 55).passed).toBe(true);
  });

  it('refuses a wrong subject or an impossible score, naming it', () => {
    expect(() => examVerdict('social_worker', [r(2025, 'practice_junior', 70)], 2025)).toThrow(
      /subject "practice_junior" is not part of the social_worker exam/,
    );
    expect(() => examVerdict('social_worker', [r(2025, 'regulations_policy', 101)], 2025)).toThrow(
      /score 101 for regulations_policy is outside 0–100/,
    );
  });
});
