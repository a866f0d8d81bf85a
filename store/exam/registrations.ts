/**
 * The exam authority's registered list (报名名单), CSV or XLSX, checked row by row against one
 * campaign before anything is written: the person (人员编号, or 身份证号 matched by its salted
 * hash), that they are in the campaign and their journey still open, the exam year (考试年度) and
 * level (级别) when the file gives them, and no person twice. Other columns (姓名, 报名号 …) are
 * read past. Nothing is written here: the caller registers the people of a clean file.
 */
import type { Db } from '../db';
import { PARTICIPANT_STATUS, codeIn, zhOf } from '../registry/vocabulary';
import { loadVocabulary } from '../registry/vocabularyTerms';
import { type HeaderMapping, type HeaderVocabulary } from '../registry/roster/headers';
import type { SheetFormat } from '../registry/roster/read';
import { OPEN_STATUSES } from './participants';
import { RESULT_HEADERS } from './results';
import { readPersonSheet } from './rowPeople';

const FIELDS = ['person_id', 'id_card', 'name', 'exam_year', 'level'] as const;
type Field = (typeof FIELDS)[number];

export const REGISTRATION_HEADERS: HeaderVocabulary<Field> = {
  fields: FIELDS,
  zh: {
    person_id: RESULT_HEADERS.zh.person_id,
    id_card: RESULT_HEADERS.zh.id_card,
    name: RESULT_HEADERS.zh.name,
    exam_year: RESULT_HEADERS.zh.exam_year,
    level: '级别',
  },
  aliases: {
    person_id: RESULT_HEADERS.aliases.person_id,
    id_card: RESULT_HEADERS.aliases.id_card,
    name: RESULT_HEADERS.aliases.name,
    exam_year: RESULT_HEADERS.aliases.exam_year,
    level: ['报考级别', '考试级别', '等级', 'examlevel'],
  },
  required: [],
};

export interface RegistrationProblem {
  /** 1-based, as the spreadsheet shows it (the header row is row 1 when it is the first). */
  row: number;
  field?: Field;
  /** Column letter and header, e.g. "A 人员编号". */
  column?: string;
  message: string;
}

export interface RegistrationCheck {
  /** Data rows read (blank rows skipped). */
  rows: number;
  problems: RegistrationProblem[];
  /** Still invited: to register, in file order. */
  toRegister: string[];
  /** Registered already (a re-import): nothing to do for them. */
  already: string[];
}

export async function checkExamRegistrations(
  db: Db,
  options: {
    campaignId: string;
    bytes: Uint8Array;
    name?: string;
    format?: SheetFormat;
    mapping?: HeaderMapping;
  },
): Promise<RegistrationCheck> {
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: options.campaignId } });
  const level = (JSON.parse(campaign.definition) as { levels: string[] }).levels[0]!;
  // The district's labels and synonyms of the levels (a level it renamed is read as written).
  const levels = await loadVocabulary(db, 'cert_level');
  const levelZh = zhOf(levels, level);
  const { columns, data, at, where } = await readPersonSheet(
    db,
    REGISTRATION_HEADERS,
    { zh: '报名名单', en: 'the registered list needs' },
    options,
  );
  const named = data.flatMap(({ who }) => (who.personId ? [who.personId] : []));
  const participants = new Map(
    (
      await db.examParticipant.findMany({
        where: { campaignId: campaign.id, personId: { in: [...new Set(named)] } },
        select: { personId: true, status: true },
      })
    ).map((p) => [p.personId, p.status]),
  );

  const problems: RegistrationProblem[] = [];
  const seen = new Map<string, number>();
  const toRegister: string[] = [];
  const already: string[] = [];
  for (const { cells, row, who } of data) {
    const bad = (field: Field, message: string) => {
      const column = where(field);
      problems.push({ row, field, ...(column ? { column } : {}), message });
    };
    const before = problems.length;
    const personId = who.personId;
    const key: Field = at(cells, 'person_id') || !columns.has('id_card') ? 'person_id' : 'id_card';
    if (who.personId === undefined) bad(who.field, who.message);
    const yearText = at(cells, 'exam_year');
    if (yearText && yearText !== String(campaign.examYear))
      bad(
        'exam_year',
        `考试年度“${yearText}”与本次动员（${campaign.examYear}）不符 / exam year "${yearText}" is not this campaign's (${campaign.examYear})`,
      );
    const levelText = at(cells, 'level');
    if (levelText) {
      const written = codeIn(levels, levelText);
      if (!written)
        bad('level', `“${levelText}”不是考试级别 / "${levelText}" is not an exam level`);
      else if (written !== level)
        bad(
          'level',
          `级别 ${zhOf(levels, written)} 与本次动员（${levelZh}）不符 / level ${zhOf(levels, written)} is not this campaign's (${levelZh})`,
        );
    }
    if (personId !== undefined) {
      const status = participants.get(personId);
      const first = seen.get(personId);
      if (first !== undefined)
        bad(
          key,
          `与第 ${first} 行重复（${personId}）/ duplicates row ${first} (${personId} again)`,
        );
      else if (!status)
        bad(
          key,
          `${personId} 不在报考动员“${campaign.id}”中 / ${personId} is not in exam campaign "${campaign.id}"`,
        );
      else if (!OPEN_STATUSES.includes(status))
        bad(
          key,
          `${personId} 的报考流程已结束（${zhOf(PARTICIPANT_STATUS, status)}），无法报名 / ${personId}'s journey has ended (${status}): cannot register`,
        );
      if (first === undefined) seen.set(personId, row);
      if (problems.length > before) continue;
      (status === 'registered' ? already : toRegister).push(personId);
    }
  }
  return { rows: data.length, problems, toRegister, already };
}
