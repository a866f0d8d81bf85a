/**
 * The scan that keeps personal data out of Temporal: every string and every payload of a workflow
 * history (decoded from bytes as UTF-8) is searched for a mainland mobile number, a resident
 * ID-card number and an e-mail address. Used on the recorded fixtures and, at each test stack's
 * teardown, on every workflow the stack's worker ran.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { decodePayloadsIn } from '../../runtime/payloadCodec';

type History = temporal.api.history.v1.IHistory;

const PATTERNS: [string, RegExp][] = [
  // Not inside a longer run of letters, digits or hyphens: ids and UUIDs hold digit runs too.
  ['phone', /(?<![0-9A-Za-z-])1[3-9]\d{9}(?![0-9A-Za-z])/g],
  ['ID-card number', /(?<![0-9A-Za-z-])\d{17}[\dXx](?![0-9A-Za-z])/g],
  ['e-mail', /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])/g],
];

const utf8 = new TextDecoder('utf-8');

/** Every text of a decoded history: strings as they are, byte fields (payloads) as UTF-8. */
function texts(value: unknown, out: string[], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(utf8.decode(value));
  else if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) texts(v, out, seen);
  }
  return out;
}

export interface PersonalDataHit {
  kind: string;
  match: string;
  /** Up to 40 characters either side of the match. */
  context: string;
}

/** What in a history looks like personal data (empty when nothing does). */
export function personalDataIn(history: History): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const text of texts(history.events ?? [], []))
    for (const [kind, pattern] of PATTERNS)
      for (const m of text.matchAll(pattern))
        hits.push({
          kind,
          match: m[0],
          context: text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40),
        });
  return hits;
}

/** One line per hit, naming the workflow (or fixture) it was found in. */
export function describeHits(where: string, hits: PersonalDataHit[]): string {
  return hits.map((h) => `${where}: ${h.kind} "${h.match}" in …${h.context}…`).join('\n');
}

type Run = { workflowId: string; runId: string };
/** Runs the workers of this process started, by task queue (from the workers' own log). */
const started = new Map<string, Run[]>();
let installed = false;

/**
 * The worker runtime of a test process: logs at WARN on the console (failures stay visible,
 * routine state changes do not), and notes every workflow run a worker starts, so the histories
 * of a time-skipping server (which lists no workflows) can be scanned too. Installed before any
 * Temporal environment or connection exists; true when this call installed it.
 */
export function installTestRuntime(): boolean {
  if (installed) return false;
  installed = true;
  const console = new DefaultLogger('WARN');
  const logger = new DefaultLogger('DEBUG', (entry: LogEntry) => {
    const m = entry.meta as Partial<Run & { taskQueue: string; workflowType: string }> | undefined;
    if (entry.message === 'Workflow started' && m?.taskQueue && m.workflowId && m.runId) {
      const runs = started.get(m.taskQueue) ?? [];
      started.set(m.taskQueue, runs);
      runs.push({ workflowId: m.workflowId, runId: m.runId });
    }
    if (entry.level === 'WARN' || entry.level === 'ERROR')
      console.log(entry.level, entry.message, entry.meta);
  });
  try {
    Runtime.install({ logger });
    return true;
  } catch {
    return false; // a runtime was made first: its logger stays
  }
}

/** The runs this process's workers started on `taskQueue`, and those the server lists there. */
async function* runsOn(client: Client, taskQueue: string, listed: boolean): AsyncIterable<Run> {
  const seen = new Set<string>();
  const fresh = (run: Run) => !seen.has(run.runId) && Boolean(seen.add(run.runId));
  for (const run of started.get(taskQueue) ?? []) if (fresh(run)) yield run;
  if (!listed) return;
  for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` }))
    if (fresh(wf)) yield wf;
}

/**
 * Scans the history of every workflow that ran on `taskQueue` and throws naming each workflow
 * and match, so a test file whose workflows carry personal data fails at teardown. `listed`: the
 * server lists its workflows (a dev server); otherwise the runs this process's workers started.
 */
export async function assertNoPersonalData(
  client: Client,
  taskQueue: string,
  listed: boolean,
): Promise<number> {
  const problems: string[] = [];
  let scanned = 0;
  for await (const wf of runsOn(client, taskQueue, listed)) {
    const fetched = await client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .fetchHistory()
      .catch(() => undefined);
    if (!fetched) continue;
    // Scanned as plain text: the server holds the payloads encrypted, which would hide anything.
    const history = await decodePayloadsIn(
      fetched,
      client.options.loadedDataConverter.payloadCodecs,
    );
    scanned++;
    const hits = personalDataIn(history);
    if (hits.length) problems.push(describeHits(`${wf.workflowId} (run ${wf.runId})`, hits));
  }
  if (problems.length)
    throw new Error(
      `个人信息进入了 Temporal 历史 / personal data in workflow histories:\n${problems.join('\n')}`,
    );
  return scanned;
}

/**
 * Free text as coordinators type it, with a phone number and an e-mail address in it: tests put
 * it in withdrawal reasons, review notes and mentoring notes, so the scan above would catch the
 * text should it ever reach a workflow history.
 */
export function withContacts(words: string): string {
  return `${words}（联系 13912345678，wang.fang@example.cn）`;
}
