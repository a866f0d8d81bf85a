/**
 * Finding and inspecting workflows for admins: listing through Temporal visibility (by type,
 * status and business-key prefix) and reading one workflow's history as a timeline.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { story, timeline, workflowUiUrl, type StoryLine, type TimelineLine } from './history';
import { InputError, NotFound } from '../../../common/errors';
import { decodePayloadsIn } from '../../../runtime/payloadCodec';

/** Execution statuses as visibility queries name them. */
export const WORKFLOW_STATUSES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export interface WorkflowFilter {
  type?: string;
  status?: string;
  /** Workflow ids starting with this (business keys: `announcement/`, `exam-mobilization/c1/`). */
  keyPrefix?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface WorkflowSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: WorkflowStatus | 'Unknown';
  startTime: string;
  closeTime: string | null;
  historyLength: number;
  taskQueue: string;
}

/** `running`, `RUNNING`, `cancelled`, `continued_as_new` … → the visibility name. */
export function parseStatus(text: string): WorkflowStatus {
  const flat = text.replace(/[_\s-]/g, '').toLowerCase();
  const found = WORKFLOW_STATUSES.find(
    (s) => s.toLowerCase() === flat || (s === 'Canceled' && flat === 'cancelled'),
  );
  if (!found) {
    throw new InputError(
      `未知流程状态“${text}” / unknown status "${text}" (known: ${WORKFLOW_STATUSES.join(', ')})`,
    );
  }
  return found;
}

function quoted(field: string, value: string): string {
  if (!/^[\w.:@/-]+$/.test(value)) {
    throw new InputError(
      `${field}“${value}”只能含字母、数字和 . _ : @ / - / ${field} "${value}" may only hold letters, digits and . _ : @ / -`,
    );
  }
  return `'${value}'`;
}

/** The visibility query for a filter ('' lists everything). */
export function visibilityQuery(filter: WorkflowFilter): string {
  const terms: string[] = [];
  if (filter.type) terms.push(`WorkflowType = ${quoted('type', filter.type)}`);
  if (filter.status) terms.push(`ExecutionStatus = '${parseStatus(filter.status)}'`);
  if (filter.keyPrefix) terms.push(`WorkflowId STARTS_WITH ${quoted('key', filter.keyPrefix)}`);
  return terms.join(' AND ');
}

function limitOf(limit: number | undefined): number {
  const n = limit ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new InputError(
      `条数 ${n} 须为 1 到 1000 之间的整数 / limit ${n} is not a whole number from 1 to 1000`,
    );
  }
  return n;
}

/** SDK status names (`CONTINUED_AS_NEW`) → visibility names (`ContinuedAsNew`). */
function statusName(sdkName: string): WorkflowSummary['status'] {
  try {
    return parseStatus(sdkName);
  } catch {
    return 'Unknown';
  }
}

/** Workflows matching the filter, most recently started first. */
export async function listWorkflows(
  client: Client,
  filter: WorkflowFilter = {},
): Promise<WorkflowSummary[]> {
  const limit = limitOf(filter.limit);
  const query = visibilityQuery(filter);
  const out: WorkflowSummary[] = [];
  for await (const w of client.workflow.list({ query: query || undefined, pageSize: limit })) {
    out.push({
      workflowId: w.workflowId,
      runId: w.runId,
      type: w.type,
      status: statusName(w.status.name),
      startTime: w.startTime.toISOString(),
      closeTime: w.closeTime?.toISOString() ?? null,
      historyLength: w.historyLength,
      taskQueue: w.taskQueue,
    });
    if (out.length >= limit) break;
  }
  return out;
}

export interface WorkflowTimeline {
  workflowId: string;
  runId: string;
  type: string;
  status: WorkflowSummary['status'];
  url: string;
  /** `story`: what happened in business words; `steps`: every internal step. */
  view: 'story' | 'steps';
  lines: (TimelineLine | StoryLine)[];
}

/** The latest run of a workflow as its story (or every step), with its Web UI link. */
export async function workflowTimeline(
  client: Client,
  ui: { uiUrl: string; timeZone: string },
  workflowId: string,
  options: { steps?: boolean } = {},
): Promise<WorkflowTimeline> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const info = await handle.describe();
    // The server keeps payloads encrypted (runtime/payloadCodec.ts): decoded with the client's keys.
    const history = await decodePayloadsIn(
      await client.workflow.getHandle(workflowId, info.runId).fetchHistory(),
      client.options.loadedDataConverter.payloadCodecs,
    );
    return {
      workflowId,
      runId: info.runId,
      type: info.type,
      status: statusName(info.status.name),
      url: workflowUiUrl(ui.uiUrl, client.options.namespace, workflowId, info.runId),
      view: options.steps ? 'steps' : 'story',
      lines: (options.steps ? timeline : story)(history.events ?? [], { timeZone: ui.timeZone }),
    };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new NotFound(`没有工作流“${workflowId}” / no workflow "${workflowId}"`);
    throw e;
  }
}
