/**
 * The exam mobilization's (报考动员) contract with the outside: workflow ids, signals, queries
 * and the input types. The workflows, the exam operations and the exam activities all import
 * it from here, so nothing outside needs the workflow modules themselves. Only definitions and
 * types: it loads in the workflow sandbox and in Node alike.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ExamLevel } from '../rules/examRules';
import type { QuietHours } from '../rules/quietHours';
import type { PlannedWave } from '../rules/examWaves';
import type { Audience } from '../../store/people/audience';

// —— One person's journey (examJourney.ts), workflow exam-mobilization/<campaignId>/<personId>.

export interface ExamJourneyInput {
  campaignId: string;
  personId: string;
  level: ExamLevel;
  examYear: number;
  /** ISO instants. */
  windowCloses: string;
  examDates: string[];
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
  /** v2: the campaign sends the notices in waves; this journey keeps the person's state. */
  waves?: boolean;
}

export type JourneyStatus =
  | 'invited'
  | 'registered'
  | 'passed'
  | 'failed'
  | 'withdrawn'
  | 'not_registered'
  | 'cancelled';

export function examJourneyWorkflowId(campaignId: string, personId: string): string {
  return `exam-mobilization/${campaignId}/${personId}`;
}

/**
 * Registered. Sent as `{}`: who recorded it is the operation's business, not the history's
 * (signals of older runs carried `by`; nothing reads it).
 */
export const examRegisteredSignal = defineSignal<[{ by?: string }]>('examRegistered');
/**
 * Withdrawn. Sent as `{}`: the reason, in the coordinator's words, goes to the participant's row
 * (`withdrawnReason`, store/exam/participants.ts keepWithdrawalReason), never into the history.
 * Signals of runs from before carried it as `reason`; those runs still record it from there.
 */
export const examWithdrawSignal = defineSignal<[{ reason?: string }]>('examWithdraw');
export const examResultsPostedSignal = defineSignal('examResultsPosted');
/** The campaign was cancelled: a v2 journey ends as `cancelled`. */
export const examCampaignCancelledSignal = defineSignal('examCampaignCancelled');
export const examJourneyQuery = defineQuery<{
  status: JourneyStatus;
  remindersSent: number;
  sprintClass?: string | null;
}>('examJourney');

// —— The campaign (examMobilization.ts), workflow exam-mobilization/<campaignId>.

export interface ExamMobilizationInput {
  campaignId: string;
  cohort: Audience;
  journey: Omit<ExamJourneyInput, 'personId' | 'campaignId'>;
  pageSize?: number;
  /** v1: carried across continue-as-new. */
  resume?: { cursor: string; launched: number };
  /**
   * Legacy marker of v2 runs started before the patch `exam-campaign-v2` (their recorded
   * histories replay by it). New code never sets it: the version is the patch's (see
   * examMobilization.ts campaignVersion).
   */
  version?: 2;
  batchSize?: number;
  parallelBatches?: number;
  /** v2: carried across continue-as-new. */
  state?: CampaignState;
}

export interface CampaignState {
  phase: 'inviting' | 'starting' | 'running';
  cursor?: string;
  invited: number;
  launched: number;
  plan: PlannedWave[];
  done: string[];
  paused: boolean;
  cancelled: boolean;
  adds: string[];
  resultsSeen: number;
  resultsHandled: number;
}

export interface CampaignProgress {
  status: 'launching' | 'running' | 'paused' | 'cancelled' | 'completed';
  phase: CampaignState['phase'];
  invited: number;
  launched: number;
  wavesDone: string[];
  nextWave?: { wave: string; at: string };
  sending?: { wave: string; sent: number; skipped: number };
  /** Launched during quiet hours: when the invitations start going out. */
  invitationsAt?: string;
  peopleWaiting: number;
}

export function examCampaignWorkflowId(campaignId: string): string {
  return `exam-mobilization/${campaignId}`;
}

export const examCampaignLaunchQuery = defineQuery<{ launched: number; done: boolean }>(
  'examCampaignLaunch',
);
export const examCampaignProgressQuery = defineQuery<CampaignProgress>('examCampaignProgress');
export const examCampaignPauseSignal = defineSignal('examCampaignPause');
export const examCampaignResumeSignal = defineSignal('examCampaignResume');
export const examCampaignCancelSignal = defineSignal('examCampaignCancel');
export const examCampaignAddSignal = defineSignal<[{ personIds: string[] }]>('examCampaignAdd');
export const examCampaignResultsSignal = defineSignal('examCampaignResults');
