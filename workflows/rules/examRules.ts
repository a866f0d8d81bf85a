/**
 * The Social Work Professional Level Exam's pass rules (社会工作者职业水平考试), as data with the
 * 2025 provincial defaults, and a pure verdict over a person's subject results.
 *  - assistant social worker (助理社会工作师): comprehensive ability + practice (junior), both
 *    passed in the same exam year;
 *  - social worker (社会工作师): comprehensive ability + practice (intermediate) + regulations and
 *    policy, all passed within two consecutive exam years (passed subjects carry over one year);
 *  - senior social worker (高级社会工作师): practice (senior) passed; the review that follows gives
 *    a proof valid 3 years, not a certificate.
 * Each subject is out of 100 and passes at 60 unless a region sets a local line.
 */

export type ExamLevel = 'assistant_social_worker' | 'social_worker' | 'senior_social_worker';

export interface LevelRule {
  subjects: string[];
  /** Consecutive exam years within which all subjects must be passed (1 = the same year). */
  windowYears: number;
  passMark: number;
}

export const EXAM_RULES: Record<ExamLevel, LevelRule> = {
  assistant_social_worker: {
    subjects: ['comprehensive_junior', 'practice_junior'],
    windowYears: 1,
    passMark: 60,
  },
  social_worker: {
    subjects: ['comprehensive_intermediate', 'practice_intermediate', 'regulations_policy'],
    windowYears: 2,
    passMark: 60,
  },
  senior_social_worker: { subjects: ['practice_senior'], windowYears: 1, passMark: 60 },
};

export const SUBJECT_ZH: Record<string, string> = {
  comprehensive_junior: '社会工作综合能力（初级）',
  practice_junior: '社会工作实务（初级）',
  comprehensive_intermediate: '社会工作综合能力（中级）',
  practice_intermediate: '社会工作实务（中级）',
  regulations_policy: '社会工作法规与政策',
  practice_senior: '社会工作实务（高级）',
};

export interface SubjectResult {
  examYear: number;
  subject: string;
  score: number;
}

export interface ExamVerdict {
  passed: boolean;
  /** The exam year in which the last needed subject was passed (when passed). */
  certifiedYear?: number;
  /** Subjects passed and still counting toward a pass after `asOfYear` (carry-over). */
  carried: string[];
  /** Subjects still to pass. */
  missing: string[];
}

/** Checks a score, with a clear error naming the subject. */
export function checkScore(r: SubjectResult, level: ExamLevel): void {
  if (!EXAM_RULES[level].subjects.includes(r.subject))
    throw new Error(
      `科目“${r.subject}”不属于 ${level} 考试 / subject "${r.subject}" is not part of the ${level} exam`,
    );
  if (!Number.isFinite(r.score) || r.score < 0 || r.score > 100)
    throw new Error(
      `${r.subject} 的分数 ${r.score} 不在 0–100 之间 / score ${r.score} for ${r.subject} is outside 0–100`,
    );
}

/**
 * Whether the results make a pass at `level` by exam year `asOfYear`, and what carries over.
 * For each year Y up to asOfYear, a pass needs every subject passed in years (Y - window, Y].
 */
export function examVerdict(
  level: ExamLevel,
  results: SubjectResult[],
  asOfYear: number,
  passMark = EXAM_RULES[level].passMark,
): ExamVerdict {
  const rule = EXAM_RULES[level];
  results.forEach((r) => checkScore(r, level));
  const passedIn = (subject: string, from: number, to: number) =>
    results.some(
      (r) => r.subject === subject && r.score >= passMark && r.examYear > from && r.examYear <= to,
    );
  const years = [...new Set(results.map((r) => r.examYear))].filter((y) => y <= asOfYear).sort();
  for (const year of years) {
    if (rule.subjects.every((s) => passedIn(s, year - rule.windowYears, year)))
      return { passed: true, certifiedYear: year, carried: [], missing: [] };
  }
  // Not passed: what is still valid for next year's sitting.
  const carried = rule.subjects.filter((s) =>
    passedIn(s, asOfYear + 1 - rule.windowYears, asOfYear),
  );
  return {
    passed: false,
    carried,
    missing: rule.subjects.filter((s) => !carried.includes(s)),
  };
}

/** Certificate levels from lowest to highest: a person's ledger follows the highest they hold. */
export const LEVEL_RANK: Record<string, number> = {
  assistant_social_worker: 1,
  social_worker: 2,
  senior_social_worker: 3,
};

/** The certificate of the highest level among them (undefined for none). */
export function highestLevel<C extends { level: string }>(certificates: C[]): C | undefined {
  return [...certificates].sort(
    (a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0),
  )[0];
}
