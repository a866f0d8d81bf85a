/**
 * What the talent census workflows (人才资源库普查: the campaign and one workflow per unit) share
 * with each other, their operations and their activities: ids, inputs, statuses, the signals and
 * the queries. Types and definitions only, so importing it brings no workflow code.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { QuietHours } from '../rules/quietHours';
import type { CensusProgress, CensusUnitStatus } from '../rules/censusCounts';

export type { CensusProgress, CensusUnitStatus };

export interface CensusInput {
  censusId: string;
  units: { unitId: string; contactId: string }[];
  coordinatorId: string;
  deadline: string;
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
}

export const censusProgressQuery = defineQuery<CensusProgress>('censusProgress');

export function censusWorkflowId(censusId: string): string {
  return `census/${censusId}`;
}

export interface CensusUnitInput {
  censusId: string;
  unitId: string;
  /** Who at the unit reports (a person id). */
  contactId: string;
  coordinatorId: string;
  /** ISO instant. */
  deadline: string;
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
  /** The census workflow, told of every change of this unit's status. */
  parentWorkflowId: string;
}

export interface CensusSubmission {
  /** Rows the unit's roster import committed. */
  rows: number;
  /**
   * Only in signals of older runs. Who submitted (a person id or a coordinator's name) is written
   * to the unit's row by the operation, never sent to the workflow.
   */
  submittedBy?: string;
}

export const censusSubmittedSignal = defineSignal<[CensusSubmission]>('censusSubmitted');
export const censusUnitStatusSignal =
  defineSignal<[{ unitId: string; status: CensusUnitStatus }]>('censusUnitStatus');
export const censusUnitQuery = defineQuery<{ status: CensusUnitStatus; remindersSent: number }>(
  'censusUnit',
);

export function censusUnitWorkflowId(censusId: string, unitId: string): string {
  return `census/${censusId}/${unitId}`;
}
