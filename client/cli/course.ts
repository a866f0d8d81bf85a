/**
 * `yz course …`: course series (课程系列): sessions, enrolment, attendance (marks, check-in,
 * sign-in sheets), completion certificates, reports.
 */
import { cliScope } from './identity';
import { courseRoll } from '../operations/courses/roll';
import { Command } from 'commander';
import * as series from '../operations/courses/series';
import * as enrolment from '../operations/courses/enrolment';
import * as changes from '../operations/courses/seriesChanges';
import * as sessions from '../operations/courses/sessions';
import * as attendance from '../operations/courses/attendance';
import * as checkIn from '../operations/courses/checkIn';
import * as certificates from '../operations/courses/certificates';
import * as reports from '../operations/courses/reports';
import type { AttendanceStatus } from '../../workflows/rules/courseRules';
import {
  COURSE_STATUS,
  ENROLMENT_STATUS,
  inOrder,
  labelOf,
} from '../../workflows/rules/vocabulary';
import {
  act,
  actorOption,
  csv,
  number,
  outOption,
  backfillOption,
  parseSendAt,
  peopleOption,
  table,
  uiLink,
  written,
} from './common';
import { COORDINATOR, ctxOf, formatOf, hours, namingPeople, peopleNamed } from './courseCommon';
import { cancelCommand } from './cancelCommand';

/** The options of `yz course create`. */
interface CreateOptions {
  id: string;
  title: string;
  coordinator: string;
  sessions: string;
  minHours: number;
  capacity?: number;
  required?: string[];
  reminders?: string[];
  absences?: number;
  by: string;
}

/** `--capacity`: a whole number of places, or unlimited (不限). */
function capacityOf(v: string): number | null {
  return ['unlimited', '不限', 'none'].includes(v.trim()) ? null : number('--capacity')(v);
}

export function courseCommand(): Command {
  const cmd = new Command('course').description(
    '课程系列 / course series: sessions, enrolment, reminders, attendance, completion',
  );
  cmd
    .command('create')
    .description('创建课程系列 / create a course series from a session plan (CSV or XLSX)')
    .requiredOption('--id <id>', '课程编号 / series id')
    .requiredOption('--title <text>', '课程名称 / title')
    .requiredOption('--coordinator <personId>', '协调员 / coordinator person id')
    .requiredOption(
      '--sessions <file>',
      '课表 / session plan: 场次,标题,方式,开始,结束,地点,链接,课时,授课',
    )
    .requiredOption('--min-hours <n>', '结业学时 / class hours to complete', number('--min-hours'))
    .option('--capacity <n>', '名额 / places (beyond: waitlist)', number('--capacity'))
    .option('--required <ids>', '必修场次 / required session ids', csv)
    .option(
      '--reminders <offsets>',
      '课前提醒 / reminders before each session (default 1d,1h)',
      csv,
    )
    .option(
      '--absences <n>',
      '连续缺勤预警 / consecutive absences that warn (default 3)',
      number('--absences'),
    )
    .addOption(actorOption('创建人 / created by').default(COORDINATOR))
    .action(
      act(async (s, o: CreateOptions) => {
        const tz = s.config().timeZone;
        const sessions = await series.readSessions(o.sessions, (t, f) => parseSendAt(t, tz, f));
        const r = await series.createSeries(await ctxOf(s), {
          id: o.id,
          title: o.title,
          coordinatorId: o.coordinator,
          minHours: o.minHours,
          sessions,
          ...(o.capacity !== undefined ? { capacity: o.capacity } : {}),
          ...(o.required ? { requiredSessions: o.required } : {}),
          ...(o.reminders ? { reminderOffsets: o.reminders } : {}),
          ...(o.absences !== undefined ? { absenceWarnAfter: o.absences } : {}),
          createdBy: o.by,
        });
        return {
          data: r,
          text: [
            `已创建 / created: ${r.workflowId} (${r.sessions} 场 / sessions)`,
            `Web UI: ${uiLink(s.config(), r.workflowId)}`,
          ],
        };
      }),
    );
  namingPeople(
    cmd
      .command('enrol')
      .description('报名 / enrol people or whole units (capacity, then waitlist)')
      .argument('<id>', '课程编号 / series id'),
    {
      person: '人员编号 / person ids',
      unit: '单位编号（含下级）/ unit ids, sub-units included',
      by: '报名人 / enrolled by',
    },
  ).action(
    act(async (s, id: string, o: { person?: string[]; unit?: string[]; by: string }) => {
      const r = await enrolment.enrol(await ctxOf(s), {
        seriesId: id,
        ...peopleNamed(o),
        enrolledBy: o.by,
      });
      return {
        data: r,
        text: [
          `报名 / enrolled: ${r.enrolled.length}  候补 / waitlisted: ${r.waitlisted.length}  已在册 / already: ${r.already.length}`,
        ],
      };
    }),
  );
  cmd
    .command('withdraw')
    .description('退出 / withdraw a person (the waitlist moves up)')
    .argument('<id>', '课程编号 / series id')
    .requiredOption('--person <id>', '人员编号 / person id')
    .action(
      act(async (s, id: string, o: { person: string }) => {
        const r = await enrolment.withdraw(await ctxOf(s), { seriesId: id, personId: o.person });
        return {
          data: r,
          text: [`已退出 / withdrawn; 递补 / promoted: ${r.promoted.join(', ') || '-'}`],
        };
      }),
    );
  cmd
    .command('reschedule')
    .description('调整场次 / reschedule a session (the enrolled are told, reminders re-timed)')
    .argument('<id>', '课程编号 / series id')
    .argument('<session>', '场次 / session id')
    .requiredOption('--start <time>', '开始 / start (local "2026-12-01 14:00" or ISO)')
    .requiredOption('--end <time>', '结束 / end')
    .option('--place <text>', '地点 / place')
    .option('--link <url>', '链接 / link')
    .action(
      act(
        async (
          s,
          id: string,
          session: string,
          o: { start: string; end: string; place?: string; link?: string },
        ) => {
          const tz = s.config().timeZone;
          const r = await sessions.rescheduleSession(await ctxOf(s), {
            seriesId: id,
            sessionId: session,
            startsAt: parseSendAt(o.start, tz, '--start'),
            endsAt: parseSendAt(o.end, tz, '--end'),
            ...(o.place ? { place: o.place } : {}),
            ...(o.link ? { link: o.link } : {}),
          });
          return { data: r, text: [`已调整 / rescheduled: ${session} (v${r.version})`] };
        },
      ),
    );
  cmd
    .command('cancel-session')
    .description('取消场次 / cancel a session (reminders withdrawn, the enrolled told)')
    .argument('<id>', '课程编号 / series id')
    .argument('<session>', '场次 / session id')
    .action(
      act(async (s, id: string, session: string) => {
        const r = await sessions.cancelSession(await ctxOf(s), {
          seriesId: id,
          sessionId: session,
        });
        return { data: r, text: [`已取消 / cancelled: ${session}`] };
      }),
    );
  cmd
    .command('checkin-code')
    .description('生成签到码 / open check-in for a session')
    .argument('<id>', '课程编号 / series id')
    .argument('<session>', '场次 / session id')
    .option('--minutes <n>', '有效分钟 / valid minutes', number('--minutes'), 30)
    .action(
      act(async (s, id: string, session: string, o: { minutes: number }) => {
        const r = await checkIn.openCheckIn(await ctxOf(s), {
          seriesId: id,
          sessionId: session,
          minutes: o.minutes,
        });
        return { data: r, text: [`签到码 / code: ${r.code}  有效至 / until: ${s.local(r.until)}`] };
      }),
    );
  cmd
    .command('checkin')
    .description('签到 / check in with the session’s code')
    .argument('<id>', '课程编号 / series id')
    .argument('<session>', '场次 / session id')
    .requiredOption('--person <id>', '人员编号 / person id')
    .requiredOption('--code <code>', '签到码 / check-in code')
    .action(
      act(async (s, id: string, session: string, o: { person: string; code: string }) => {
        const r = await checkIn.checkIn(await ctxOf(s), {
          seriesId: id,
          sessionId: session,
          personId: o.person,
          code: o.code,
        });
        return { data: r, text: [`已签到 / checked in: ${r.status}`] };
      }),
    );
  cmd
    .command('mark')
    .description('记录考勤 / mark attendance: present, late, excused or absent')
    .argument('<id>', '课程编号 / series id')
    .argument('<session>', '场次 / session id')
    .addOption(peopleOption('人员编号 / person ids').makeOptionMandatory())
    .requiredOption('--status <status>', 'present | late | excused | absent')
    .addOption(backfillOption())
    .addOption(actorOption('记录人 / recorded by').default(COORDINATOR))
    .action(
      act(
        async (
          s,
          id: string,
          session: string,
          o: { person: string[]; status: string; backfill?: boolean; by: string },
        ) => {
          const r = await attendance.markAttendance(await ctxOf(s), {
            seriesId: id,
            marks: o.person.map((personId) => ({
              sessionId: session,
              personId,
              status: o.status as AttendanceStatus,
            })),
            recordedBy: o.by,
            backfill: o.backfill,
          });
          return { data: r, text: [`已记录 / recorded: ${r.recorded}`] };
        },
      ),
    );
  cmd
    .command('import')
    .description('导入签到表 / import a sign-in sheet (CSV or XLSX; all rows or none)')
    .argument('<id>', '课程编号 / series id')
    .requiredOption('--file <path>', '签到表 / sheet: 人员编号, 场次, 出勤情况')
    .option('--session <id>', '场次（表中无此列时）/ session, when the sheet has no column')
    .addOption(backfillOption())
    .addOption(actorOption('记录人 / recorded by').default(COORDINATOR))
    .action(
      act(
        async (
          s,
          id: string,
          o: { file: string; session?: string; backfill?: boolean; by: string },
        ) => {
          const r = await attendance.importAttendance(await ctxOf(s), {
            seriesId: id,
            file: o.file,
            ...(o.session ? { sessionId: o.session } : {}),
            recordedBy: o.by,
            backfill: o.backfill,
          });
          return {
            data: r,
            text: [`已导入 / imported: ${r.recorded} 行 / rows, ${r.people} 人 / people`],
          };
        },
      ),
    );
  cmd
    .command('status')
    .description('查看课程 / show a series')
    .argument('<id>', '课程编号 / series id')
    .action(
      act(async (s, id: string) => {
        const v = await series.courseStatus(await ctxOf(s), id);
        return {
          data: v,
          text: [
            `${v.id}  ${v.title}  (${labelOf(COURSE_STATUS, v.status)})`,
            `报名 / enrolment: ${
              inOrder(ENROLMENT_STATUS, v.enrolment)
                .map(([k, n]) => `${labelOf(ENROLMENT_STATUS, k)} ${n}`)
                .join('，') || '（无 / none）'
            }  结业 / completions: ${v.completions}${
              v.awaitingEnd
                ? `  待结课后结业 / completing when the course ends: ${v.awaitingEnd}`
                : ''
            }`,
            ...table(
              [
                '场次 session',
                '标题 title',
                '方式 mode',
                '开始 start',
                '课时 hours',
                '状态 status',
              ],
              v.sessions.map((x) => [
                x.sessionId,
                x.title,
                x.mode,
                s.local(x.startsAt),
                String(x.hours),
                x.status,
              ]),
            ),
          ],
        };
      }),
    );
  cmd
    .command('roll')
    .description('花名册与考勤 / enrolled and waitlisted people with their attendance marks')
    .argument('<id>', '课程编号 / series id')
    .action(
      act(async (s, id: string) => {
        const r = await courseRoll(await ctxOf(s), id, await cliScope());
        const marks = new Map<string, string[]>();
        for (const m of r.marks)
          marks.set(m.personId, [...(marks.get(m.personId) ?? []), `${m.sessionId}:${m.status}`]);
        return {
          data: r,
          text: r.people.length
            ? table(
                ['编号 id', '姓名 name', '单位 unit', '状态 status', '考勤 attendance'],
                r.people.map((p) => [
                  p.personId,
                  p.name,
                  p.unitId,
                  labelOf(ENROLMENT_STATUS, p.status),
                  marks.get(p.personId)?.join(' ') ?? '-',
                ]),
              )
            : ['（无人报名 / no one enrolled）'],
        };
      }),
    );
  cmd
    .command('certificate')
    .description('结业证书 / a person’s completion certificate as a PDF')
    .argument('<id>', '课程编号 / series id')
    .argument('<person>', '人员编号 / person id')
    .addOption(outOption('写入 PDF / write the PDF here').makeOptionMandatory())
    .action(
      act(async (s, id: string, person: string, o: { out: string }) => {
        const file = await certificates.completionCertificate(await ctxOf(s), {
          seriesId: id,
          personId: person,
          font: s.config().certificateFont,
        });
        const answer = await written(o.out, file);
        return {
          data: { ...(answer.data as object), certificateNo: file.certificateNo },
          text: [`证书编号 / certificate No.: ${file.certificateNo}`, ...answer.text],
        };
      }),
    );
  cmd
    .command('close')
    .description('结束课程系列 / close a series')
    .argument('<id>', '课程编号 / series id')
    .action(
      act(async (s, id: string) => {
        await series.closeSeries(await ctxOf(s), id);
        return { data: { id, closing: true }, text: [`正在结束 / closing: ${id}`] };
      }),
    );
  cmd
    .command('edit')
    .description(
      '修改课程系列 / edit a series: title, places, reminders (more places: the waitlist moves up)',
    )
    .argument('<id>', '课程编号 / series id')
    .option('--title <text>', '课程名称 / title')
    .option('--capacity <n>', '名额 / places, or "unlimited" / 不限', capacityOf)
    .option('--reminders <offsets>', '课前提醒 / reminders before each session, e.g. 1d,1h', csv)
    .action(
      act(
        async (
          s,
          id: string,
          o: { title?: string; capacity?: number | null; reminders?: string[] },
        ) => {
          const r = await changes.editSeries(await ctxOf(s), {
            seriesId: id,
            ...(o.title !== undefined ? { title: o.title } : {}),
            ...(o.capacity !== undefined ? { capacity: o.capacity } : {}),
            ...(o.reminders ? { reminderOffsets: o.reminders } : {}),
          });
          return {
            data: r,
            text: [
              `已修改 / edited: ${r.id} ${r.title}  名额 / places: ${r.capacity ?? '不限 / unlimited'}  提醒 / reminders: ${r.reminderOffsets.join(',') || '-'}`,
              `递补 / promoted: ${r.promoted.join(', ') || '-'}`,
            ],
          };
        },
      ),
    );
  cancelCommand(
    cmd,
    {
      description:
        '取消课程系列 / cancel a series as a whole (the enrolled and waitlisted are told)',
      id: '课程编号 / series id',
      reason: '原因（仅存于数据库）/ reason, kept in the database only',
    },
    (ctx, id, o) => changes.cancelSeries(ctx, { seriesId: id, ...o }),
    (r) => [`通知 / told: ${r.notified}`],
  );
  cmd
    .command('report')
    .description('人次与课时 / person-times and class hours per series, unit and year')
    .option('--series <id>', '课程编号 / series id')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included')
    .option('--year <n>', '年度 / year', number('--year'))
    .addOption(outOption())
    .action(
      act(async (s, o: { series?: string; unit?: string; year?: number; out?: string }) => {
        const req = {
          ...(o.series ? { seriesId: o.series } : {}),
          ...(o.unit ? { unitId: o.unit } : {}),
          ...(o.year !== undefined ? { year: o.year } : {}),
        };
        const ctx = await ctxOf(s);
        if (o.out)
          return written(
            o.out,
            await reports.exportCourseReport(ctx, { ...req, format: formatOf(o.out) }),
          );
        const rows = await reports.courseReport(ctx, req);
        return {
          data: rows,
          text: table(
            [
              '年度 year',
              '课程 series',
              '单位 unit',
              '人数 people',
              '人次 person-times',
              '课时 hours',
            ],
            rows.map((r) => [
              String(r.year),
              r.seriesId,
              r.unitId,
              String(r.people),
              String(r.personTimes),
              hours(r.hoursTenths),
            ]),
          ),
        };
      }),
    );
  return cmd;
}
