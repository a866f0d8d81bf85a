/**
 * A workflow's history as a business timeline an admin can read: what started it (ids only),
 * what it waited for and until when (local time), what each activity did, what signals, updates
 * and cancellations arrived, and how it ended. Pure: history events in, lines out.
 *
 * Bookkeeping events (workflow tasks, activity starts, markers) are folded into the lines they
 * belong to; a failed workflow task is shown, since it is what leaves a workflow stuck.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { Audience } from '../../../store/people/audience';
import type { NoticeBatch, NoticeBatchResult } from '../../../activities/notices/deliver';
import { localTime } from './display';
import { PARTICIPANT_STATUS, labelOf } from '../../../workflows/rules/vocabulary';
import { ACTIVITY_WORDS, MESSAGE_WORDS, NOTICE_WORDS, WORKFLOW_WORDS, field } from './historyWords';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
type Failure = temporal.api.failure.v1.IFailure | null | undefined;
type ProtoTime = { seconds?: unknown; nanos?: number | null } | null | undefined;

export type TimelineKind =
  | 'started'
  | 'timer'
  | 'timer fired'
  | 'timer cancelled'
  | 'activity'
  | 'activity done'
  | 'activity failed'
  | 'signal'
  | 'update'
  | 'update done'
  | 'cancel requested'
  | 'child'
  | 'task failed'
  | 'continued as new'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed out';

export interface TimelineLine {
  eventId: number;
  /** ISO instant of the event. */
  at: string;
  /** Wall-clock time in the time zone, `YYYY-MM-DD HH:mm:ss`. */
  time: string;
  kind: TimelineKind;
  text: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export { localTime, workflowUiUrl } from './display';

// ---- payloads -----------------------------------------------------------------------------

function decode(payloads: Payloads): unknown[] {
  return (payloads?.payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      return '(undecodable)';
    }
  });
}

function list(values: unknown[], max = 5): string {
  const shown = values.slice(0, max).map(String).join(',');
  return values.length > max ? `${shown} +${values.length - max} more` : shown;
}

/** The id fields of a value (`announcementId=a1, unitIds=u1,u2`), searched two levels deep. */
export function idSummary(value: unknown, depth = 2): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (/(^id|Id|Ids)$/.test(key) && (typeof v === 'string' || typeof v === 'number')) {
      parts.push(`${key}=${v}`);
    } else if (/(^ids|Ids)$/.test(key) && Array.isArray(v)) {
      parts.push(`${key}=${list(v)}`);
    } else if (depth > 1 && v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = idSummary(v, depth - 1);
      if (inner) parts.push(inner);
    }
  }
  return parts.join(', ');
}

/** The scalar fields of a result (`status completed, sent 3`), or the scalar itself. */
function resultSummary(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (typeof value !== 'object') return '';
  if (Array.isArray(value)) return `${value.length} items`;
  return Object.entries(value)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 8)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

function failureText(failure: Failure): string {
  if (!failure) return 'unknown error';
  const cause = failure.cause?.message;
  return cause && cause !== failure.message
    ? `${failure.message}: ${cause}`
    : failure.message || 'unknown error';
}

// ---- activities -----------------------------------------------------------------------------

interface ActivitySummary {
  input(arg: never): string;
  result(value: never): string;
}

function audienceText(a: Audience): string {
  const parts = [
    a.unitIds?.length ? `units ${list(a.unitIds)}` : '',
    a.roles?.length ? `roles ${list(a.roles)}` : '',
    a.personIds?.length ? `${a.personIds.length} named people` : '',
  ];
  return parts.filter(Boolean).join('; ') || 'nobody';
}

/** One-line summaries for the activities this project defines; others get the generic one. */
const ACTIVITIES: Record<string, ActivitySummary> = {
  sendNotices: {
    input: (b: NoticeBatch) => `${b.personIds.length} people`,
    result: (r: NoticeBatchResult) =>
      `sent ${r.sent}, failed ${r.failed}` +
      (r.unconfirmed ? `, unconfirmed ${r.unconfirmed}` : ''),
  },
  countAudience: {
    input: (a: Audience) => audienceText(a),
    result: (n: number) => `${n} people`,
  },
  resolveAudiencePage: {
    input: (i: { audience: Audience; cursor?: string }) =>
      audienceText(i.audience) + (i.cursor ? ` after ${i.cursor}` : ''),
    result: (r: { personIds: string[]; nextCursor?: string }) =>
      `${r.personIds.length} people` + (r.nextCursor ? ', more to come' : ''),
  },
  recordAnnouncementStatus: {
    input: (i: { announcementId: string; status: string }) => `${i.announcementId} ${i.status}`,
    result: (r: { sentCount: number; failedCount: number }) =>
      `sent ${r.sentCount}, failed ${r.failedCount}`,
  },
};

function summarize(type: string, part: 'input' | 'result', value: unknown): string {
  const known = ACTIVITIES[type];
  if (known && value !== undefined && value !== null) {
    try {
      return (known[part] as (v: unknown) => string)(value);
    } catch {
      // An unexpected shape (an older version of the activity): fall through to the generic one.
    }
  }
  return part === 'input' ? idSummary(value) : resultSummary(value);
}

// ---- the timeline -------------------------------------------------------------------------------

/** A protobuf int64 (a Long once decoded, a number or string in JSON histories) as a number. */
function num(v: unknown): number {
  if (v && typeof v === 'object' && 'toNumber' in v)
    return (v as { toNumber(): number }).toNumber();
  return Number(v ?? 0);
}

/** Milliseconds of a protobuf Timestamp or Duration. */
function protoMs(t: ProtoTime): number {
  return num(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}

function join(head: string, tail: string, sep = ': '): string {
  return tail ? `${head}${sep}${tail}` : head;
}

/** A line of the timeline with what the story needs: the step's name and its values. */
interface Step extends TimelineLine {
  name?: string;
  input?: unknown;
  result?: unknown;
}

/** Every step of the history (`yz history --steps`). */
export function timeline(
  events: readonly HistoryEvent[],
  options: { timeZone?: string } = {},
): TimelineLine[] {
  return steps(events, options).map(({ eventId, at, time, kind, text }) => ({
    eventId,
    at,
    time,
    kind,
    text,
  }));
}

function steps(events: readonly HistoryEvent[], options: { timeZone?: string }): Step[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const lines: Step[] = [];
  const activities = new Map<
    number,
    { type: string; input: string; value: unknown; attempt?: number; lastError?: string }
  >();
  const timers = new Map<string, string>();
  const updates = new Map<string, string>();
  const zoned = (ms: number) => `${localTime(new Date(ms), timeZone)} (${timeZone})`;

  for (const e of events) {
    const eventId = num(e.eventId);
    const ms = protoMs(e.eventTime);
    const add = (kind: TimelineKind, text: string, step: Partial<Step> = {}) =>
      lines.push({
        eventId,
        at: new Date(ms).toISOString(),
        time: localTime(new Date(ms), timeZone),
        kind,
        text,
        ...step,
      });
    const activity = (scheduledEventId: unknown) => {
      const a = activities.get(num(scheduledEventId));
      const head = a ? join(a.type, a.input) : 'activity';
      const retried =
        a?.attempt && a.attempt > 1
          ? ` (attempt ${a.attempt}; last error: ${a.lastError ?? 'unknown'})`
          : '';
      return { head, retried };
    };

    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      const type = a.workflowType?.name ?? 'workflow';
      const from = a.continuedExecutionRunId
        ? ` (continued from run ${a.continuedExecutionRunId})`
        : '';
      const input = decode(a.input)[0];
      add('started', join(type, idSummary(input)) + from, { name: type, input });
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      const until = zoned(ms + protoMs(a.startToFireTimeout));
      timers.set(a.timerId ?? '', until);
      const summary = e.userMetadata?.summary
        ? decode({ payloads: [e.userMetadata.summary] })[0]
        : undefined;
      const note = typeof summary === 'string' ? summary : summary ? JSON.stringify(summary) : '';
      add('timer', join(`waiting until ${until}`, note, ' — '), { input: until, result: note });
    } else if (e.timerFiredEventAttributes) {
      const until = timers.get(e.timerFiredEventAttributes.timerId ?? '');
      add('timer fired', until ? `waited until ${until}` : 'timer fired', { input: until });
    } else if (e.timerCanceledEventAttributes) {
      const until = timers.get(e.timerCanceledEventAttributes.timerId ?? '');
      add('timer cancelled', until ? `stopped waiting for ${until}` : 'timer cancelled', {
        input: until,
      });
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      const type = a.activityType?.name ?? 'activity';
      const value = decode(a.input)[0];
      const input = summarize(type, 'input', value);
      activities.set(eventId, { type, input, value });
      add('activity', join(type, input), { name: type, input: value });
    } else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      const known = activities.get(num(a.scheduledEventId));
      if (known) {
        known.attempt = a.attempt ?? 1;
        known.lastError = a.lastFailure ? failureText(a.lastFailure) : undefined;
      }
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      const known = activities.get(num(a.scheduledEventId));
      const type = known?.type ?? '';
      const { head, retried } = activity(a.scheduledEventId);
      const result = decode(a.result)[0];
      add('activity done', join(head, summarize(type, 'result', result), ' → ') + retried, {
        name: type,
        input: known?.value,
        result,
      });
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      const { head, retried } = activity(a.scheduledEventId);
      add('activity failed', `${head} → failed: ${failureText(a.failure)}${retried}`, {
        result: failureText(a.failure),
      });
    } else if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      const { head, retried } = activity(a.scheduledEventId);
      add('activity failed', `${head} → timed out: ${failureText(a.failure)}${retried}`);
    } else if (e.activityTaskCanceledEventAttributes) {
      const { head } = activity(e.activityTaskCanceledEventAttributes.scheduledEventId);
      add('activity failed', `${head} → cancelled`);
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      const input = decode(a.input)[0];
      add('signal', join(a.signalName ?? 'signal', idSummary(input)), {
        name: a.signalName ?? '',
        input,
      });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      const name = req?.input?.name ?? 'update';
      updates.set(req?.meta?.updateId ?? '', name);
      const input = decode(req?.input?.args)[0];
      add('update', join(name, idSummary(input)), { name, input });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const name = updates.get(a.meta?.updateId ?? '') ?? 'update';
      const outcome = a.outcome?.failure
        ? `failed: ${failureText(a.outcome.failure)}`
        : resultSummary(decode(a.outcome?.success)[0]);
      add('update done', join(name, outcome, ' → '));
    } else if (e.workflowExecutionCancelRequestedEventAttributes) {
      const a = e.workflowExecutionCancelRequestedEventAttributes;
      add('cancel requested', join('cancel requested', a.identity ? `by ${a.identity}` : '', ' '));
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
      add('child', `start ${a.workflowType?.name ?? 'workflow'} ${a.workflowId ?? ''}`);
    } else if (e.childWorkflowExecutionCompletedEventAttributes) {
      const a = e.childWorkflowExecutionCompletedEventAttributes;
      add(
        'child',
        join(
          `${a.workflowExecution?.workflowId ?? 'child'} completed`,
          resultSummary(decode(a.result)[0]),
        ),
      );
    } else if (e.childWorkflowExecutionFailedEventAttributes) {
      const a = e.childWorkflowExecutionFailedEventAttributes;
      add(
        'child',
        `${a.workflowExecution?.workflowId ?? 'child'} failed: ${failureText(a.failure)}`,
      );
    } else if (e.childWorkflowExecutionCanceledEventAttributes) {
      add(
        'child',
        `${e.childWorkflowExecutionCanceledEventAttributes.workflowExecution?.workflowId ?? 'child'} cancelled`,
      );
    } else if (e.childWorkflowExecutionTerminatedEventAttributes) {
      add(
        'child',
        `${e.childWorkflowExecutionTerminatedEventAttributes.workflowExecution?.workflowId ?? 'child'} terminated`,
      );
    } else if (e.childWorkflowExecutionTimedOutEventAttributes) {
      add(
        'child',
        `${e.childWorkflowExecutionTimedOutEventAttributes.workflowExecution?.workflowId ?? 'child'} timed out`,
      );
    } else if (e.workflowTaskFailedEventAttributes) {
      add('task failed', failureText(e.workflowTaskFailedEventAttributes.failure));
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      const a = e.workflowExecutionContinuedAsNewEventAttributes;
      add('continued as new', `next run ${a.newExecutionRunId ?? ''}`.trim());
    } else if (e.workflowExecutionCompletedEventAttributes) {
      const result = decode(e.workflowExecutionCompletedEventAttributes.result)[0];
      add('completed', resultSummary(result), { result });
    } else if (e.workflowExecutionFailedEventAttributes) {
      add('failed', failureText(e.workflowExecutionFailedEventAttributes.failure));
    } else if (e.workflowExecutionCanceledEventAttributes) {
      add('cancelled', 'cancelled');
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      const a = e.workflowExecutionTerminatedEventAttributes;
      add(
        'terminated',
        join(
          'terminated',
          [a.reason, a.identity ? `by ${a.identity}` : ''].filter(Boolean).join(' '),
          ': ',
        ),
      );
    } else if (e.workflowExecutionTimedOutEventAttributes) {
      add('timed out', 'the workflow ran out of time');
    }
  }
  return lines;
}

// ---- the story ----------------------------------------------------------------------------------

/** One thing that happened, in business words: `邀请 invited`, `等待至 waiting until …`. */
export interface StoryLine {
  eventId: number;
  at: string;
  time: string;
  /** What happened, zh first (`已报名 registered`). */
  kind: string;
  /** Its details: whom, how many, until when. */
  text: string;
}

const activityWords = (name: string | undefined) =>
  ACTIVITY_WORDS[name ?? '']?.(undefined, undefined) ?? name ?? '';

function noticeWords(s: Step): [string, string] {
  const r = s.result as Partial<NoticeBatchResult> | undefined;
  const sent = `已发 ${r?.sent ?? 0}，失败 ${r?.failed ?? 0} / sent ${r?.sent ?? 0}, failed ${r?.failed ?? 0}`;
  const what = NOTICE_WORDS[field(s.input, 'template')];
  return what ? [what, `通知已发送 notices sent: ${sent}`] : ['通知已发送 notices sent', sent];
}

/** The words of a step, or undefined for an internal step the story leaves out. */
function storyWords(s: Step): [string, string] | undefined {
  switch (s.kind) {
    case 'started':
      return [
        '开始 started',
        join(WORKFLOW_WORDS[s.name ?? ''] ?? s.name ?? '', idSummary(s.input)),
      ];
    case 'timer':
      return [
        '等待 waiting',
        join(`等待至 waiting until ${String(s.input)}`, text(s.result), ' — '),
      ];
    case 'activity done': {
      if (s.name === 'sendNotices') return noticeWords(s);
      const words = ACTIVITY_WORDS[s.name ?? ''];
      return words ? [words(s.input, s.result), ''] : undefined;
    }
    case 'activity failed':
      return ['出错 failed', `${activityWords(s.name)}: ${text(s.result)}`];
    case 'signal':
    case 'update':
      return [MESSAGE_WORDS[s.name ?? ''] ?? s.name ?? '', idSummary(s.input)];
    case 'cancel requested':
      return ['请求取消 cancel requested', s.text.replace(/^cancel requested\s*/, '')];
    case 'child':
      return ['子流程 child workflow', s.text];
    case 'task failed':
      return ['卡住 stuck', s.text];
    case 'continued as new':
      return ['续跑 continued', s.text];
    case 'completed':
      return [
        '完成 completed',
        typeof s.result === 'string' ? labelOf(PARTICIPANT_STATUS, s.result) : s.text,
      ];
    case 'failed':
      return ['失败 failed', s.text];
    case 'cancelled':
      return ['已取消 cancelled', ''];
    case 'terminated':
      return ['已终止 terminated', s.text];
    case 'timed out':
      return ['超时 timed out', s.text];
    default:
      // Activity starts, timers that fired or stopped, update results: in the steps only.
      return undefined;
  }
}

/** The workflow's story in business words; the internal steps are in `timeline`. */
export function story(
  events: readonly HistoryEvent[],
  options: { timeZone?: string } = {},
): StoryLine[] {
  return steps(events, options).flatMap((s) => {
    const words = storyWords(s);
    return words
      ? [{ eventId: s.eventId, at: s.at, time: s.time, kind: words[0], text: words[1] }]
      : [];
  });
}
