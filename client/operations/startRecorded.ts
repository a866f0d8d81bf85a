/**
 * A workflow and the row it belongs to (an announcement, a census, a campaign, a course series,
 * a mentoring program) come into being together or not at all: the row is written first, so the
 * workflow's first activity finds it; if the start then fails, the row goes again — nothing
 * half-written. A workflow id already taken is a Conflict (409), like a row id already taken.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Conflict } from '../../common/errors';

export interface RecordedStart<T> {
  /** The workflow's id, named in the Conflict when it is taken. */
  workflowId: string;
  /** Writes the row (with its children) the workflow belongs to. */
  create(): Promise<unknown>;
  /** Starts the workflow, e.g. `() => ctx.temporal.workflow.start(census, { … })`. */
  start(): Promise<T>;
  /** Deletes the row again (children by cascade) when the start failed. */
  remove(): Promise<unknown>;
}

/** Creates the row, starts the workflow, and removes the row if the start fails. */
export async function startRecorded<T>(r: RecordedStart<T>): Promise<T> {
  await r.create();
  try {
    return await r.start();
  } catch (e) {
    await r.remove();
    if (e instanceof WorkflowExecutionAlreadyStartedError)
      throw new Conflict(`流程 ${r.workflowId} 已存在 / a workflow ${r.workflowId} already exists`);
    throw e;
  }
}

/**
 * The Conflict (409) for a start whose row is there already, checked before anything is written:
 * `found` is the row looked up by the request's id (null when there is none).
 */
export function rejectExisting<T>(found: T | null, message: string | ((found: T) => string)): void {
  if (found) throw new Conflict(typeof message === 'string' ? message : message(found));
}
