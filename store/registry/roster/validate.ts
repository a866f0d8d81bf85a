/**
 * The rows of a roster checked on their own and against each other (pure; the database is only
 * consulted through the unit directory given). Every problem names its row, column and kind.
 */
import type { CertLevel, Role, Specialty } from '../vocabulary';
import { hashIdCard, maskIdCard } from '../idCard';
import { columnLetter, type Column, type Field } from './headers';
import type { Cell } from './read';
import {
  cellText,
  parseDate,
  parseEmail,
  parseIdCard,
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
  role: Role;
  phone?: string;
  email?: string;
  idCardHash?: string;
  idCardMasked?: string;
  specialties?: Specialty[];
  certificate?: { level: CertLevel; obtainedOn: Date; number?: string };
  key: MatchKey;
}

/** Units by id, and unit ids by exact name. */
export interface UnitDirectory {
  ids: ReadonlySet<string>;
  byName: ReadonlyMap<string, readonly string[]>;
}

export function unitDirectory(units: readonly { id: string; name: string }[]): UnitDirectory {
  const byName = new Map<string, string[]>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u.id]);
  return { ids: new Set(units.map((u) => u.id)), byName };
}

export interface CheckOptions {
  units: UnitDirectory;
  salt: string;
  /** Today as a calendar date (UTC midnight); later dates are in the future. */
  today: Date;
}

function resolveUnit(text: string, units: UnitDirectory): Parsed<string> {
  if (units.ids.has(text)) return { ok: true, value: text };
  const ids = units.byName.get(text) ?? [];
  if (ids.length === 1) return { ok: true, value: ids[0]! };
  if (ids.length > 1) {
    return {
      ok: false,
      code: 'ambiguous_unit',
      message: `names ${ids.length} units (${ids.join(', ')}): write the unit id instead`,
    };
  }
  return { ok: false, code: 'unknown_unit', message: 'is no unit id or unit name' };
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
      report(field, 'missing_value', 'is required');
      return undefined;
    }
    return take(field, parse);
  };

  const name = required('name', parseName);
  const unitId = required('unit', (t) => resolveUnit(t, options.units));
  const role = required('role', parseRole);
  const personId = take('person_id', parsePersonId);
  const phone = take('phone', parsePhone);
  const email = take('email', parseEmail);
  const specialties = take('specialties', parseSpecialties);
  const idCardText = text('id_card');
  const idCard = idCardText
    ? take('id_card', () => parseIdCard(at('id_card'), options.today), maskIdCard(idCardText))
    : undefined;
  const level = take('certificate_level', parseLevel);
  const obtainedOn = text('certificate_date')
    ? take('certificate_date', () => parseDate(at('certificate_date'), options.today))
    : undefined;
  const number = text('certificate_number') || undefined;
  if (text('certificate_level') && !text('certificate_date')) {
    report('certificate_date', 'missing_value', 'is required with a certificate level');
  }
  if (text('certificate_date') && !text('certificate_level')) {
    report('certificate_level', 'date_without_level', 'is empty but a certificate date is given');
  }
  if (!text('person_id') && !idCardText && !text('phone')) {
    report(undefined, 'no_key', 'names no person id, ID-card number or phone to match on');
  }
  if (problems.length > before || !name || !unitId || !role) return undefined;

  const idCardHash = idCard ? hashIdCard(idCard, options.salt) : undefined;
  const key: MatchKey = personId
    ? { kind: 'person_id', value: personId }
    : idCardHash
      ? { kind: 'id_card', value: idCardHash }
      : { kind: 'phone', value: phone! };
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
    ...(specialties?.length ? { specialties } : {}),
    ...(level && obtainedOn
      ? { certificate: { level, obtainedOn, ...(number ? { number } : {}) } }
      : {}),
  };
}

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
          message: `repeats the ${field.replace('_', ' ')} of row ${first}`,
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
