/**
 * What the course workflow (课程系列, workflows/courses/course.ts) shares with its operations and
 * activities: its id, input, signals and query. Kept apart so callers need not import the workflow.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { QuietHours } from '../rules/quietHours';

export interface CourseInput {
  seriesId: string;
  quietHours: QuietHours | null;
  /** Carried over a continue-as-new: people whose attendance waits for the course's end. */
  awaitingEnd?: string[];
}

export interface SessionChange {
  sessionId: string;
  kind: 'rescheduled' | 'cancelled';
  /** The session's version after the change (keys its notice). */
  version: number;
}

/** The schedule changed (sessions added, moved, cancelled); `change` tells the enrolled. */
export const courseScheduleSignal = defineSignal<[{ change?: SessionChange }]>('courseSchedule');
/** Attendance of these people changed: bring their completions up to date. */
export const courseAttendanceSignal = defineSignal<[{ personIds: string[] }]>('courseAttendance');
/** These people moved up from the waitlist. */
export const coursePromotedSignal = defineSignal<[{ personIds: string[] }]>('coursePromoted');
export const courseCloseSignal = defineSignal('courseClose');

/** One person's enrolment changed; `seq` is the enrolment's place in line (keys its notice). */
export interface EnrolmentChange {
  personId: string;
  kind: 'enrolled' | 'waitlisted' | 'promoted' | 'withdrawn';
  seq: number;
  /** Waitlisted: the place in line when it happened (候补第 N 位). */
  position?: number;
}
/** Enrolments changed: each person is told (报名成功, 候补第 N 位, 递补, 已退出). */
export const courseEnrolmentSignal =
  defineSignal<[{ changes: EnrolmentChange[] }]>('courseEnrolment');
/**
 * The series is cancelled as a whole (the database already says who cancelled it and why): the
 * enrolled and the waitlisted are told, and the workflow ends without further reminders.
 */
export const courseCancelSignal = defineSignal('courseCancel');

export interface CourseState {
  status: string;
  remindersSent: string[];
  nextReminder?: { key: string; at: string };
  completions: number;
  /** Completions revoked after attendance was corrected downward. */
  revocations?: number;
  warnings: number;
  /** People who meet the completion rule on paper but wait for the course's end (结课). */
  awaitingEnd?: number;
}
export const courseStateQuery = defineQuery<CourseState>('courseState');

export function courseWorkflowId(seriesId: string): string {
  return `course/${seriesId}`;
}
