/**
 * A mentoring program (督导孵化计划 / 高级社工师辅导) for its coordinator: start it (checked
 * against the database before the workflow starts, so a rejected program writes nothing), add
 * trainees and mentors while it runs, read its progress.
 */
import type { mentoringProgram } from '../../../workflows/mentoring/mentoringProgram';
import {
  addMembersUpdate,
  programProgressQuery,
  programWorkflowId,
  type MentoringKind,
  type ProgramProgress,
} from '../../../workflows/mentoring/signals';
import { mentoringPlan, repeatedIds, type MentoringPlan } from '../../../workflows/rules/mentoring';
import { BUSINESS_ID } from '../../../workflows/rules/ids';
import { parseInstant } from '../../../workflows/rules/timeInput';
import {
  checkLectureSeries,
  enrolInLectures,
  lecturesOf,
  type LectureEnrolment,
} from '../../../store/mentoring/lectures';
import { insertProgram, knownPeople, programOf } from '../../../store/mentoring/programs';
import { readMentoringReport, type MentoringReport } from '../../../store/mentoring/report';
import { Conflict, InputError } from '../../../common/errors';
import { programUpdate, type MentoringContext } from './updates';
import { rejectExisting, startRecorded } from '../startRecorded';

export type { LectureEnrolment };

export interface StartProgramRequest {
  id: string;
  title: string;
  kind?: MentoringKind;
  coordinatorId: string;
  traineeIds: string[];
  mentorIds: string[];
  /** ISO instants; start defaults to now. */
  start?: string;
  end: string;
  plan?: Partial<MentoringPlan>;
  /** Local time of monthly group supervision, "09:30"; null for none. Default 09:30. */
  groupSupervisionTime?: string | null;
  /** Senior-exam coaching: the review deadline (ISO). */
  reviewDeadline?: string;
  /** Optional lecture series (course series ids): the trainees are enrolled in each. */
  lectureSeries?: string[];
  /** Enrol the mentors in the lecture series too. */
  lecturesForMentors?: boolean;
  createdBy: string;
}

export async function startProgram(
  ctx: MentoringContext,
  req: StartProgramRequest,
): Promise<{
  id: string;
  workflowId: string;
  trainees: number;
  mentors: number;
  lectures: LectureEnrolment[];
}> {
  if (!BUSINESS_ID.test(req.id))
    throw new InputError(
      `编号“${req.id}”须为 1–100 个字母、数字、点、横线或下划线 / id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`,
    );
  if (!req.title?.trim()) throw new InputError('名称为空 / title is empty');
  const kind = req.kind ?? 'supervisor';
  if (kind !== 'supervisor' && kind !== 'senior_exam')
    throw new InputError(
      `项目类型“${kind as string}”须为 supervisor（督导孵化）或 senior_exam（高级辅导）/ kind "${kind as string}" must be supervisor or senior_exam`,
    );
  const trainees = [...new Set(req.traineeIds)];
  const mentors = [...new Set(req.mentorIds)];
  if (!trainees.length) throw new InputError('未指定学员 / traineeIds names no trainees');
  if (!mentors.length) throw new InputError('未指定导师 / mentorIds names no mentors');
  const both = trainees.filter((t) => mentors.includes(t));
  if (both.length)
    throw new InputError(
      `${both.join('、')} 不能既是学员又是导师 / person id(s) ${both.join(', ')} cannot be both trainee and mentor`,
    );
  const now = ctx.now?.() ?? new Date();
  const start = req.start ? parseInstant(req.start, ctx.timeZone, 'start') : now;
  const end = parseInstant(req.end, ctx.timeZone, 'end', 'end');
  if (end.getTime() <= start.getTime())
    throw new InputError('结束须晚于开始 / end must be after start');
  const plan = mentoringPlan(req.plan);
  const reviewDeadline = req.reviewDeadline
    ? parseInstant(req.reviewDeadline, ctx.timeZone, 'reviewDeadline', 'end')
    : null;
  if (kind === 'senior_exam' && !reviewDeadline)
    throw new InputError(
      '高级辅导项目须有评审截止时间 / a senior_exam program needs reviewDeadline',
    );
  if (reviewDeadline && reviewDeadline.getTime() <= start.getTime())
    throw new InputError('评审截止须晚于开始 / reviewDeadline must be after start');
  const groupTime = req.groupSupervisionTime === undefined ? '09:30' : req.groupSupervisionTime;
  if (groupTime !== null && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(groupTime))
    throw new InputError(
      `小组督导时间“${groupTime}”须形如 09:30 / groupSupervisionTime "${groupTime}" must be a time like 09:30`,
    );
  await knownPeople(ctx.db, [req.coordinatorId], 'coordinator');
  await knownPeople(ctx.db, trainees, 'trainee');
  await knownPeople(ctx.db, mentors, 'mentor');
  const lectureSeries = req.lectureSeries ?? [];
  await checkLectureSeries(ctx.db, lectureSeries);
  const lecturesForMentors = req.lecturesForMentors ?? false;
  rejectExisting(
    await ctx.db.mentoringProgram.findUnique({ where: { id: req.id } }),
    `督导项目“${req.id}”已存在 / mentoring program "${req.id}" already exists`,
  );

  const workflowId = programWorkflowId(req.id);
  await startRecorded({
    workflowId,
    create: () =>
      insertProgram(ctx.db, {
        id: req.id,
        title: req.title,
        kind,
        coordinatorId: req.coordinatorId,
        start,
        end,
        timeZone: ctx.timeZone,
        plan: {
          ...plan,
          groupSupervisionTime: groupTime,
          reviewDeadline,
          lectureSeries,
          lecturesForMentors,
        },
        workflowId,
        createdBy: req.createdBy,
        traineeIds: trainees,
        mentorIds: mentors,
      }),
    // By type name: the operations hold no workflow code.
    start: () =>
      ctx.temporal.workflow.start<typeof mentoringProgram>('mentoringProgram', {
        taskQueue: ctx.taskQueue,
        workflowId,
        args: [
          {
            programId: req.id,
            kind,
            coordinatorId: req.coordinatorId,
            traineeIds: trainees,
            mentorIds: mentors,
            start: start.toISOString(),
            end: end.toISOString(),
            plan,
            groupSupervisionTime: groupTime,
            ...(reviewDeadline ? { reviewDeadline: reviewDeadline.toISOString() } : {}),
            timeZone: ctx.timeZone,
            quietHours: ctx.quietHours,
          },
        ],
      }),
    remove: () => ctx.db.mentoringProgram.delete({ where: { id: req.id } }),
  });
  const lectures = await enrolInLectures(ctx.db, req.id, lectureSeries, [
    ...trainees,
    ...(lecturesForMentors ? mentors : []),
  ]);
  return { id: req.id, workflowId, trainees: trainees.length, mentors: mentors.length, lectures };
}

/**
 * Trainees and mentors join a running program (a mentor who had left may come back); the new
 * trainees (and mentors, when the plan says so) are enrolled in its lecture series.
 */
export async function addMembers(
  ctx: MentoringContext,
  req: { programId: string; traineeIds?: string[]; mentorIds?: string[] },
): Promise<{ trainees: number; mentors: number; lectures: LectureEnrolment[] }> {
  const p = await programOf(ctx.db, req.programId);
  if (p.status !== 'running')
    throw new Conflict(`督导项目 ${p.id} 已结束 / program ${p.id} has ended`);
  const traineeIds = req.traineeIds ?? [];
  const mentorIds = req.mentorIds ?? [];
  const all = [...traineeIds, ...mentorIds];
  if (!all.length) throw new InputError('未指定要增加的人 / names nobody to add');
  const twice = repeatedIds(all);
  if (twice.length)
    throw new InputError(`${twice.join('、')} 重复 / person id(s) ${twice.join(', ')} given twice`);
  await knownPeople(ctx.db, traineeIds, 'trainee');
  await knownPeople(ctx.db, mentorIds, 'mentor');
  const members = await ctx.db.mentoringMember.findMany({
    where: { programId: p.id, personId: { in: all } },
  });
  for (const m of members) {
    const asMentor = mentorIds.includes(m.personId);
    if (m.role === 'trainee')
      throw new Conflict(
        `${m.personId} 已是项目 ${p.id} 的学员 / ${m.personId} is already a trainee of program ${p.id}`,
      );
    if (!asMentor)
      throw new InputError(
        `${m.personId} 不能在项目 ${p.id} 中既是学员又是导师 / ${m.personId} cannot be both trainee and mentor in program ${p.id}`,
      );
    if (m.active)
      throw new Conflict(
        `${m.personId} 已是项目 ${p.id} 的导师 / ${m.personId} is already a mentor of program ${p.id}`,
      );
  }
  const r = await programUpdate(ctx, p, addMembersUpdate, { traineeIds, mentorIds });
  const { series, forMentors } = lecturesOf(p);
  const lectures = await enrolInLectures(ctx.db, p.id, series, [
    ...traineeIds,
    ...(forMentors ? mentorIds : []),
  ]);
  return { ...r, lectures };
}

/** The running program's progress, or its report from the database once it has finished. */
export async function programProgress(
  ctx: Pick<MentoringContext, 'db' | 'temporal'>,
  id: string,
): Promise<ProgramProgress | MentoringReport> {
  const p = await programOf(ctx.db, id);
  const live = await ctx.temporal.workflow
    .getHandle(p.workflowId)
    .query(programProgressQuery)
    .catch(() => undefined);
  return live ?? readMentoringReport(ctx.db, id);
}
