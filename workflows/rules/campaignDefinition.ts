/**
 * An exam mobilization campaign's definition (报考动员方案), as a coordinator writes it (JSON file
 * or API body), checked in full: every problem is reported with the path of its field, e.g.
 * `registrationWindow.closes: must be after registrationWindow.opens`. Pure.
 */
import { EXAM_RULES, type ExamLevel } from './examRules';
import { parseOffset } from './reminders';
import { parseQuietHours, type QuietHours } from './quietHours';
import { parseInstant } from './timeInput';
import { isValidTimeZone } from './zonedTime';
import { InputError } from '../../common/errors';
import { isBusinessId } from './ids';
import { CERT_LEVEL, ROLE, codeIn, unknownText, type Vocabulary } from './vocabulary';

export interface ClassDefinition {
  id: string;
  title: string;
  kind: 'online_course' | 'sprint_class';
  /** The course series (client/operations/courses/series.ts createSeries) that runs it; defaults to `id`. */
  seriesId?: string;
  /** Seats; absent for online courses without a limit. */
  capacity?: number;
  unitId?: string;
  classHours: number;
}

export interface CampaignDefinition {
  id: string;
  name: string;
  examYear: number;
  levels: ExamLevel[];
  registrationWindow: { opens: Date; closes: Date };
  /** Subject → exam date-time. */
  examDates: Record<string, Date>;
  cohort: { unitIds: string[]; roles: string[]; notCertifiedAtLevel: boolean };
  classes: ClassDefinition[];
  reminders: { beforeWindowCloses: string[]; quietHours: QuietHours | null };
  timeZone: string;
  targets: { registrations?: number; passes?: number; certificationRateChange?: number };
}

export class DefinitionError extends InputError {
  override name = 'DefinitionError';
  constructor(readonly problems: string[]) {
    super(
      `报考动员方案有 ${problems.length} 处问题 / campaign definition has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The vocabularies a definition's levels and roles are read against: the district's, loaded. */
export interface DefinitionVocabularies {
  role?: Vocabulary<string>;
  certLevel?: Vocabulary<string>;
}

/**
 * Parses and checks a definition; throws DefinitionError listing every problem by field. Roles
 * and levels are read against the district's vocabularies (default: the built-in ones); a level
 * must still be one the national exam holds.
 */
export function parseCampaignDefinition(
  input: unknown,
  vocabularies: DefinitionVocabularies = {},
): CampaignDefinition {
  const problems: string[] = [];
  const bad = (path: string, why: string) => problems.push(`${path}: ${why}`);
  const obj = isObject(input) ? input : (bad('(root)', '须为对象 / must be an object'), {});

  const text = (o: Json, key: string, path = key): string => {
    const v = o[key];
    if (typeof v !== 'string' || !v.trim()) bad(path, '必填文字 / is required text');
    return typeof v === 'string' ? v.trim() : '';
  };
  // Dates without an offset are read in the campaign's zone (checked below; China's if unusable).
  const zone =
    typeof obj.timeZone === 'string' && isValidTimeZone(obj.timeZone)
      ? obj.timeZone
      : 'Asia/Shanghai';
  const date = (o: Json, key: string, path: string): Date => {
    try {
      return parseInstant(o[key] as string, zone, path);
    } catch (e) {
      problems.push((e as Error).message);
      return new Date(NaN);
    }
  };
  const strings = (v: unknown, path: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      bad(path, '须为文字列表 / must be a list of text');
      return [];
    }
    return v as string[];
  };
  const positive = (v: unknown, path: string, integer = true): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || v <= 0 || (integer && !Number.isInteger(v))) {
      bad(
        path,
        integer
          ? '须为大于 0 的整数 / must be a whole number above 0'
          : '须为大于 0 的数 / must be a number above 0',
      );
      return undefined;
    }
    return v;
  };

  const id = text(obj, 'id');
  if (id && !isBusinessId(id))
    bad(
      'id',
      '只能由字母、数字、点、横线或下划线组成 / must be letters, digits, dot, dash or underscore',
    );
  const name = text(obj, 'name');
  const examYear = obj.examYear;
  if (
    typeof examYear !== 'number' ||
    !Number.isInteger(examYear) ||
    examYear < 2008 ||
    examYear > 2100
  )
    bad('examYear', '须为年份，如 2025 / must be a year such as 2025');

  // A level or role may be written as its code, its Chinese label or a synonym (助理社会工作师).
  const coded = (
    v: Vocabulary<string>,
    list: string[],
    path: string,
    problem: (code: string) => string | undefined = () => undefined,
  ): string[] =>
    list.flatMap((w, i) => {
      const code = codeIn(v, w);
      const why = code === undefined ? unknownText(v, w) : problem(code);
      if (why) bad(`${path}[${i}]`, why);
      return code === undefined || why ? [] : [code];
    });
  const levelsWritten = strings(obj.levels, 'levels');
  const levels = coded(vocabularies.certLevel ?? CERT_LEVEL, levelsWritten, 'levels', (l) =>
    l in EXAM_RULES
      ? undefined
      : `${l} 不是考试等级 / is no exam level (${Object.keys(EXAM_RULES).join(', ')})`,
  ) as ExamLevel[];
  if (!levelsWritten.length) bad('levels', '未指定等级 names no level');

  const window = isObject(obj.registrationWindow) ? obj.registrationWindow : {};
  if (!isObject(obj.registrationWindow))
    bad('registrationWindow', '必填：{ opens, closes } / is required: { opens, closes }');
  const opens = date(window, 'opens', 'registrationWindow.opens');
  const closes = date(window, 'closes', 'registrationWindow.closes');
  if (closes.getTime() <= opens.getTime())
    bad(
      'registrationWindow.closes',
      '须晚于报名开始时间 registrationWindow.opens / must be after registrationWindow.opens',
    );

  const examDates: Record<string, Date> = {};
  const datesIn = isObject(obj.examDates) ? obj.examDates : {};
  const subjects = levels.filter((l) => l in EXAM_RULES).flatMap((l) => EXAM_RULES[l].subjects);
  for (const subject of subjects) {
    if (!(subject in datesIn)) bad(`examDates.${subject}`, '缺少考试日期 / is missing');
    else examDates[subject] = date(datesIn, subject, `examDates.${subject}`);
    if (examDates[subject] && examDates[subject].getTime() <= closes.getTime())
      bad(`examDates.${subject}`, '须晚于报名截止 / must be after the registration window closes');
  }
  for (const extra of Object.keys(datesIn).filter((s) => !subjects.includes(s)))
    bad(`examDates.${extra}`, '不是所列等级的考试科目 / is not a subject of the levels named');

  const cohortIn = isObject(obj.cohort) ? obj.cohort : {};
  if (!isObject(obj.cohort))
    bad(
      'cohort',
      '必填：{ unitIds, roles?, notCertifiedAtLevel? } / is required: { unitIds, roles?, notCertifiedAtLevel? }',
    );
  const cohort = {
    unitIds: strings(cohortIn.unitIds, 'cohort.unitIds'),
    roles: coded(
      vocabularies.role ?? ROLE,
      strings(cohortIn.roles, 'cohort.roles'),
      'cohort.roles',
    ),
    notCertifiedAtLevel: cohortIn.notCertifiedAtLevel !== false,
  };
  if (!cohort.unitIds.length) bad('cohort.unitIds', '未指定单位 / names no unit');

  const classesIn = obj.classes === undefined ? [] : obj.classes;
  if (!Array.isArray(classesIn)) bad('classes', '须为列表 / must be a list');
  const classes: ClassDefinition[] = (Array.isArray(classesIn) ? classesIn : []).map((c, i) => {
    const path = `classes[${i}]`;
    const co = isObject(c) ? c : (bad(path, '须为对象 / must be an object'), {});
    const kind = co.kind;
    if (kind !== 'online_course' && kind !== 'sprint_class')
      bad(
        `${path}.kind`,
        '须为 online_course（网课）或 sprint_class（冲刺班） / must be online_course or sprint_class',
      );
    const capacity = positive(co.capacity, `${path}.capacity`);
    if (kind === 'sprint_class' && capacity === undefined)
      bad(`${path}.capacity`, '冲刺班须填名额 / is required for a sprint class');
    return {
      id: text(co, 'id', `${path}.id`),
      title: text(co, 'title', `${path}.title`),
      kind: kind as ClassDefinition['kind'],
      ...(capacity !== undefined ? { capacity } : {}),
      ...(typeof co.unitId === 'string' ? { unitId: co.unitId } : {}),
      ...(typeof co.seriesId === 'string' && co.seriesId.trim()
        ? { seriesId: co.seriesId.trim() }
        : {}),
      classHours: positive(co.classHours, `${path}.classHours`, false) ?? 0,
    };
  });
  const seen = new Set<string>();
  classes.forEach((c, i) => {
    if (c.id && seen.has(c.id))
      bad(`classes[${i}].id`, `“${c.id}”重复使用 / "${c.id}" is used twice`);
    seen.add(c.id);
  });

  const remindersIn = isObject(obj.reminders) ? obj.reminders : {};
  const beforeWindowCloses = strings(
    remindersIn.beforeWindowCloses,
    'reminders.beforeWindowCloses',
  );
  beforeWindowCloses.forEach((o, i) => {
    try {
      parseOffset(o);
    } catch (e) {
      bad(`reminders.beforeWindowCloses[${i}]`, (e as Error).message);
    }
  });
  let quietHours: QuietHours | null = parseQuietHours('21:00-08:00');
  if (remindersIn.quietHours === 'off') quietHours = null;
  else if (typeof remindersIn.quietHours === 'string') {
    try {
      quietHours = parseQuietHours(remindersIn.quietHours);
    } catch (e) {
      bad('reminders.quietHours', (e as Error).message);
    }
  }

  const timeZone = typeof obj.timeZone === 'string' ? obj.timeZone : 'Asia/Shanghai';
  if (!isValidTimeZone(timeZone))
    bad('timeZone', `“${timeZone}”不是 IANA 时区 / "${timeZone}" is not an IANA time zone`);

  const targetsIn = isObject(obj.targets) ? obj.targets : {};
  const targets = {
    registrations: positive(targetsIn.registrations, 'targets.registrations'),
    passes: positive(targetsIn.passes, 'targets.passes'),
    certificationRateChange: positive(
      targetsIn.certificationRateChange,
      'targets.certificationRateChange',
      false,
    ),
  };

  if (problems.length) throw new DefinitionError(problems);
  return {
    id,
    name,
    examYear: examYear as number,
    levels,
    registrationWindow: { opens, closes },
    examDates,
    cohort,
    classes,
    reminders: {
      beforeWindowCloses: beforeWindowCloses.length
        ? beforeWindowCloses
        : ['14d', '7d', '3d', '1d'],
      quietHours,
    },
    timeZone,
    targets,
  };
}
