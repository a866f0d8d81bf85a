/**
 * The files a coordinator hands in for a course series (课程系列), read into plain rows: the
 * session plan (课表) and the sign-in sheet (签到表), CSV or XLSX. Reading a file is not a
 * coordinator's verb; the operations check and write what these return. Errors name the row.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readSheet, type Cell } from '../registry/roster/read';
import { InputError } from '../../common/errors';
import type { AttendanceStatus } from '../../workflows/rules/courseRules';

/** A file on disk, or a file's name and bytes (an upload). */
export type SheetFile = string | { name: string; bytes: Uint8Array };

export interface SessionInput {
  sessionId: string;
  title: string;
  mode: 'online' | 'offline';
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  place?: string;
  link?: string;
  /** Class hours, e.g. 1.5 (kept in tenths). */
  hours: number;
  teacher: string;
}

export interface AttendanceMark {
  sessionId: string;
  personId: string;
  status: AttendanceStatus;
  /** Where the mark came from, for errors: 签到表.csv 第 7 行 / 签到表.csv row 7. */
  where?: { zh: string; en: string };
}

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c).trim());

/** An Excel date cell holds a wall-clock time with no zone (read as UTC): "2026-12-01T14:00:00". */
const excelWallClock = (d: Date) => d.toISOString().slice(0, 19);

/** The file's name and rows; a file that cannot be read or parsed is the user's mistake. */
async function sheetRows(file: SheetFile): Promise<{ name: string; rows: Cell[][] }> {
  const name = typeof file === 'string' ? basename(file) : file.name;
  const bytes =
    typeof file === 'string'
      ? await readFile(file).catch((e: NodeJS.ErrnoException) => {
          throw new InputError(`无法读取 ${file} / cannot read ${file}: ${e.code ?? e.message}`);
        })
      : file.bytes;
  return { name, rows: (await readSheet(bytes, { name })).rows };
}

const SESSION_HEADERS: Record<string, keyof SessionInput> = {
  sessionid: 'sessionId',
  场次: 'sessionId',
  编号: 'sessionId',
  title: 'title',
  标题: 'title',
  课题: 'title',
  mode: 'mode',
  方式: 'mode',
  startsat: 'startsAt',
  开始: 'startsAt',
  开始时间: 'startsAt',
  endsat: 'endsAt',
  结束: 'endsAt',
  结束时间: 'endsAt',
  place: 'place',
  地点: 'place',
  link: 'link',
  链接: 'link',
  hours: 'hours',
  课时: 'hours',
  teacher: 'teacher',
  授课: 'teacher',
  讲师: 'teacher',
};
const MODES: Record<string, 'online' | 'offline'> = {
  online: 'online',
  线上: 'online',
  offline: 'offline',
  线下: 'offline',
};

/**
 * Reads a session plan (课表): 场次, 标题, 方式 (线上/线下), 开始, 结束 (local
 * "2026-12-01 14:00" in `timeZone`, or ISO), 地点, 链接, 课时, 授课. Errors name the row.
 */
export async function readSessions(
  file: SheetFile,
  localToIso: (text: string, field: string) => string,
): Promise<SessionInput[]> {
  const { name, rows } = await sheetRows(file);
  const header = rows[0]!.map((c) => SESSION_HEADERS[text(c).replace(/\s/g, '').toLowerCase()]);
  const out: SessionInput[] = [];
  rows.slice(1).forEach((r, i) => {
    if (r.every((c) => text(c) === '')) return;
    const get = (f: keyof SessionInput) => {
      const at = header.indexOf(f);
      const c = at < 0 ? null : r[at];
      return c instanceof Date ? excelWallClock(c) : text(c);
    };
    const time = (f: 'startsAt' | 'endsAt') =>
      localToIso(get(f), `${name} 第 ${i + 2} 行 ${f} 列 / row ${i + 2}, column ${f}`);
    const mode = MODES[get('mode').toLowerCase()];
    if (!mode) throw new InputError(`${name} row ${i + 2}: 方式 / mode must be 线上 or 线下`);
    const hours = Number(get('hours'));
    out.push({
      sessionId: get('sessionId'),
      title: get('title'),
      mode,
      startsAt: time('startsAt'),
      endsAt: time('endsAt'),
      ...(get('place') ? { place: get('place') } : {}),
      ...(get('link') ? { link: get('link') } : {}),
      hours,
      teacher: get('teacher'),
    });
  });
  if (!out.length) throw new InputError(`${name} 中没有场次 / ${name} has no sessions`);
  return out;
}

const STATUS_WORDS: Record<string, AttendanceStatus> = {
  present: 'present',
  出勤: 'present',
  到: 'present',
  签到: 'present',
  已签到: 'present',
  late: 'late',
  迟到: 'late',
  excused: 'excused',
  请假: 'excused',
  absent: 'absent',
  缺勤: 'absent',
  缺席: 'absent',
  未到: 'absent',
};
const MARK_HEADERS: Record<string, 'personId' | 'sessionId' | 'status'> = {
  personid: 'personId',
  人员编号: 'personId',
  编号: 'personId',
  sessionid: 'sessionId',
  场次: 'sessionId',
  课次: 'sessionId',
  课程场次: 'sessionId',
  status: 'status',
  出勤情况: 'status',
  签到情况: 'status',
  状态: 'status',
  考勤: 'status',
};

/**
 * Reads a sign-in sheet (签到表): columns 人员编号/personId, 场次/sessionId (or `sessionId` for
 * the whole sheet), 出勤情况/status. Each mark says which row it came from.
 */
export async function readSignInSheet(
  file: SheetFile,
  sessionId?: string,
): Promise<AttendanceMark[]> {
  const { name, rows } = await sheetRows(file);
  const header = rows[0]!.map(
    (c) => MARK_HEADERS[text(c).replace(/\s/g, '').toLowerCase()] ?? MARK_HEADERS[text(c)],
  );
  const col = (f: 'personId' | 'sessionId' | 'status') => header.indexOf(f);
  if (col('personId') < 0)
    throw new InputError(`${name}：缺少“人员编号”列 / ${name}: no 人员编号 (personId) column`);
  if (col('status') < 0)
    throw new InputError(`${name}：缺少“出勤情况”列 / ${name}: no 出勤情况 (status) column`);
  if (col('sessionId') < 0 && !sessionId)
    throw new InputError(
      `${name}：缺少“场次”列，请指明场次 / ${name}: no 场次 (sessionId) column; give the session`,
    );
  const marks: AttendanceMark[] = [];
  rows.slice(1).forEach((r, i) => {
    const row = i + 2;
    if (r.every((c) => text(c) === '')) return;
    const word = text(r[col('status')]);
    const status = STATUS_WORDS[word.toLowerCase()] ?? STATUS_WORDS[word];
    if (!status)
      throw new InputError(
        `${name} 第 ${row} 行：未知考勤状态“${word}” / ${name} row ${row}: status "${word}" is not known`,
      );
    marks.push({
      personId: text(r[col('personId')]),
      sessionId: col('sessionId') >= 0 ? text(r[col('sessionId')]) : sessionId!,
      status,
      where: { zh: `${name} 第 ${row} 行`, en: `${name} row ${row}` },
    });
  });
  return marks;
}
