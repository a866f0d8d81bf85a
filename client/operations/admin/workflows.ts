/**
 * Finding and inspecting workflows for admins: listing through Temporal visibility (by type,
 * status, business-key prefix, and the custom search attributes: program and business step),
 * those stuck on a retried step, and reading one workflow's history as a timeline.
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
  /** The program a workflow belongs to (search attribute YzCampaign: a campaign, series… id). */
  campaign?: string;
  /** Its business step (search attribute YzStatus: invited, registered, paused, closed…). */
  businessStatus?: string;
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
  /** YzCampaign and YzStatus, when the workflow keeps them. */
  campaign: string | null;
  businessStatus: string | null;
}

/** A keyword search attribute's value, or null. */
function keyword(attributes: Record<string, unknown> | undefined, name: string): string | null {
  const v = attributes?.[name];
  const first = Array.isArray(v) ? (v[0] as unknown) : v;
  return typeof first === 'string' ? first : null;
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
  if (filter.campaign) terms.push(`YzCampaign = ${quoted('campaign', filter.campaign)}`);
  if (filter.businessStatus)
    terms.push(`YzStatus = ${quoted('business status', filter.businessStatus)}`);
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
      campaign: keyword(w.searchAttributes, 'YzCampaign'),
      businessStatus: keyword(w.searchAttributes, 'YzStatus'),
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

export interface StuckWorkflow extends WorkflowSummary {
  /** The step being retried, its attempt and the last failure's words. */
  activity: string;
  attempt: number;
  lastFailure: string | null;
}

/**
 * 卡住的工作流 / Running workflows stuck on a step: an activity retried (attempt 2 or more),
 * e.g. the SMTP server down or the database unreachable. Visibility cannot tell this, so each
 * running workflow (up to `limit`) is described.
 */
export async function stuckWorkflows(
  client: Client,
  filter: { limit?: number } = {},
): Promise<StuckWorkflow[]> {
  const running = await listWorkflows(client, { status: 'Running', limit: filter.limit });
  const described = await Promise.all(
    running.map(async (w) => {
      const info = await client.workflow
        .getHandle(w.workflowId, w.runId)
        .describe()
        .catch(() => undefined);
      const retried = (info?.raw.pendingActivities ?? [])
        .filter((a) => (a.attempt ?? 0) > 1)
        .sort((a, b) => (b.attempt ?? 0) - (a.attempt ?? 0))[0];
      if (!retried) return undefined;
      return {
        ...w,
        activity: retried.activityType?.name ?? '',
        attempt: retried.attempt ?? 0,
        lastFailure: retried.lastFailure?.message ?? null,
      };
    }),
  );
  return described.filter((w): w is StuckWorkflow => w !== undefined);
}
