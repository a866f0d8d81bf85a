/**
 * Which column holds which field. Offices write headers in Chinese (姓名, 手机, 单位 …) or English
 * (name, phone, unit …); a mapping names the fields of any other layout. Unknown columns are
 * not read but named in every report (ignoredColumns); a required column that is missing is an error.
 */
import { RosterFileError, isBlankRow, type Cell } from './read';

export const FIELDS = [
  'person_id',
  'name',
  'phone',
  'email',
  'unit',
  'role',
  'certificate_level',
  'certificate_date',
  'certificate_number',
  'specialties',
  'id_card',
  'gender',
  'street',
  'registration_date',
  'registration_expiry',
  'training_hours',
] as const;
export type Field = (typeof FIELDS)[number];

export const REQUIRED_FIELDS: readonly Field[] = ['name', 'unit', 'role'];

/** The header each field is exported under, in Chinese (the first alias). */
export const FIELD_ZH: Record<Field, string> = {
  person_id: '人员编号',
  name: '姓名',
  phone: '手机',
  email: '邮箱',
  unit: '单位',
  role: '岗位',
  certificate_level: '证书等级',
  certificate_date: '取证日期',
  certificate_number: '证书编号',
  specialties: '专长',
  id_card: '身份证号',
  gender: '性别',
  street: '所属街镇',
  registration_date: '登记日期',
  registration_expiry: '登记有效期至',
  training_hours: '累计培训学时',
};

const ALIASES: Record<Field, string[]> = {
  person_id: ['编号', '工号', '人员id', 'id', 'personid'],
  name: ['名字', '姓名全称'],
  phone: ['手机号', '手机号码', '联系电话', '电话', '移动电话', 'mobile', 'phonenumber'],
  email: ['电子邮箱', '电子邮件', '邮件', 'e-mail', 'mail'],
  unit: ['所在单位', '工作单位', '单位编号', '单位id', 'unitid', 'organisation', 'organization'],
  role: ['职务', '人员类别', '岗位类别', '身份'],
  certificate_level: ['持证等级', '证书级别', '持证情况', 'level', 'certificatelevel'],
  certificate_date: ['取证时间', '发证日期', '取得证书日期', 'certificatedate', 'obtainedon'],
  certificate_number: ['证书号', '管理号', 'certificatenumber'],
  specialties: [
    '专长领域',
    '专业特长',
    '专业领域',
    '擅长领域',
    '服务领域',
    '专业方向',
    'specialty',
    'speciality',
  ],
  id_card: ['身份证', '身份证号码', '证件号码', '公民身份号码', 'idcard', 'idnumber'],
  gender: ['sex'],
  street: ['所属街道', '所在街镇', '所在街道', '街镇', '街道镇', '街道（镇）', 'town'],
  registration_date: ['登记时间', '注册日期', '首次登记日期', 'registeredon'],
  registration_expiry: [
    '登记有效期',
    '有效期至',
    '登记到期日',
    '注册有效期至',
    'registrationexpires',
    'expireson',
  ],
  training_hours: ['累计学时', '培训学时', '已完成学时', '继续教育学时', 'pasthours', 'hours'],
};

/** "手机（必填）*" → "手机"; "Certificate Level" → "certificate_level". */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊\s]/g, '')
    .toLowerCase();
}

/** The columns a kind of sheet has: its fields, their Chinese headers and other names. */
export interface HeaderVocabulary<F extends string> {
  fields: readonly F[];
  zh: Record<F, string>;
  aliases: Record<F, string[]>;
  required: readonly F[];
}

const indexes = new WeakMap<object, Map<string, string>>();

/** Every name a field goes by (code, code without underscores, Chinese, aliases), normalized. */
function headerIndex<F extends string>(v: HeaderVocabulary<F>): Map<string, F> {
  let index = indexes.get(v);
  if (!index) {
    index = new Map();
    for (const f of v.fields) {
      for (const h of [f, f.replace(/_/g, ''), v.zh[f], ...v.aliases[f]]) {
        index.set(normalizeHeader(h), f);
      }
    }
    indexes.set(v, index);
  }
  return index as Map<string, F>;
}

/** "A", "B", … "Z", "AA" for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface Column<F extends string = Field> {
  field: F;
  index: number;
  header: string;
}

export type HeaderMapping = Record<string, string>;

/** The columns of a header row, by field. `mapping` (header → field) wins over the aliases. */
export function mapColumnsOf<F extends string>(
  vocabulary: HeaderVocabulary<F>,
  headerRow: Cell[],
  mapping: HeaderMapping = {},
): Map<F, Column<F>> {
  const { fields, zh, required } = vocabulary;
  const custom = new Map<string, F>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!(fields as readonly string[]).includes(field)) {
      throw new RosterFileError(
        `列映射为“${header}”指定了未知字段“${field}”（可用字段：${fields.join(', ')}） / ` +
          `the mapping names an unknown field "${field}" for "${header}" (fields: ${fields.join(', ')})`,
      );
    }
    custom.set(normalizeHeader(header), field as F);
  }
  const known = headerIndex(vocabulary);
  const columns = new Map<F, Column<F>>();
  headerRow.forEach((cell, index) => {
    const header = cell === null ? '' : String(cell).trim();
    const key = normalizeHeader(header);
    const field = custom.get(key) ?? known.get(key);
    if (!field) return;
    const taken = columns.get(field);
    if (taken) {
      const [a, b] = [columnLetter(taken.index), columnLetter(index)];
      throw new RosterFileError(
        `有两列都是${zh[field]}（${field}）：“${taken.header}”（${a} 列）和“${header}”（${b} 列） / ` +
          `two columns hold ${field}: "${taken.header}" (${a}) and "${header}" (${b})`,
      );
    }
    columns.set(field, { field, index, header });
  });
  const missing = required.filter((f) => !columns.has(f));
  if (missing.length) {
    const found = headerRow.filter((c) => c !== null && String(c).trim() !== '').join(', ');
    const named = missing.map((f) => `${zh[f]} (${f})`).join(', ');
    throw new RosterFileError(
      `缺少必填列：${named}；表头行现有：${found || '（无）'} / ` +
        `missing required column(s): ${named}; the header row holds: ${found || '(nothing)'}`,
    );
  }
  return columns;
}

export const ROSTER_HEADERS: HeaderVocabulary<Field> = {
  fields: FIELDS,
  zh: FIELD_ZH,
  aliases: ALIASES,
  required: REQUIRED_FIELDS,
};

/** A roster's columns (see mapColumnsOf). */
export function mapColumns(headerRow: Cell[], mapping: HeaderMapping = {}): Map<Field, Column> {
  return mapColumnsOf(ROSTER_HEADERS, headerRow, mapping);
}

/**
 * The header row: the first of the first ten rows that holds every required column (offices put
 * a title such as "社工人才登记表" above it). Its 0-based index and its columns.
 */
export function findHeaderRowOf<F extends string>(
  vocabulary: HeaderVocabulary<F>,
  rows: Cell[][],
  mapping: HeaderMapping = {},
): { index: number; columns: Map<F, Column<F>> } {
  let first: unknown;
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const row = rows[i]!;
    if (isBlankRow(row)) continue;
    try {
      return { index: i, columns: mapColumnsOf(vocabulary, row, mapping) };
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}

/**
 * The headers of a header row that no field took, as written ("A 序号"): a report names them so
 * that nothing is dropped without a word.
 */
export function ignoredColumns<F extends string>(
  headerRow: readonly Cell[],
  columns: ReadonlyMap<F, Column<F>>,
): string[] {
  const used = new Set([...columns.values()].map((c) => c.index));
  return headerRow.flatMap((cell, index) => {
    const header = cell === null ? '' : String(cell).trim();
    return header && !used.has(index) ? [`${columnLetter(index)} ${header}`] : [];
  });
}

/** A roster's header row (see findHeaderRowOf). */
export function findHeaderRow(
  rows: Cell[][],
  mapping: HeaderMapping = {},
): { index: number; columns: Map<Field, Column> } {
  return findHeaderRowOf(ROSTER_HEADERS, rows, mapping);
}
