/**
 * Exam results import (成绩导入): the exam authority's per-subject results (CSV/XLSX, Chinese or
 * English headers) checked row by row — unknown people, wrong subjects, scores out of range,
 * duplicate rows are reported by row and column, nothing written for them — then written once
 * per (person, exam year, subject): a re-import changes nothing, a corrected score updates.
 * Each affected person's verdict at the level follows the pass rules (carry-over included).
 */
import { writeTransaction, type Db, type Tx } from '../db';
import { insertMany } from '../bulkInsert';
import { readPersonSheet } from './rowPeople';
import { type HeaderVocabulary } from '../registry/roster/headers';
import type { SheetImportOptions } from '../registry/roster/import';
import {
  EXAM_RULES,
  SUBJECT_ZH,
  examVerdict,
  type ExamLevel,
  type ExamVerdict,
} from '../../workflows/rules/examRules';

const FIELDS = ['person_id', 'id_card', 'name', 'exam_year', 'subject', 'score'] as const;
type Field = (typeof FIELDS)[number];

export const RESULT_HEADERS: HeaderVocabulary<Field> = {
  fields: FIELDS,
  zh: {
    person_id: '人员编号',
    id_card: '身份证号',
    name: '姓名',
    exam_year: '考试年度',
    subject: '科目',
    score: '成绩',
  },
  aliases: {
    person_id: ['编号', 'personid', 'id'],
    id_card: ['身份证', '身份证号码', '证件号码', 'idcard'],
    name: ['考生姓名'],
    exam_year: ['年度', '考试年份', 'year'],
    subject: ['考试科目', '科目名称'],
    score: ['分数', '考试成绩'],
  },
  required: ['exam_year', 'subject', 'score'],
};

const SUBJECT_LEVEL = new Map<string, ExamLevel>(
  (Object.keys(EXAM_RULES) as ExamLevel[]).flatMap((l) =>
    EXAM_RULES[l].subjects.map((s) => [s, l] as const),
  ),
);
const SUBJECT_BY_NAME = new Map<string, string>([
  ...[...SUBJECT_LEVEL.keys()].map((s) => [s, s] as const),
  ...Object.entries(SUBJECT_ZH).map(([code, zh]) => [zh.replace(/[（(）)\s]/g, ''), code] as const),
]);

export interface ResultProblem {
  row: number;
  column?: string;
  message: string;
}

export interface ResultsReport {
  rows: number;
  committed: boolean;
  counts: { create: number; update: number; unchanged: number; invalid: number };
  problems: ResultProblem[];
  /** Verdict per person and level after these results (people with valid rows only). */
  verdicts: { personId: string; level: ExamLevel; verdict: ExamVerdict }[];
}

interface Valid {
  row: number;
  personId: string;
  examYear: number;
  subject: string;
  level: ExamLevel;
  score: number;
}

export async function importExamResults(
  db: Db,
  options: SheetImportOptions,
): Promise<ResultsReport> {
  const { data, at, where } = await readPersonSheet(
    db,
    RESULT_HEADERS,
    { zh: '成绩文件', en: 'results need' },
    options,
  );

  const problems: ResultProblem[] = [];
  const valid: Valid[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row, who } of data) {
    const bad = (f: Field, message: string) => problems.push({ row, column: where(f), message });
    const before = problems.length;
    const personId = who.personId;
    if (who.personId === undefined) bad(who.field, who.message);
    const yearText = at(cells, 'exam_year');
    const examYear = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || examYear < 2008)
      bad('exam_year', `“${yearText}”不是考试年度 / "${yearText}" is not an exam year`);
    const subjectText = at(cells, 'subject');
    const subject = SUBJECT_BY_NAME.get(subjectText.replace(/[（(）)\s]/g, ''));
    if (!subject)
      bad('subject', `“${subjectText}”不是考试科目 / "${subjectText}" is not an exam subject`);
    const scoreText = at(cells, 'score');
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score) || score < 0 || score > 100)
      bad(
        'score',
        `“${scoreText}”不是 0 到 100 的分数 / "${scoreText}" is not a score from 0 to 100`,
      );
    if (problems.length > before || !personId || !subject) continue;
    const key = `${personId}/${examYear}/${subject}`;
    const first = seen.get(key);
    if (first !== undefined) {
      bad(
        'subject',
        `与第 ${first} 行重复（同一人、年度和科目） / duplicates row ${first} (same person, year and subject)`,
      );
      continue;
    }
    seen.set(key, row);
    valid.push({ row, personId, examYear, subject, level: SUBJECT_LEVEL.get(subject)!, score });
  }

  const existing = await db.examSubjectResult.findMany({
    where: { personId: { in: [...new Set(valid.map((v) => v.personId))] } },
  });
  const counts = {
    create: 0,
    update: 0,
    unchanged: 0,
    invalid: new Set(problems.map((p) => p.row)).size,
  };
  const keyOf = (r: { personId: string; examYear: number; subject: string }) =>
    `${r.personId}/${r.examYear}/${r.subject}`;
  const stored = new Map(existing.map((e) => [keyOf(e), e]));
  const creates: Valid[] = [];
  const updates: Valid[] = [];
  for (const v of valid) {
    const old = stored.get(keyOf(v));
    counts[!old ? 'create' : old.score === v.score ? 'unchanged' : 'update']++;
    if (!old) creates.push(v);
    else if (old.score !== v.score || old.passed !== passedIn(v) || old.level !== v.level)
      updates.push(v);
  }
  const commit = options.commit === true && !(options.strict === true && problems.length > 0);
  // New rows in multi-row INSERTs, changed ones one by one, unchanged ones left (a district's
  // 10,000 rows were 10,000 upserts: ~20 s). A row another import added meanwhile is upserted.
  if (commit) await writeResults(db, creates, updates);

  // Verdicts over everything known for these people (the file's rows on a dry run), person by
  // person and level by level.
  const merged = new Map<string, Valid | (typeof existing)[number]>(stored);
  for (const v of valid) merged.set(keyOf(v), v);
  const byPersonLevel = new Map<string, (Valid | (typeof existing)[number])[]>();
  for (const r of merged.values()) {
    const k = `${r.personId}/${SUBJECT_LEVEL.get(r.subject)}`;
    const list = byPersonLevel.get(k);
    if (list) list.push(r);
    else byPersonLevel.set(k, [r]);
  }
  const verdicts: ResultsReport['verdicts'] = [];
  const levelsOf = new Map<string, Set<ExamLevel>>();
  for (const v of valid) {
    const levels = levelsOf.get(v.personId);
    if (levels) levels.add(v.level);
    else levelsOf.set(v.personId, new Set([v.level]));
  }
  for (const [personId, levels] of levelsOf) {
    for (const level of levels) {
      const mine = byPersonLevel.get(`${personId}/${level}`)!;
      const asOf = Math.max(...mine.map((r) => r.examYear));
      verdicts.push({ personId, level, verdict: examVerdict(level, mine, asOf) });
    }
  }
  return { rows: data.length, committed: commit, counts, problems, verdicts };
}

const passedIn = (v: Valid) => v.score >= EXAM_RULES[v.level].passMark;

/** Writes an import's new and changed results in one transaction. */
async function writeResults(db: Db, creates: Valid[], updates: Valid[]): Promise<void> {
  const upsert = (tx: Tx, v: Valid) => {
    const passed = passedIn(v);
    return tx.examSubjectResult.upsert({
      where: {
        personId_examYear_subject: {
          personId: v.personId,
          examYear: v.examYear,
          subject: v.subject,
        },
      },
      create: {
        personId: v.personId,
        examYear: v.examYear,
        level: v.level,
        subject: v.subject,
        score: v.score,
        passed,
      },
      update: { score: v.score, passed, level: v.level },
    });
  };
  await writeTransaction(db, async (tx) => {
    const now = new Date();
    const inserted = await insertMany(
      tx,
      'ExamSubjectResult',
      ['personId', 'examYear', 'level', 'subject', 'score', 'passed', 'createdAt'],
      creates.map((v) => [v.personId, v.examYear, v.level, v.subject, v.score, passedIn(v), now]),
      { skipExisting: ['personId', 'examYear', 'subject'] },
    );
    // Fewer inserted: another import wrote some of these rows since they were read.
    if (inserted < creates.length) for (const v of creates) await upsert(tx, v);
    for (const v of updates) await upsert(tx, v);
  });
}
