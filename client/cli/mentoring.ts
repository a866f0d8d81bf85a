/**
 * `yz mentoring …`: supervisor incubation and senior-exam coaching (督导孵化 / 高级社工师辅导).
 * Start a program, suggest and make pairs, re-pair when a mentor leaves, log sessions, goals,
 * evaluations and checklist items, read progress and the report (or write it as XLSX/CSV).
 */
import { cliScope } from './identity';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import * as mentoring from '../operations/mentoring';
import { announcementContext } from '../operations/context';
import {
  act,
  actorOption,
  backfillOption,
  csv,
  instantFlag,
  outOption,
  table,
  type Session,
} from './common';
import { MENTORING_STATUS, SPECIALTY, labelOf, zhOf } from '../../workflows/rules/vocabulary';
import { cancelCommand } from './cancelCommand';

function whole(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`${what} 需为整数 / must be a whole number`);
    return n;
  };
}

/** `a=b,c=d` → { a: 'b', c: 'd' }, with a clear error naming the bad entry. */
function pairsOf(entries: string[], what: string): Record<string, string> {
  return Object.fromEntries(
    entries.map((e) => {
      const at = e.indexOf('=');
      if (at <= 0 || at === e.length - 1)
        throw new InvalidArgumentError(
          `${what} “${e}”应写作 键=值 / ${what} "${e}" must look like key=value`,
        );
      return [e.slice(0, at).trim(), e.slice(at + 1).trim()];
    }),
  );
}

const ctxOf = async (s: Session) => announcementContext(await s.context());

function reportLines(r: mentoring.MentoringReport): string[] {
  return [
    `${r.programId}  ${r.title}  (${r.status})`,
    `结对 / pairs: 进行中 active ${r.pairs.active}，预警 at risk ${r.pairs.atRisk}，结业 completed ${r.pairs.completed}，关闭 closed ${r.pairs.closed}`,
    ...(r.pairs.closed
      ? [
          `关闭原因 / closed by reason: ${Object.entries(r.closedReasons)
            .map(([k, v]) => `${k} ${v}`)
            .join('，')}`,
        ]
      : []),
    `带教 / sessions: 已开展 held ${r.sessions.held} / 计划 planned ${r.sessions.planned}，缺席 missed ${r.sessions.missed}`,
    `督导合格 / supervisors qualified: ${r.supervisorsQualified}`,
    '导师负荷 / mentor load:',
    ...r.mentorLoad.map((m) => `  ${m.mentorId}  open ${m.open}  total ${m.total}  held ${m.held}`),
    ...(r.lectures.series.length
      ? [
          `讲座学时 / lecture hours (${r.lectures.series.join(', ')}):`,
          ...r.lectures.trainees.map((t) => `  ${t.personId}  ${t.hours}`),
        ]
      : []),
  ];
}

function lectureLines(lectures: mentoring.LectureEnrolment[]): string[] {
  return lectures.map(
    (l) =>
      `讲座 / lectures ${l.seriesId}: 报名 enrolled ${l.enrolled.length}，候补 waitlisted ${l.waitlisted.length}，已在 already ${l.already.length}`,
  );
}

export function mentoringCommand(): Command {
  const cmd = new Command('mentoring').description(
    '督导孵化与高级社工师辅导 / supervisor incubation and senior-exam coaching',
  );
  cmd
    .command('start')
    .description('发起带教项目 / start a mentoring program')
    .requiredOption('--id <id>', '项目编号 / program id')
    .requiredOption('--title <text>', '标题 / title')
    .requiredOption('--coordinator <id>', '协调人 / coordinator person id')
    .requiredOption('--trainees <ids>', '学员，逗号分隔 / trainee ids', csv)
    .requiredOption('--mentors <ids>', '导师，逗号分隔 / mentor ids', csv)
    .requiredOption('--end <date-time>', '结束时间 / end ("2027-02-28" or "2027-02-28 17:00")')
    .option('--start <date-time>', '开始时间 / start (default now)')
    .option('--kind <kind>', 'supervisor | senior_exam', 'supervisor')
    .option('--sessions <n>', '一对一次数 / one-on-one sessions (default 12)', whole('--sessions'))
    .option('--cadence <days>', '间隔天数 / days between sessions (default 14)', whole('--cadence'))
    .option(
      '--inactivity <days>',
      '无活动预警天数 / inactivity days (default 90)',
      whole('--inactivity'),
    )
    .option(
      '--grace <days>',
      '预警后关闭天数 / days from warning to closure (default 7)',
      whole('--grace'),
    )
    .option('--lectures <ids>', '讲座课程系列 / lecture course series ids, comma-separated', csv)
    .option('--lectures-for-mentors', '导师也报名讲座 / enrol the mentors in the lectures too')
    .option(
      '--group-time <hh:mm>',
      '每月小组督导时间 / monthly group supervision, or "off"',
      '09:30',
    )
    .option('--review-deadline <date-time>', '高级评审截止 / senior review deadline')
    .option('--checklist <items>', '评审材料 / review materials, comma-separated', csv)
    .addOption(actorOption('发起人 / created by'))
    .action(
      act(async (s, o: Record<string, string | string[] | number | boolean | undefined>) => {
        const plan = {
          ...(o.sessions !== undefined ? { sessions: o.sessions as number } : {}),
          ...(o.cadence !== undefined ? { cadenceDays: o.cadence as number } : {}),
          ...(o.inactivity !== undefined ? { inactivityDays: o.inactivity as number } : {}),
          ...(o.grace !== undefined ? { graceDays: o.grace as number } : {}),
          ...(o.checklist ? { checklist: o.checklist as string[] } : {}),
        };
        const r = await mentoring.startProgram(await ctxOf(s), {
          id: o.id as string,
          title: o.title as string,
          kind: o.kind as 'supervisor' | 'senior_exam',
          coordinatorId: o.coordinator as string,
          traineeIds: o.trainees as string[],
          mentorIds: o.mentors as string[],
          end: instantFlag(s, o.end as string, '--end', 'end'),
          ...(o.start ? { start: instantFlag(s, o.start as string, '--start') } : {}),
          plan,
          groupSupervisionTime: o.groupTime === 'off' ? null : (o.groupTime as string),
          ...(o.reviewDeadline
            ? {
                reviewDeadline: instantFlag(
                  s,
                  o.reviewDeadline as string,
                  '--review-deadline',
                  'end',
                ),
              }
            : {}),
          ...(o.lectures ? { lectureSeries: o.lectures as string[] } : {}),
          ...(o.lecturesForMentors ? { lecturesForMentors: true } : {}),
          createdBy: o.by as string,
        });
        return {
          data: r,
          text: [
            `已发起 / started ${r.workflowId}: ${r.trainees} 学员 trainees, ${r.mentors} 导师 mentors`,
            ...lectureLines(r.lectures),
          ],
        };
      }),
    );
  cmd
    .command('suggest')
    .description('推荐导师 / ranked mentor suggestions for a trainee')
    .argument('<program>', '项目编号 / program id')
    .requiredOption('--mentee <id>', '学员 / trainee id')
    .action(
      act(async (s, program: string, o: { mentee: string }) => {
        const r = await mentoring.suggestPairs(await s.store(), program, o.mentee);
        return {
          data: r,
          text: r.map(
            (x, i) =>
              `${i + 1}. ${x.mentorName} (${x.mentorId})  ${x.unitName}  得分 score ${x.score}  共同专长 shared [${x.sharedSpecialties.map((c) => zhOf(SPECIALTY, c)).join('、')}]  距离 distance ${x.distance}  在带 load ${x.load}`,
          ),
        };
      }),
    );
  cmd
    .command('pair')
    .description('结对 / pair a trainee with a mentor')
    .argument('<program>', '项目编号 / program id')
    .requiredOption('--mentee <id>', '学员 / trainee id')
    .requiredOption('--mentor <id>', '导师 / mentor id')
    .action(
      act(async (s, program: string, o: { mentee: string; mentor: string }) => {
        const r = await mentoring.pairMentee(await ctxOf(s), {
          programId: program,
          menteeId: o.mentee,
          mentorId: o.mentor,
        });
        return { data: r, text: [`已结对 / paired: ${r.pairId} (${r.workflowId})`] };
      }),
    );
  cmd
    .command('add')
    .description('向进行中的项目增加学员或导师 / add trainees or mentors to a running program')
    .argument('<program>', '项目编号 / program id')
    .option('--trainees <ids>', '学员，逗号分隔 / trainee ids', csv)
    .option('--mentors <ids>', '导师，逗号分隔 / mentor ids', csv)
    .action(
      act(async (s, program: string, o: { trainees?: string[]; mentors?: string[] }) => {
        const r = await mentoring.addMembers(await ctxOf(s), {
          programId: program,
          traineeIds: o.trainees ?? [],
          mentorIds: o.mentors ?? [],
        });
        return {
          data: r,
          text: [
            `现有 / now ${r.trainees} 学员 trainees, ${r.mentors} 导师 mentors`,
            ...lectureLines(r.lectures),
          ],
        };
      }),
    );
  cmd
    .command('close')
    .description('协调人关闭结对 / the coordinator closes a pair, with a reason')
    .argument('<pair>', '结对编号 / pair id')
    .requiredOption('--reason <text>', '原因（仅存数据库）/ reason, kept in the database only')
    .requiredOption('--by <id>', '协调人 / coordinator person id')
    .action(
      act(async (s, pair: string, o: { reason: string; by: string }) => {
        const r = await mentoring.closePair(await ctxOf(s), {
          pairId: pair,
          reason: o.reason,
          closedBy: o.by,
        });
        return { data: r, text: [`已关闭 / closed: ${r.pairId}`] };
      }),
    );
  cmd
    .command('edit')
    .description('修改督导项目 / edit a program: title, end (group supervision follows the end)')
    .argument('<id>', '项目编号 / program id')
    .option('--title <text>', '项目名称 / title')
    .option('--end <time>', '结束时间 / new end, e.g. 2027-06-30 (the program’s zone)')
    .action(
      act(async (s, id: string, o: { title?: string; end?: string }) => {
        const r = await mentoring.editProgram(await ctxOf(s), { programId: id, ...o });
        return {
          data: r,
          text: [`已修改 / edited: ${r.id} ${r.title}  结束 / ends: ${s.local(r.end)}`],
        };
      }),
    );
  cancelCommand(
    cmd,
    {
      description: '取消督导项目 / cancel a program as a whole (its pairs closed, everyone told)',
      id: '项目编号 / program id',
      reason: '原因（仅存于数据库）/ reason, kept in the database only',
    },
    (ctx, id, o) => mentoring.cancelProgram(ctx, { programId: id, ...o }),
    (r) => [`关闭结对 / pairs closed: ${r.pairsClosed}`],
  );
  cmd
    .command('mentor-leaves')
    .description('导师退出并重新结对 / a mentor leaves; their mentees get new mentors')
    .argument('<program>', '项目编号 / program id')
    .requiredOption('--mentor <id>', '退出的导师 / the mentor who leaves')
    .option('--reassign <mentee=mentor>', '学员=新导师，逗号分隔 / mentee=new mentor', csv, [])
    .action(
      act(async (s, program: string, o: { mentor: string; reassign: string[] }) => {
        const r = await mentoring.mentorLeaves(await ctxOf(s), {
          programId: program,
          mentorId: o.mentor,
          reassign: pairsOf(o.reassign, '--reassign'),
        });
        return { data: r, text: [`重新结对 / re-paired: ${r.repaired.join(', ') || '-'}`] };
      }),
    );
  cmd
    .command('log')
    .description('记录一次带教 / log a session (held, missed or rescheduled)')
    .argument('<pair>', '结对编号 / pair id, e.g. pudong-2026/p-000001')
    .requiredOption('--status <status>', 'held | missed | rescheduled')
    .option('--seq <n>', '第几次 / session number (default: the next not logged)', whole('--seq'))
    .option('--minutes <n>', '时长（分钟）/ duration in minutes', whole('--minutes'))
    .option('--topics <list>', '主题 / topics, comma-separated', csv)
    .option('--notes <text>', '记录（仅存数据库）/ notes, kept in the database only')
    .option('--to <date-time>', '改期至 / rescheduled to ("2026-12-15 14:00")')
    .addOption(backfillOption())
    .addOption(actorOption('记录人 / recorded by'))
    .action(
      act(
        async (
          s,
          pair: string,
          o: {
            status: 'held' | 'missed' | 'rescheduled';
            seq?: number;
            minutes?: number;
            topics?: string[];
            notes?: string;
            to?: string;
            backfill?: boolean;
            by: string;
          },
        ) => {
          const r = await mentoring.logSession(await ctxOf(s), {
            pairId: pair,
            status: o.status,
            ...(o.seq !== undefined ? { seq: o.seq } : {}),
            ...(o.minutes !== undefined ? { durationMinutes: o.minutes } : {}),
            ...(o.topics ? { topics: o.topics } : {}),
            ...(o.notes ? { notes: o.notes } : {}),
            ...(o.to ? { rescheduledTo: instantFlag(s, o.to, '--to') } : {}),
            ...(o.backfill ? { backfill: true } : {}),
            recordedBy: o.by,
          });
          return { data: r, text: [`第${r.seq}次 / session ${r.seq}: ${r.status}`] };
        },
      ),
    );
  cmd
    .command('goal')
    .description('设定或更新目标进度 / set a goal’s progress (0–100)')
    .argument('<pair>', '结对编号 / pair id')
    .requiredOption('--goal <id>', '目标编号 / goal id')
    .requiredOption('--progress <n>', '进度 / progress 0–100', whole('--progress'))
    .option('--title <text>', '目标内容 / goal title')
    .action(
      act(async (s, pair: string, o: { goal: string; progress: number; title?: string }) => {
        await mentoring.setGoal(await ctxOf(s), {
          pairId: pair,
          goalId: o.goal,
          progress: o.progress,
          ...(o.title ? { title: o.title } : {}),
        });
        return { data: { ok: true }, text: [`${o.goal}: ${o.progress}%`] };
      }),
    );
  cmd
    .command('evaluate')
    .description('导师评估 / the mentor’s midterm or final evaluation (scores 0–100)')
    .argument('<pair>', '结对编号 / pair id')
    .requiredOption('--stage <stage>', 'midterm | final')
    .requiredOption('--mentor <id>', '导师 / mentor id')
    .requiredOption(
      '--scores <k=v>',
      'professional_practice=80,supervision_skills=75,ethics=90,reflection=70',
      csv,
    )
    .option('--comment <text>', '评语（仅存数据库）/ comment, database only')
    .action(
      act(
        async (
          s,
          pair: string,
          o: { stage: 'midterm' | 'final'; mentor: string; scores: string[]; comment?: string },
        ) => {
          const scores = Object.fromEntries(
            Object.entries(pairsOf(o.scores, '--scores')).map(([k, v]) => [k, Number(v)]),
          );
          const r = await mentoring.evaluate(await ctxOf(s), {
            pairId: pair,
            stage: o.stage,
            mentorId: o.mentor,
            scores,
            ...(o.comment ? { comment: o.comment } : {}),
          });
          return { data: r, text: [`${o.stage}: overall ${r.overall}`] };
        },
      ),
    );
  cmd
    .command('checklist')
    .description('提交评审材料 / mark a review material submitted (senior exam)')
    .argument('<pair>', '结对编号 / pair id')
    .requiredOption('--item <item>', '材料 / checklist item')
    .action(
      act(async (s, pair: string, o: { item: string }) => {
        await mentoring.submitChecklistItem(await ctxOf(s), { pairId: pair, item: o.item });
        return { data: { ok: true }, text: [`已提交 / submitted: ${o.item}`] };
      }),
    );
  cmd
    .command('show')
    .description('查看结对 / a pair’s state')
    .argument('<pair>', '结对编号 / pair id')
    .action(
      act(async (s, pair: string) => {
        const r = await mentoring.pairState(await s.context(), pair, await cliScope());
        return { data: r, text: pairLines(r, (at) => s.local(at)) };
      }),
    );
  cmd
    .command('report')
    .description('项目报表 / program report; --out writes XLSX or CSV')
    .argument('<program>', '项目编号 / program id')
    .addOption(outOption('输出文件 / write to file (.xlsx or .csv)'))
    .action(
      act(async (s, program: string, o: { out?: string }) => {
        const ctx = await s.context();
        if (o.out) {
          const format = (extname(o.out).slice(1).toLowerCase() || 'xlsx') as mentoring.SheetFormat;
          const file = await mentoring.exportMentoringReport(ctx, program, format);
          await writeFile(o.out, file.bytes);
          return {
            data: { file: o.out, bytes: file.bytes.length },
            text: [`已写入 / written: ${o.out} (${file.bytes.length} 字节 / bytes)`],
          };
        }
        const r = await mentoring.mentoringReport(ctx, program);
        return { data: r, text: reportLines(r) };
      }),
    );
  return cmd;
}

/** A pair's state as lines a coordinator reads: people by name, statuses in words. */
function pairLines(
  r: Awaited<ReturnType<typeof mentoring.pairState>>,
  local: (at: string) => string,
): string[] {
  const who = (id: string) => `${r.names[id] ?? ''} ${id}`.trim();
  const lines = [
    `结对 / pair: ${r.pairId}  状态 / status: ${labelOf(MENTORING_STATUS, r.status)}`,
    `学员 / mentee: ${who(r.menteeId)}`,
  ];
  if (r.closedReason) lines.push(`结束原因 / closed because: ${r.closedReason}`);
  if (!('sessions' in r)) return lines;
  const goals = Object.entries(r.goals).map(([g, p]) => `${g} ${p}%`);
  const checklist = Object.entries(r.checklist).map(([c, done]) => `${c} ${done ? '✓' : '✗'}`);
  const { midterm, final } = r.evaluations;
  return [
    ...lines,
    `导师 / mentor: ${who(r.mentorId)}`,
    `约谈 / sessions: 计划 planned ${r.planned}，已进行 held ${r.held}，未进行 missed ${r.missed}（连续 in a row ${r.missedStreak}）`,
    ...table(
      ['次 no.', '时间 time', '状态 status'],
      r.sessions.map((x) => [String(x.seq), local(x.at), labelOf(MENTORING_STATUS, x.status)]),
    ),
    `目标 / goals: ${goals.join('，') || '（无 / none）'}`,
    `评估 / evaluations: 中期 midterm ${midterm ?? '-'}，结业 final ${final ?? '-'}`,
    `材料 / checklist: ${checklist.join('，') || '（无 / none）'}`,
    `最近活动 / last activity: ${local(r.lastActivity)}`,
  ];
}
