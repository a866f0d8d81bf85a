/**
 * What the announcement workflow (通知) shares with its operations and activities: its id, its
 * input and progress types, and the progress query. Types and definitions only, so importing it
 * brings no workflow code.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Audience } from '../../store/people/audience';
import type { QuietHours } from '../rules/quietHours';

export interface AnnouncementInput {
  announcementId: string;
  audience: Audience;
  /** ISO instant; absent → now. */
  sendAt?: string;
  timeZone: string;
  quietHours: QuietHours | null;
  pageSize?: number;
  batchSize?: number;
  /** Batches in flight at once. */
  parallelBatches?: number;
  /** Carried across continue-as-new. */
  resume?: { cursor: string; progress: AnnouncementProgress };
}

export interface AnnouncementProgress {
  status: 'scheduled' | 'sending' | 'waiting_quiet_hours' | 'completed' | 'cancelled';
  recipients: number;
  sent: number;
  failed: number;
  unconfirmed: number;
  /** ISO instant the workflow is waiting for (send time or end of quiet hours). */
  waitingUntil?: string;
}

export const announcementProgressQuery = defineQuery<AnnouncementProgress>('announcementProgress');

export function announcementWorkflowId(announcementId: string): string {
  return `announcement/${announcementId}`;
}
