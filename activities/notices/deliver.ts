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
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Db } from '../db';
import { hasSmtpAnswer, isTemporarySmtpError, smtpErrorText, type Mailer } from '../mailer';
import { renderNotice, templateFor, type Locale } from './templates';
import { TemplateFieldMissing } from './render';
import { inWindow } from '../../workflows/rules/chunk';

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

/** A stable Message-ID for a notice key: the same notice always carries the same id. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@yanzhen.notice>`;
}

type Outcome = 'sent' | 'alreadySent' | 'failed' | 'unconfirmed' | 'temporary';

export async function deliverNoticeBatch(
  deps: DeliveryDeps,
  batch: NoticeBatch,
): Promise<NoticeBatchResult> {
  const { db } = deps;
  let template;
  try {
    template = templateFor(batch.template);
  } catch (e) {
    throw ApplicationFailure.nonRetryable((e as Error).message, 'UnknownTemplate');
  }
  const people = await db.person.findMany({
    where: { id: { in: batch.personIds } },
    select: {
      id: true,
      name: true,
      locale: true,
      contacts: { where: { kind: 'email' }, orderBy: { isPrimary: 'desc' } },
    },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const unknown = batch.personIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `unknown person id(s): ${unknown.slice(0, 10).join(', ')}`,
      'UnknownPerson',
    );
  }
  let shared: Record<string, string>;
  try {
    shared = { ...batch.params, ...(await template.load(db, batch.params)) };
  } catch (e) {
    throw ApplicationFailure.nonRetryable((e as Error).message, 'TemplateData');
  }

  // 1. One row per key, created once.
  const keys = batch.personIds.map((id) => `${batch.keyPrefix}/${id}`);
  const existing = new Set(
    (await db.notice.findMany({ where: { key: { in: keys } }, select: { key: true } })).map(
      (n) => n.key,
    ),
  );
  const missing = batch.personIds.filter((id) => !existing.has(`${batch.keyPrefix}/${id}`));
  if (missing.length > 0) {
    await db.notice.createMany({
      data: missing.map((personId) => ({
        key: `${batch.keyPrefix}/${personId}`,
        personId,
        template: batch.template,
        locale: byId.get(personId)!.locale,
        params: JSON.stringify(batch.params),
        status: 'pending',
        workflowId: batch.workflowId,
      })),
    });
  }

  const sendOne = async (personId: string): Promise<Outcome> => {
    const key = `${batch.keyPrefix}/${personId}`;
    const messageId = messageIdFor(key);
    const claimed = await claim(deps, key, messageId);
    if (claimed !== 'claimed') return claimed;
    const person = byId.get(personId)!;
    const to = person.contacts[0]?.value;
    if (!to)
      return finish(db, key, 'failed', { lastError: `person ${personId} has no email address` });
    let rendered;
    try {
      const locale: Locale = person.locale === 'en' ? 'en' : 'zh-CN';
      rendered = renderNotice(template, locale, { ...shared, name: person.name });
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
    await db.notice.update({
      where: { key },
      data: {
        status: 'sent',
        subject: rendered.subject,
        toAddress: to,
        providerId,
        sentAt: new Date(),
        lastError: null,
      },
    });
    return 'sent';
  };

  const outcomes: Outcome[] = [];
  await inWindow(batch.personIds, deps.concurrency ?? 5, async (personId, i) => {
    outcomes[i] = await sendOne(personId);
    heartbeatIfInActivity(i + 1); // the SDK throttles heartbeats to the server
  });
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  const temporary = count('temporary');
  if (temporary > 0) {
    // Temporal retries the whole batch with backoff; rows already sent are skipped then.
    throw ApplicationFailure.retryable(
      `${temporary} of ${batch.personIds.length} notices deferred by the mail server; will retry`,
      'SmtpTemporary',
    );
  }
  return {
    sent: count('sent') + count('alreadySent'),
    alreadySent: count('alreadySent'),
    failed: count('failed'),
    unconfirmed: count('unconfirmed'),
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

/** Takes the row for sending, or tells why not. */
async function claim(
  deps: DeliveryDeps,
  key: string,
  messageId: string,
): Promise<'claimed' | Outcome> {
  const { db } = deps;
  const now = new Date();
  const take = (from: string, claimedBefore?: Date) =>
    db.notice.updateMany({
      where: { key, status: from, ...(claimedBefore ? { claimedAt: { lt: claimedBefore } } : {}) },
      data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
    });
  if ((await take('pending')).count === 1) return 'claimed';

  const row = await db.notice.findUniqueOrThrow({ where: { key } });
  switch (row.status) {
    case 'sent':
      return 'alreadySent';
    case 'failed':
      return 'failed';
    case 'unconfirmed':
      return 'unconfirmed';
    case 'sending': {
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
        return retaken.count === 1 ? 'claimed' : 'temporary';
      }
      return finish(db, key, 'unconfirmed', {
        lastError: 'an attempt stopped while sending; delivery cannot be confirmed, not resent',
      });
    }
    default:
      throw new Error(`notice ${key} has unknown status ${row.status}`);
  }
}

function heartbeatIfInActivity(done: number): void {
  try {
    heartbeat(done);
  } catch {
    // Called outside an activity (the raw-floor benchmark): nothing to tell.
  }
}
