/**
 * The notice activity every workflow uses: write or claim the outbox row by its unique key,
 * render the template, send through the pooled SMTP transport, record the result.
 *
 * Idempotency, step by step:
 * 1. Rows are created once per key (status `pending`); a retry finds them.
 * 2. A row is claimed by an atomic `pending → sending` update; only the claimer sends.
 *    A row already `sent` or `failed` is reported, never sent again.
 * 3. A row left `sending` by a crashed attempt is checked against the mail provider
 *    (`wasDelivered`, e.g. the embedded sink's store): delivered → `sent`; not delivered →
 *    claimed again and sent; no way to tell → `unconfirmed` for an admin, never sent twice.
 * 4. SMTP 4xx / connection errors put the row back to `pending` and make the activity fail
 *    retryably (Temporal backs off and retries); 5xx marks the row `failed`, not retried.
 * 5. Sent rows are recorded in groups (the sends that finish within a few milliseconds, one
 *    statement): a crash or a failed record before that leaves them `sending`, which is case 3.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../store/db';
import { hasSmtpAnswer, isTemporarySmtpError, smtpErrorText, type Mailer } from './mailer';
import { renderNotice, templateFor, type Locale } from './templates';
import { TemplateFieldMissing } from './render';
import { inWindow } from '../../workflows/rules/chunk';
import {
  claimPendingNotices,
  insertPendingNotices,
  markNoticesSent,
  type SentNotice,
} from '../../store/notices/outbox';
import { messageIdFor } from '../../store/notices/messageId';
import { recipientsOf, type Recipient } from '../../store/notices/recipients';
import { groupCommit } from './groupCommit';

export interface NoticeBatch {
  /** Workflow that wants these notices sent (for the outbox and the audit trail). */
  workflowId: string;
  template: string;
  /** Ids and non-personal values only. */
  params: Record<string, string>;
  /** Key of each notice is `${keyPrefix}/${personId}`. */
  keyPrefix: string;
  personIds: string[];
}

export interface NoticeBatchResult {
  sent: number;
  failed: number;
  unconfirmed: number;
  /** Of `sent`, how many had been sent by an earlier attempt. */
  alreadySent: number;
}

export interface DeliveryDeps {
  db: Db;
  mailer: Mailer;
  from: string;
  /** Asks the mail provider whether a message id arrived; undefined when it cannot tell. */
  wasDelivered?: (messageId: string) => Promise<boolean | undefined>;
  /** How long a claim may stay `sending` before it is taken to be from a dead attempt. */
  claimLeaseMs?: number;
  /** Sends at once, at most; match the SMTP pool so claims are held only while really sending. */
  concurrency?: number;
}

type Outcome = 'sent' | 'alreadySent' | 'failed' | 'unconfirmed' | 'temporary';

/** A batch whose template, people and shared values are known: ready for the outbox. */
interface Prepared {
  batch: NoticeBatch;
  template: ReturnType<typeof templateFor>;
  shared: Record<string, string>;
  people: Map<string, Recipient>;
  /** Tells the batch's own activity that it is alive (the SDK throttles these). */
  beat: (done: number) => void;
}

/**
 * Keys being sent by this process right now. An attempt that stalls with the process alive (see
 * `stillMine`) may be mid-send, its message not yet stored by the mail server; a retry must not
 * take such a row as abandoned, whatever its age.
 */
const sendingHere = new Set<string>();

/**
 * Sent notices recorded in one statement at most (four values each), and how long the first
 * waits for others. Both bound what a crash can leave sent but still `sending`.
 */
const SENT_GROUP = { maxItems: 100, delayMs: 10 };
/** How often a batch tells Temporal it is alive, at most. */
const HEARTBEAT_EVERY_MS = 1000;

export async function deliverNoticeBatch(
  deps: DeliveryDeps,
  batch: NoticeBatch,
): Promise<NoticeBatchResult> {
  const [outcome] = await deliverPrepared(deps, await prepareBatches(deps.db, [batch]));
  if (outcome instanceof Error) throw outcome;
  return outcome!;
}

/**
 * Checks each batch (template, people, the template's own values) with one person lookup for all
 * of them. A batch that fails is answered with its error; the others go on.
 */
async function prepareBatches(db: Db, batches: NoticeBatch[]): Promise<(Prepared | Error)[]> {
  const people = await recipientsOf(db, [...new Set(batches.flatMap((b) => b.personIds))]);
  const loaded = new Map<string, Promise<Record<string, string>>>();
  const beat = heartbeatOfCurrentActivity();
  return Promise.all(
    batches.map(async (batch): Promise<Prepared | Error> => {
      let template;
      try {
        template = templateFor(batch.template);
      } catch (e) {
        return ApplicationFailure.nonRetryable((e as Error).message, 'UnknownTemplate');
      }
      const unknown = batch.personIds.filter((id) => !people.has(id));
      if (unknown.length > 0)
        return ApplicationFailure.nonRetryable(
          `未知人员编号：${unknown.slice(0, 10).join('、')} / unknown person id(s): ${unknown.slice(0, 10).join(', ')}`,
          'UnknownPerson',
        );
      // Batches of one template and the same values share one load.
      const key = `${batch.template}\u0000${JSON.stringify(batch.params)}`;
      if (!loaded.has(key)) loaded.set(key, template.load(db, batch.params));
      try {
        const shared = { ...batch.params, ...(await loaded.get(key)!) };
        return { batch, template, shared, people, beat };
      } catch (e) {
        return ApplicationFailure.nonRetryable((e as Error).message, 'TemplateData');
      }
    }),
  );
}

/**
 * Writes, claims and sends the notices of several prepared batches with one statement per step
 * for all of them (rows created once, claimed by one `pending → sending` update), then sends
 * each claimed notice. Answers each batch with its result, or the error its activity fails with.
 */
async function deliverPrepared(
  deps: DeliveryDeps,
  prepared: (Prepared | Error)[],
): Promise<(NoticeBatchResult | Error)[]> {
  const { db } = deps;
  const ready = prepared.filter((p): p is Prepared => !(p instanceof Error));
  const items = ready.flatMap((p) =>
    p.batch.personIds.map((personId) => ({ p, personId, key: `${p.batch.keyPrefix}/${personId}` })),
  );

  // 1. One row per key, created once: a key already there is left as it is.
  const firstOf = new Map<string, (typeof items)[number]>();
  for (const i of items) if (!firstOf.has(i.key)) firstOf.set(i.key, i);
  await insertPendingNotices(
    db,
    [...firstOf.values()].map(({ p, personId, key }) => ({
      key,
      personId,
      template: p.batch.template,
      locale: p.people.get(personId)!.locale,
      params: JSON.stringify(p.batch.params),
      workflowId: p.batch.workflowId,
    })),
    new Date(),
  );

  // 2. Rows are claimed a few sends ahead, several with one `pending → sending` update, so a
  // crash leaves only those few `sending`; a row that was not pending goes the careful way.
  const order = [...firstOf.keys()];
  const ahead = Math.max(2 * (deps.concurrency ?? 5), 10);
  const tried = new Set<string>();
  /** Keys this attempt holds, with the `claimedAt` it wrote (its proof of ownership). */
  const claimed = new Map<string, Date>();
  let next = 0;
  let claiming: Promise<void> | undefined;
  const claimAhead = async (key: string) => {
    while (!tried.has(key)) {
      claiming ??= (async () => {
        const part = order.slice(next, (next += ahead));
        const at = new Date();
        const rows = await claimPendingNotices(db, part, at);
        for (const k of part) tried.add(k);
        for (const k of rows) claimed.set(k, at);
      })().finally(() => (claiming = undefined));
      await claiming;
    }
  };
  // 3. Sent notices are recorded together with those of every other batch of this worker. The
  // send slot goes on at once; the batch answers only once all its records are stored.
  const recordSent = sentRecorderFor(db);
  const records: { p: Prepared; stored: Promise<void> }[] = [];

  const sendOne = async ({ p, personId, key }: (typeof items)[number]): Promise<Outcome> => {
    const messageId = messageIdFor(key);
    // Each key is sent by its first item only; a repeat of it (in this run) goes the careful way.
    await claimAhead(key);
    const ahead = claimed.get(key);
    claimed.delete(key);
    const mine = ahead ?? (await claim(deps, key, messageId));
    if (!(mine instanceof Date)) return mine;
    if (!(await stillMine(deps, key, mine))) return 'temporary';
    sendingHere.add(key);
    try {
      return await sendClaimed({ p, personId, key }, messageId);
    } finally {
      sendingHere.delete(key);
    }
  };

  /** Renders, sends and records one notice this attempt holds. */
  const sendClaimed = async (
    { p, personId, key }: (typeof items)[number],
    messageId: string,
  ): Promise<Outcome> => {
    const person = p.people.get(personId)!;
    const to = person.email;
    if (!to)
      return finish(db, key, 'failed', {
        lastError: `人员 ${personId} 没有电子邮箱 / person ${personId} has no email address`,
      });
    let rendered;
    try {
      const locale: Locale = person.locale === 'en' ? 'en' : 'zh-CN';
      rendered = renderNotice(p.template, locale, { ...p.shared, name: person.name });
    } catch (e) {
      if (e instanceof TemplateFieldMissing)
        return finish(db, key, 'failed', { lastError: e.message });
      throw e;
    }
    let providerId: string;
    try {
      const info = await deps.mailer.send({
        from: deps.from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        messageId,
        headers: { 'X-Yanzhen-Notice': key },
      });
      providerId = info.response.slice(0, 200);
    } catch (e) {
      const text = smtpErrorText(e);
      // The connection broke with no SMTP answer: the server may have accepted the message.
      if (!hasSmtpAnswer(e) && (await deps.wasDelivered?.(messageId)) === true) {
        providerId = 'confirmed by provider after a broken connection';
      } else if (isTemporarySmtpError(e)) {
        await db.notice.update({ where: { key }, data: { status: 'pending', lastError: text } });
        return 'temporary';
      } else {
        return finish(db, key, 'failed', {
          lastError: text,
          subject: rendered.subject,
          toAddress: to,
        });
      }
    }
    // Outside the try: a failure to record a sent message must not look like a failed send
    // (the row stays `sending`, and the crash path above decides on the retry).
    const stored = recordSent({ key, subject: rendered.subject, toAddress: to, providerId });
    stored.catch(() => undefined); // awaited below, after the sends
    records.push({ p, stored });
    return 'sent';
  };

  const outcomes = new Map<Prepared, Outcome[]>(ready.map((p) => [p, []]));
  const failures = new Map<Prepared, Error>();
  await inWindow(items, deps.concurrency ?? 5, async (item) => {
    const done = outcomes.get(item.p)!;
    try {
      done.push(await sendOne(item));
    } catch (e) {
      // A database error: this batch's activity fails and is retried; the others go on.
      failures.set(item.p, e as Error);
      done.push('temporary');
    }
    item.p.beat(done.length);
  });
  for (const { p, stored } of records) {
    // A record that failed leaves its row `sending`: the batch fails and its retry asks the
    // provider (the crash path), so the message is not sent again.
    await stored.catch((e: unknown) => failures.set(p, e as Error));
  }
  return prepared.map((p) => {
    if (p instanceof Error) return p;
    const failure = failures.get(p);
    if (failure) return failure;
    const list = outcomes.get(p)!;
    const count = (o: Outcome) => list.filter((x) => x === o).length;
    const temporary = count('temporary');
    if (temporary > 0) {
      // Temporal retries the whole batch with backoff; rows already sent are skipped then.
      return ApplicationFailure.retryable(
        `${p.batch.personIds.length} 条通知中有 ${temporary} 条被邮件服务器暂缓，将重试 / ${temporary} of ${p.batch.personIds.length} notices deferred by the mail server; will retry`,
        'SmtpTemporary',
      );
    }
    return {
      sent: count('sent') + count('alreadySent'),
      alreadySent: count('alreadySent'),
      failed: count('failed'),
      unconfirmed: count('unconfirmed'),
    };
  });
}

/**
 * The notice activity for a busy worker: small batches that arrive within `windowMs` of each
 * other (a thousand ledgers reaching the same deadline, every pair before its session) go through
 * the outbox together, one statement per step for all of them instead of five per notice.
 * Large batches (announcements) go on their own as before. Each activity still gets its own
 * result or error, and the outbox rules are those of `deliverNoticeBatch`.
 */
export function noticeSender(
  deps: DeliveryDeps,
  options: { windowMs?: number; maxPeople?: number; groupPeople?: number } = {},
): (batch: NoticeBatch) => Promise<NoticeBatchResult> {
  const windowMs = options.windowMs ?? 5;
  const maxPeople = options.maxPeople ?? 20;
  const groupPeople = options.groupPeople ?? 200;
  type Waiting = {
    batch: NoticeBatch;
    beat: (done: number) => void;
    resolve: (r: NoticeBatchResult) => void;
    reject: (e: unknown) => void;
  };
  let queue: Waiting[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const group = queue;
    queue = [];
    queued = 0;
    try {
      const prepared = await prepareBatches(
        deps.db,
        group.map((w) => w.batch),
      );
      const answers = await deliverPrepared(
        deps,
        prepared.map((p, i) => (p instanceof Error ? p : { ...p, beat: group[i]!.beat })),
      );
      answers.forEach((a, i) => (a instanceof Error ? group[i]!.reject(a) : group[i]!.resolve(a)));
    } catch (e) {
      for (const w of group) w.reject(e);
    }
  };
  return (batch) => {
    if (batch.personIds.length > maxPeople) return deliverNoticeBatch(deps, batch);
    return new Promise<NoticeBatchResult>((resolve, reject) => {
      queue.push({ batch, beat: heartbeatOfCurrentActivity(), resolve, reject });
      queued += batch.personIds.length;
      if (queued >= groupPeople) void flush();
      else timer ??= setTimeout(() => void flush(), windowMs);
    });
  };
}

async function finish(
  db: Db,
  key: string,
  status: 'failed' | 'unconfirmed',
  data: { lastError: string; subject?: string; toAddress?: string },
): Promise<Outcome> {
  await db.notice.update({ where: { key }, data: { status, ...data } });
  return status;
}

/**
 * Whether this attempt still holds its claim, checked just before sending when the claim is no
 * longer fresh. An attempt can stall past the lease with the process alive (a SQLite write lock
 * held by another process blocks better-sqlite3, and with it the whole event loop, for up to its
 * busy timeout): Temporal times the attempt out and a retry takes the row over as abandoned.
 * Without this check the stalled attempt woke up and sent the rows it had claimed ahead a second
 * time (5 duplicates of 60 in test/faults/dbOutage.test.ts). A fresh claim cannot have been taken
 * over yet, so the common path costs no statement; an older one is renewed by compare-and-set on
 * the `claimedAt` this attempt wrote, which also keeps a retry from taking it while it is sent.
 */
async function stillMine(deps: DeliveryDeps, key: string, claimedAt: Date): Promise<boolean> {
  const lease = deps.claimLeaseMs ?? 0;
  if (Date.now() - claimedAt.getTime() < lease / 3) return true;
  const renewed = await deps.db.notice.updateMany({
    where: { key, status: 'sending', claimedAt },
    data: { claimedAt: new Date() },
  });
  return renewed.count === 1;
}

/** Takes the row for sending (answering the `claimedAt` written), or tells why not. */
async function claim(deps: DeliveryDeps, key: string, messageId: string): Promise<Date | Outcome> {
  const { db } = deps;
  const now = new Date();
  const take = (from: string, claimedBefore?: Date) =>
    db.notice.updateMany({
      where: { key, status: from, ...(claimedBefore ? { claimedAt: { lt: claimedBefore } } : {}) },
      data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
    });
  if ((await take('pending')).count === 1) return now;

  const row = await db.notice.findUniqueOrThrow({ where: { key } });
  switch (row.status) {
    case 'sent':
      return 'alreadySent';
    case 'failed':
      return 'failed';
    case 'unconfirmed':
      return 'unconfirmed';
    case 'sending': {
      // A stalled attempt of this process is sending it: not dead, come back later.
      if (sendingHere.has(key)) return 'temporary';
      const lease = deps.claimLeaseMs ?? 0;
      if (row.claimedAt && now.getTime() - row.claimedAt.getTime() < lease) {
        // Another attempt holds it right now: let Temporal come back later.
        return 'temporary';
      }
      // A previous attempt died mid-send. Did the message arrive?
      const delivered = deps.wasDelivered ? await deps.wasDelivered(messageId) : undefined;
      if (delivered === true) {
        await db.notice.update({
          where: { key },
          data: { status: 'sent', sentAt: now, providerId: 'confirmed by provider after retry' },
        });
        return 'alreadySent';
      }
      if (delivered === false) {
        const retaken = await db.notice.updateMany({
          where: { key, status: 'sending', claimedAt: row.claimedAt },
          data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
        });
        return retaken.count === 1 ? now : 'temporary';
      }
      return finish(db, key, 'unconfirmed', {
        lastError:
          '发送中途中断，无法确认是否送达，未重发 / an attempt stopped while sending; delivery cannot be confirmed, not resent',
      });
    }
    default:
      throw new Error(
        `通知 ${key} 的状态“${row.status}”无法识别 / notice ${key} has unknown status ${row.status}`,
      );
  }
}

const sentRecorders = new WeakMap<Db, (sent: SentNotice) => Promise<void>>();

/**
 * One group commit per database for the whole worker: the sends of all batches in flight that
 * finish within a few milliseconds go in one statement instead of one each. A crash leaves the
 * sends in flight and those few records `sending`; the retry asks the provider about them, as
 * it always did for a send cut off by a crash.
 */
function sentRecorderFor(db: Db): (sent: SentNotice) => Promise<void> {
  let record = sentRecorders.get(db);
  if (!record) {
    record = groupCommit<SentNotice>(
      (sent) => markNoticesSent(db, sent, new Date()).then(() => undefined),
      SENT_GROUP,
    );
    sentRecorders.set(db, record);
  }
  return record;
}

/** Heartbeats of the activity running now, for use from shared work; a no-op outside one. */
function heartbeatOfCurrentActivity(): (done: number) => void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    // Called outside an activity (the raw-floor benchmark): nothing to tell.
    return () => {};
  }
  // A local activity (the credits ledger's notices) has no heartbeat: it runs inside its
  // workflow task, which Core keeps alive.
  if (ctx.info.isLocal) return () => {};
  // Each call crosses into the SDK's core (details encoded, a native call), though the core sends
  // the server at most one per throttle interval: a beat a second is plenty (timeout 10 s).
  let last = 0;
  return (done) => {
    const now = Date.now();
    if (now - last < HEARTBEAT_EVERY_MS) return;
    last = now;
    ctx.heartbeat(done);
  };
}
