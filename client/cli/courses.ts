/**
 * `yz course …` (course series: sessions, enrolment, attendance, certificates, reports),
 * `yz cohort …` (cohort programs: members from several agencies, their series, progress) and
 * `yz credits …` (continuing-education ledgers: start, self-reports, review, the ledger,
 * compliance report).
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Command } from 'commander';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext } from '../operations/context';
import * as courses from '../operations/courses/courses';
import * as credits from '../operations/credits/credits';
import * as cohorts from '../operations/courses/cohorts';
import type { AttendanceStatus } from '../../workflows/rules/courseRules';
import { act, csv, parseSendAt, table, uiLink, type Answer, type Session, number } from './common';
import { InputError } from '../../common/errors';

const ctxOf = async (s: Session) => announcementContext(await s.context());
const hours = (tenths: number) => String(tenths / 10);

async function written(out: string, file: { bytes: Buffer; contentType: string }): Promise<Answer> {
  await writeFile(out, file.bytes);
  return {
    data: { file: out, contentType: file.contentType, bytes: file.bytes.length },
    text: [`已写入 / written: ${out} (${file.bytes.length} 字节 / bytes)`],
  };
}

const formatOf = (out: string) => (extname(out).slice(1).toLowerCase() || 'xlsx') as SheetFormat;

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
    .option('--by <name>', '创建人 / created by', '协调员')
    .action(
      act(
        async (
          s,
          o: {
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
          },
        ) => {
          const tz = s.config().timeZone;
          const sessions = await courses.readSessions(o.sessions, (t) => parseSendAt(t, tz));
          const r = await courses.createSeries(await ctxOf(s), {
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
        },
      ),
    );
  cmd
    .command('enrol')
    .description('报名 / enrol people or whole units (capacity, then waitlist)')
    .argument('<id>', '课程编号 / series id')
    .option('--person <ids>', '人员编号 / person ids', csv)
    .option('--unit <ids>', '单位编号（含下级）/ unit ids, sub-units included', csv)
    .option('--by <name>', '报名人 / enrolled by', '协调员')
    .action(
      act(async (s, id: string, o: { person?: string[]; unit?: string[]; by: string }) => {
        const r = await courses.enrol(await ctxOf(s), {
          seriesId: id,
          personIds: o.person ?? [],
          unitIds: o.unit ?? [],
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
        const r = await courses.withdraw(await ctxOf(s), { seriesId: id, personId: o.person });
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
          const r = await courses.rescheduleSession(await ctxOf(s), {
            seriesId: id,
            sessionId: session,
            startsAt: parseSendAt(o.start, tz),
            endsAt: parseSendAt(o.end, tz),
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
        const r = await courses.cancelSession(await ctxOf(s), { seriesId: id, sessionId: session });
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
        const r = await courses.openCheckIn(await ctxOf(s), {
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
        const r = await courses.checkIn(await ctxOf(s), {
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
    .requiredOption('--person <ids>', '人员编号 / person ids', csv)
    .requiredOption('--status <status>', 'present | late | excused | absent')
    .option('--by <name>', '记录人 / recorded by', '协调员')
    .action(
      act(
        async (
          s,
          id: string,
          session: string,
          o: { person: string[]; status: string; by: string },
        ) => {
          const r = await courses.markAttendance(await ctxOf(s), {
            seriesId: id,
            marks: o.person.map((personId) => ({
              sessionId: session,
              personId,
              status: o.status as AttendanceStatus,
            })),
            recordedBy: o.by,
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
    .option('--by <name>', '记录人 / recorded by', '协调员')
    .action(
      act(async (s, id: string, o: { file: string; session?: string; by: string }) => {
        const r = await courses.importAttendance(await ctxOf(s), {
          seriesId: id,
          file: o.file,
          ...(o.session ? { sessionId: o.session } : {}),
          recordedBy: o.by,
        });
        return {
          data: r,
          text: [`已导入 / imported: ${r.recorded} 行 / rows, ${r.people} 人 / people`],
        };
      }),
    );
  cmd
    .command('status')
    .description('查看课程 / show a series')
    .argument('<id>', '课程编号 / series id')
    .action(
      act(async (s, id: string) => {
        const v = await courses.courseStatus(await ctxOf(s), id);
        return {
          data: v,
          text: [
            `${v.id}  ${v.title}  (${v.status})`,
            `报名 / enrolment: ${JSON.stringify(v.enrolment)}  结业 / completions: ${v.completions}`,
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
    .command('certificate')
    .description('结业证书 / a person’s completion certificate as a PDF')
    .argument('<id>', '课程编号 / series id')
    .argument('<person>', '人员编号 / person id')
    .requiredOption('--out <file>', '写入 PDF / write the PDF here')
    .action(
      act(async (s, id: string, person: string, o: { out: string }) => {
        const file = await courses.completionCertificate(await ctxOf(s), {
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
        await courses.closeSeries(await ctxOf(s), id);
        return { data: { id, closing: true }, text: [`正在结束 / closing: ${id}`] };
      }),
    );
  cmd
    .command('report')
    .description('人次与课时 / person-times and class hours per series, unit and year')
    .option('--series <id>', '课程编号 / series id')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included')
    .option('--year <n>', '年度 / year', number('--year'))
    .option('--out <file>', '写入 XLSX 或 CSV / write XLSX or CSV')
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
            await courses.exportCourseReport(ctx, { ...req, format: formatOf(o.out) }),
          );
        const rows = await courses.courseReport(ctx, req);
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

function enrolmentLines(r: cohorts.CohortEnrolment): string[] {
  return table(
    ['课程 series', '报名 enrolled', '候补 waitlisted', '已在册 already'],
    r.series.map((x) => [
      x.seriesId,
      String(x.enrolled.length),
      String(x.waitlisted.length),
      String(x.already.length),
    ]),
  );
}

export function cohortCommand(): Command {
  const cmd = new Command('cohort').description(
    '培养梯队 / cohort programs (雏雁 new hires, 头雁 leaders): members, series, progress',
  );
  cmd
    .command('create')
    .description('创建梯队 / create a cohort and enrol its members in its series')
    .requiredOption('--id <id>', '梯队编号 / cohort id')
    .requiredOption('--title <text>', '名称 / title')
    .requiredOption('--kind <kind>', 'new_hire（雏雁）| leader（头雁）| other')
    .requiredOption('--coordinator <personId>', '协调员 / coordinator person id')
    .requiredOption('--series <ids>', '课程系列（按顺序）/ course series ids, in order', csv)
    .option('--person <ids>', '成员 / member person ids', csv)
    .option('--unit <ids>', '单位（含下级）全体 / every active person of units', csv)
    .option('--by <name>', '创建人 / created by', '协调员')
    .action(
      act(
        async (
          s,
          o: {
            id: string;
            title: string;
            kind: string;
            coordinator: string;
            series: string[];
            person?: string[];
            unit?: string[];
            by: string;
          },
        ) => {
          const r = await cohorts.createCohort(await ctxOf(s), {
            id: o.id,
            title: o.title,
            kind: o.kind as cohorts.CohortKind,
            coordinatorId: o.coordinator,
            seriesIds: o.series,
            personIds: o.person ?? [],
            unitIds: o.unit ?? [],
            createdBy: o.by,
          });
          return {
            data: r,
            text: [`已创建 / created: ${r.id} (${r.members} 人 / members)`, ...enrolmentLines(r)],
          };
        },
      ),
    );
  cmd
    .command('add')
    .description('加入成员 / add members (enrolled in every series of the cohort)')
    .argument('<id>', '梯队编号 / cohort id')
    .option('--person <ids>', '人员编号 / person ids', csv)
    .option('--unit <ids>', '单位（含下级）全体 / every active person of units', csv)
    .option('--by <name>', '操作人 / added by', '协调员')
    .action(
      act(async (s, id: string, o: { person?: string[]; unit?: string[]; by: string }) => {
        const r = await cohorts.addCohortMembers(await ctxOf(s), {
          cohortId: id,
          personIds: o.person ?? [],
          unitIds: o.unit ?? [],
          addedBy: o.by,
        });
        return {
          data: r,
          text: [
            `新成员 / added: ${r.added.length}, 共 / members: ${r.members}`,
            ...enrolmentLines(r),
          ],
        };
      }),
    );
  cmd
    .command('add-series')
    .description('增加课程 / add course series (every member enrolled)')
    .argument('<id>', '梯队编号 / cohort id')
    .requiredOption('--series <ids>', '课程编号 / series ids', csv)
    .action(
      act(async (s, id: string, o: { series: string[] }) => {
        const r = await cohorts.addCohortSeries(await ctxOf(s), {
          cohortId: id,
          seriesIds: o.series,
        });
        return { data: r, text: enrolmentLines(r) };
      }),
    );
  cmd
    .command('progress')
    .description('梯队进度 / progress per member (or per agency); XLSX holds both')
    .argument('<id>', '梯队编号 / cohort id')
    .option('--by <view>', 'member | agency', 'member')
    .option('--out <file>', '写入 XLSX 或 CSV / write XLSX or CSV')
    .action(
      act(async (s, id: string, o: { by: string; out?: string }) => {
        if (o.by !== 'member' && o.by !== 'agency')
          throw new InputError(`--by "${o.by}" must be member or agency`);
        const ctx = await ctxOf(s);
        if (o.out)
          return written(
            o.out,
            await cohorts.exportCohortReport(ctx, {
              cohortId: id,
              format: formatOf(o.out),
              by: o.by,
            }),
          );
        const p = await cohorts.cohortReport(ctx, id);
        const text =
          o.by === 'agency'
            ? table(
                [
                  '单位 unit',
                  '人数 members',
                  '结业 completed',
                  '学习中 in progress',
                  '落后 behind',
                  '学时 hours',
                ],
                p.agencies.map((a) => [
                  a.unitId,
                  String(a.members),
                  String(a.completed),
                  String(a.in_progress),
                  String(a.behind),
                  `${hours(a.attendedTenths)}/${hours(a.requiredTenths)}`,
                ]),
              )
            : table(
                ['人员 person', '单位 unit', '结业课程 series', '学时 hours', '状态 status'],
                p.members.map((m) => [
                  m.personId,
                  m.unitId,
                  `${m.seriesCompleted}/${m.seriesTotal}`,
                  `${hours(m.attendedTenths)}/${hours(m.requiredTenths)}`,
                  m.status,
                ]),
              );
        return { data: p, text: [`${p.cohortId}  ${p.title}  (${p.kind})`, ...text] };
      }),
    );
  return cmd;
}

export function creditsCommand(): Command {
  const cmd = new Command('credits').description(
    '继续教育学时台账 / continuing-education ledgers over registration periods',
  );
  cmd
    .command('start')
    .description('开启学时台账 / start the ledgers of certified people')
    .argument('<personIds>', '人员编号，逗号分隔 / person ids, comma-separated', csv)
    .action(
      act(async (s, ids: string[]) => {
        const ctx = await ctxOf(s);
        const out = [];
        for (const id of ids) out.push({ personId: id, ...(await credits.startLedger(ctx, id)) });
        return {
          data: out,
          text: out.map(
            (r) => `${r.workflowId}: ${r.started ? '已开启 / started' : '已在运行 / running'}`,
          ),
        };
      }),
    );
  cmd
    .command('claim')
    .description('申报学时 / self-report external training or degree study (awaits review)')
    .argument('<personId>', '人员编号 / person id')
    .requiredOption('--source <source>', 'external | degree')
    .option('--hours <n>', '学时 / hours (external)', number('--hours'))
    .requiredOption('--evidence <text>', '证明材料 / evidence')
    .option('--by <name>', '申报人 / submitted by')
    .action(
      act(
        async (
          s,
          personId: string,
          o: { source: string; hours?: number; evidence: string; by?: string },
        ) => {
          const r = await credits.submitClaim(await ctxOf(s), {
            personId,
            source: o.source as 'external' | 'degree',
            ...(o.hours !== undefined ? { hours: o.hours } : {}),
            evidence: o.evidence,
            submittedBy: o.by ?? personId,
          });
          return {
            data: r,
            text: [
              `申报编号 / claim ${r.claimId}: ${hours(r.hoursTenths)} 学时 / hours, 待审核 / pending`,
            ],
          };
        },
      ),
    );
  cmd
    .command('review')
    .description('审核申报 / approve or reject a self-reported credit')
    .argument('<claimId>', '申报编号 / claim id', number('claimId'))
    .option('--approve', '通过 / approve')
    .option('--reject', '不通过 / reject')
    .requiredOption('--by <name>', '审核人 / reviewer')
    .option('--note <text>', '意见 / note')
    .action(
      act(
        async (
          s,
          claimId: number,
          o: { approve?: boolean; reject?: boolean; by: string; note?: string },
        ) => {
          if (Boolean(o.approve) === Boolean(o.reject))
            throw new InputError('give exactly one of --approve or --reject');
          const r = await credits.reviewClaim(await ctxOf(s), {
            claimId,
            decision: o.approve ? 'approve' : 'reject',
            reviewer: o.by,
            ...(o.note ? { note: o.note } : {}),
          });
          return {
            data: r,
            text: [
              `${r.status}; 本期已获 / earned this period: ${hours(r.earnedTenths)} 学时 / hours`,
            ],
          };
        },
      ),
    );
  cmd
    .command('show')
    .description('查看学时台账 / show a person’s ledger')
    .argument('<personId>', '人员编号 / person id')
    .action(
      act(async (s, personId: string) => {
        const v = await credits.ledger(await ctxOf(s), personId);
        return {
          data: v,
          text: [
            `${v.personId}  ${v.level}  ${s.local(v.periodStart)} – ${s.local(v.periodEnd)}`,
            `已获 / earned ${hours(v.earnedTenths)} / 需 required ${hours(v.requiredTenths)}  (${v.standing})`,
            ...table(
              ['来源 source', '学时 hours'],
              v.credits.map((c) => [c.sourceKey, hours(c.hoursTenths)]),
            ),
          ],
        };
      }),
    );
  cmd
    .command('report')
    .description('继续教育达标情况 / CE compliance per unit')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included')
    .option('--out <file>', '写入 XLSX 或 CSV / write XLSX or CSV')
    .action(
      act(async (s, o: { unit?: string; out?: string }) => {
        const ctx = await ctxOf(s);
        const req = o.unit ? { unitId: o.unit } : {};
        if (o.out)
          return written(
            o.out,
            await courses.exportCeReport(ctx, { ...req, format: formatOf(o.out) }),
          );
        const rows = await courses.ceReport(ctx, req);
        return {
          data: rows,
          text: table(
            ['单位 unit', '已达标 compliant', '进度正常 on track', '落后 behind', '逾期 overdue'],
            rows.map((r) => [
              r.unitId,
              String(r.compliant),
              String(r.on_track),
              String(r.behind),
              String(r.overdue),
            ]),
          ),
        };
      }),
    );
  return cmd;
}
