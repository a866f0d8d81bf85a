/**
 * The rows of a roster checked on their own and against each other (pure; the database is only
 * consulted through the unit directory given). Every problem names its row, column and kind.
 */
import type { Vocabulary } from '../../../workflows/rules/vocabulary';
import { maskIdCard } from '../idCard';
import type { IdCardHash } from '../idCardHasher';
import type { Gender } from '../../../workflows/rules/gender';
import {
  certificateDateProblem,
  registrationOf,
  registrationProblems,
} from '../../../workflows/rules/rosterRules';
import { ancestors, inStreet, resolveUnit, type UnitDirectory } from './units';
import { columnLetter, FIELD_ZH, type Column, type Field } from './headers';
import type { Cell } from './read';
import {
  cellText,
  parseDate,
  parseEmail,
  parseGender,
  parseIdCard,
  parsePastHours,
  parseLevel,
  parseName,
  parsePersonId,
  parsePhone,
  parseRole,
  parseSpecialties,
  type Parsed,
  type ProblemCode,
} from './fields';

export interface RowProblem {
  /** Row number as the spreadsheet shows it (the header row is usually 1). */
  row: number;
  field?: Field;
  /** Column letter and header, e.g. "B 手机". */
  column?: string;
  code: ProblemCode;
  message: string;
  /** The cell as written (an ID-card number masked). */
  value?: string;
}

export type MatchKey =
  | { kind: 'person_id'; value: string }
  | { kind: 'id_card'; value: string }
  | { kind: 'phone'; value: string };

export interface RosterRow {
  row: number;
  personId?: string;
  name: string;
  unitId: string;
  role: string;
  phone?: string;
  email?: string;
  idCardHash?: string;
  idCardMasked?: string;
  gender?: Gender;
  specialties?: string[];
  certificate?: { level: string; obtainedOn: Date; number?: string };
  /** The certificate's registration (登记), both dates: as written, or one derived from the other. */
  registration?: { registeredOn: Date; expiresOn: Date };
  /** 累计培训学时 before this system, in tenths of an hour: the opening balance. */
  pastHoursTenths?: number;
  key: MatchKey;
}

export interface CheckOptions {
  units: UnitDirectory;
  /** The stored hash of a normalized ID-card number. */
  hashIdCard: IdCardHash;
  /** Today as a calendar date (UTC midnight); later dates are in the future. */
  today: Date;
  /** A registration's length in years (default REGISTRATION_YEARS). */
  registrationYears?: number;
  /** The district's vocabularies (store/registry/vocabularyTerms.ts); default the built-in ones. */
  vocabularies?: RosterVocabularies;
}

export interface RosterVocabularies {
  role: Vocabulary<string>;
  certLevel: Vocabulary<string>;
  specialty: Vocabulary<string>;
}

/** Checks one data row. Returns the row when it has no problem. */
export function checkRow(
  cells: Cell[],
  row: number,
  columns: ReadonlyMap<Field, Column>,
  options: CheckOptions,
  problems: RowProblem[],
): RosterRow | undefined {
  const before = problems.length;
  const at = (field: Field) => {
    const c = columns.get(field);
    return c ? (cells[c.index] ?? null) : null;
  };
  const text = (field: Field) => cellText(at(field));
  const report = (field: Field | undefined, code: ProblemCode, message: string, value?: string) => {
    const c = field ? columns.get(field) : undefined;
    problems.push({
      row,
      ...(field ? { field } : {}),
      ...(c ? { column: `${columnLetter(c.index)} ${c.header}` } : {}),
      code,
      message,
      ...(value !== undefined && value !== '' ? { value } : {}),
    });
  };
  /** The parsed value of an optional cell; undefined when empty or bad (bad is reported). */
  const take = <T>(field: Field, parse: (t: string) => Parsed<T>, shown = text(field)) => {
    const t = text(field);
    if (!t) return undefined;
    const p = parse(t);
    if (p.ok) return p.value;
    report(field, p.code, p.message, shown);
    return undefined;
  };
  const required = <T>(field: Field, parse: (t: string) => Parsed<T>) => {
    if (!text(field)) {
      report(field, 'missing_value', '必填 / is required');
      return undefined;
    }
    return take(field, parse);
  };
  const date = (field: Field) => take(field, () => parseDate(at(field), options.today));

  const name = required('name', parseName);
  const street = text('street') || undefined;
  const unitId = required('unit', (t) => resolveUnit(t, options.units, street));
  if (unitId && street && !inStreet(options.units, unitId, street)) {
    const place = ancestors(options.units, unitId)[0]?.name ?? '(none)';
    report(
      'street',
      'street_mismatch',
      `与所在单位的上级不符 / does not match the unit's place in the tree (${text('unit')} is under ${place})`,
      street,
    );
  }
  const v = options.vocabularies;
  const role = required('role', (t) => parseRole(t, v?.role));
  const personId = take('person_id', parsePersonId);
  const phone = take('phone', parsePhone);
  const email = take('email', parseEmail);
  const gender = take('gender', parseGender);
  const specialties = take('specialties', (t) => parseSpecialties(t, v?.specialty));
  const pastHoursTenths = text('training_hours')
    ? take('training_hours', () => parsePastHours(at('training_hours')))
    : undefined;
  const idCardText = text('id_card');
  const idCard = idCardText
    ? take('id_card', () => parseIdCard(at('id_card'), options.today), maskIdCard(idCardText))
    : undefined;
  const level = take('certificate_level', (t) => parseLevel(t, v?.certLevel));
  const obtainedOn = date('certificate_date');
  const number = text('certificate_number') || undefined;
  if (obtainedOn) {
    const early = certificateDateProblem(obtainedOn);
    if (early) report('certificate_date', 'early_certificate', early, text('certificate_date'));
  }
  const registeredOn = date('registration_date');
  const expiresOn = text('registration_expiry')
    ? take('registration_expiry', () => parseDate(at('registration_expiry'), FAR_FUTURE))
    : undefined;
  for (const p of registrationProblems({ obtainedOn, registeredOn, expiresOn })) {
    report(p.field, 'bad_registration', p.message, text(p.field));
  }
  if (text('certificate_level') && !text('certificate_date')) {
    report(
      'certificate_date',
      'missing_value',
      '填了证书等级，须填取证日期 / is required with a certificate level',
    );
  }
  for (const f of ['certificate_date', 'registration_date', 'registration_expiry'] as const) {
    if (text(f) && !text('certificate_level')) {
      report(
        'certificate_level',
        'date_without_level',
        `为空，但填了${columns.get(f)!.header} / is empty but ${columns.get(f)!.header} is given`,
      );
      break;
    }
  }
  if (!text('person_id') && !idCardText && !text('phone')) {
    report(
      undefined,
      'no_key',
      '没有可用于匹配的人员编号、身份证号或手机 / names no person id, ID-card number or phone to match on',
    );
  }
  if (problems.length > before || !name || !unitId || !role) return undefined;

  const idCardHash = idCard ? options.hashIdCard(idCard) : undefined;
  const key: MatchKey = personId
    ? { kind: 'person_id', value: personId }
    : idCardHash
      ? { kind: 'id_card', value: idCardHash }
      : { kind: 'phone', value: phone! };
  const registration = registrationOf(
    { ...(registeredOn ? { registeredOn } : {}), ...(expiresOn ? { expiresOn } : {}) },
    options.registrationYears,
  );
  return {
    row,
    name,
    unitId,
    role,
    key,
    ...(personId ? { personId } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(idCard ? { idCardHash, idCardMasked: maskIdCard(idCard) } : {}),
    ...(gender ? { gender } : {}),
    ...(specialties?.length ? { specialties } : {}),
    ...(level && obtainedOn
      ? { certificate: { level, obtainedOn, ...(number ? { number } : {}) } }
      : {}),
    ...(level && obtainedOn && registration ? { registration } : {}),
    ...(pastHoursTenths !== undefined ? { pastHoursTenths } : {}),
  };
}

/** An expiry lies ahead by nature: only impossible ones are refused, not future ones. */
const FAR_FUTURE = new Date(Date.UTC(9999, 11, 31));

const KEY_FIELDS = [
  ['person_id', (r: RosterRow) => r.personId],
  ['id_card', (r: RosterRow) => r.idCardHash],
  ['phone', (r: RosterRow) => r.phone],
] as const;

/**
 * Rows that repeat a person id, ID-card number or phone of an earlier row: the later one is
 * reported and dropped. Returns the rows that stay.
 */
export function dropDuplicates(
  rows: RosterRow[],
  columns: ReadonlyMap<Field, Column>,
  problems: RowProblem[],
): RosterRow[] {
  const seen = KEY_FIELDS.map(() => new Map<string, number>());
  return rows.filter((r) => {
    for (const [i, [field, get]] of KEY_FIELDS.entries()) {
      const v = get(r);
      const first = v === undefined ? undefined : seen[i]!.get(v);
      if (first !== undefined) {
        const c = columns.get(field)!;
        problems.push({
          row: r.row,
          field,
          column: `${columnLetter(c.index)} ${c.header}`,
          code: 'duplicate_in_file',
          message: `与第 ${first} 行的${FIELD_ZH[field]}重复 / repeats the ${field.replace('_', ' ')} of row ${first}`,
        });
        return false;
      }
    }
    for (const [i, [, get]] of KEY_FIELDS.entries()) {
      const v = get(r);
      if (v !== undefined) seen[i]!.set(v, r.row);
    }
    return true;
  });
}
