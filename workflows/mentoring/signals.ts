/**
 * The mentoring workflows' contract (督导孵化 / 一对一带教): workflow ids, signals, queries,
 * updates and argument types. The workflows, the operations and the activities import them from
 * here, so none of them needs a workflow module for its names alone.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EvaluationInput, MentoringPlan } from '../rules/mentoring';
import type { QuietHours } from '../rules/quietHours';

export type MentoringKind = 'supervisor' | 'senior_exam';
export type PairStatus = 'active' | 'at_risk' | 'completed' | 'closed';

// ---- the pair (一对一带教) ------------------------------------------------------------------------

export interface MentoringPairInput {
  programId: string;
  pairId: string;
  kind: MentoringKind;
  menteeId: string;
  mentorId: string;
  coordinatorId: string;
  /** ISO instant the pair starts; sessions follow at the plan's cadence. */
  start: string;
  plan: MentoringPlan;
  /** Senior-exam coaching: consultations before it, checklist due by it. */
  reviewDeadline?: string;
  timeZone: string;
  quietHours: QuietHours | null;
  /** The program workflow, told of every change of status. */
  parentWorkflowId?: string;
}

export interface SessionLog {
  /** Default: the earliest session not yet logged. */
  seq?: number;
  status: 'held' | 'missed' | 'rescheduled';
  durationMinutes?: number;
  /** ISO instant, for `rescheduled`. */
  rescheduledTo?: string;
  /**
   * Only in updates of older runs. The topics and who recorded the session are words: the
   * operation writes them to the session's row (store/mentoring/words.ts), never to the history.
   */
  topics?: string[];
  recordedBy?: string;
}

export interface PairState {
  pairId: string;
  status: PairStatus;
  closedReason?: string;
  mentorId: string;
  planned: number;
  held: number;
  missed: number;
  missedStreak: number;
  sessions: { seq: number; at: string; status: 'planned' | 'held' | 'missed' }[];
  goals: Record<string, number>;
  evaluations: { midterm?: number; final?: number };
  checklist: Record<string, boolean>;
  lastActivity: string;
}

export const logSessionUpdate = defineUpdate<{ seq: number; status: string }, [SessionLog]>(
  'logSession',
);
export const setGoalUpdate = defineUpdate<void, [{ goalId: string; progress: number }]>('setGoal');
export const evaluateUpdate = defineUpdate<{ overall: number }, [EvaluationInput]>('evaluate');
export const submitChecklistUpdate = defineUpdate<void, [{ item: string }]>('submitChecklist');
export const changeMentorSignal = defineSignal<[{ mentorId: string }]>('changeMentor');
/** The coordinator closes the pair (closedReason "coordinator"); their words stay in the database. */
export const closePairUpdate = defineUpdate<{ status: PairStatus }, [{ closedBy: string }]>(
  'closePair',
);
/** The pair tells its program of every change of status. */
export const pairStatusSignal =
  defineSignal<[{ pairId: string; status: PairStatus; held: number }]>('mentoringPairStatus');
export const pairStateQuery = defineQuery<PairState>('mentoringPair');

export function pairWorkflowId(pairId: string): string {
  return `mentoring/${pairId}`;
}

// ---- the program (督导孵化计划) -------------------------------------------------------------------

export interface MentoringProgramInput {
  programId: string;
  kind: MentoringKind;
  coordinatorId: string;
  traineeIds: string[];
  mentorIds: string[];
  start: string;
  end: string;
  plan: MentoringPlan;
  /** Local time of monthly group supervision, "09:30"; null: none. */
  groupSupervisionTime: string | null;
  reviewDeadline?: string;
  timeZone: string;
  quietHours: QuietHours | null;
}

export interface ProgramProgress {
  status: 'running' | 'completed' | 'cancelled';
  trainees: number;
  mentors: number;
  unpaired: number;
  active: number;
  atRisk: number;
  completed: number;
  closed: number;
  groupSessions: number;
  pairs: Record<string, { menteeId: string; mentorId: string; status: PairStatus; held: number }>;
}

export const pairMenteeUpdate = defineUpdate<
  { pairId: string; workflowId: string },
  [{ menteeId: string; mentorId: string }]
>('pairMentee');
export const mentorLeavesUpdate = defineUpdate<
  { repaired: string[] },
  [{ mentorId: string; reassign: Record<string, string> }]
>('mentorLeaves');
/** People join the running program (a mentor who had left may come back). */
export const addMembersUpdate = defineUpdate<
  { trainees: number; mentors: number },
  [{ traineeIds: string[]; mentorIds: string[] }]
>('addMembers');
export const programProgressQuery = defineQuery<ProgramProgress>('mentoringProgram');
/**
 * The coordinator cancelled the program as a whole (who and why stay in the database); its pairs
 * were closed first. The program tells everyone and ends without a closing report.
 */
export const cancelProgramSignal = defineSignal('cancelMentoringProgram');
/** The coordinator moved the program's end (ISO instant): group supervision follows it. */
export const programEndSignal = defineSignal<[{ end: string }]>('mentoringProgramEnd');

export function programWorkflowId(programId: string): string {
  return `mentoring/${programId}`;
}

export function pairIdOf(programId: string, menteeId: string): string {
  return `${programId}/${menteeId}`;
}
