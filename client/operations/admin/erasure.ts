/**
 * `yz person erase <id>` / `POST /people/:id/erase`: a person's personal data anonymised in the
 * database (store/people/erasure.ts, one transaction, recorded with who and when) and the stored
 * copies of the mails sent to them removed from the sink's folder. Admin only; the actor is the
 * signed-in account, and the erasure writes its own audit row.
 */
import { messageIdFor } from '../../../store/notices/messageId';
import { removeStoredMails } from '../../../runtime/mailSink';
import { erasePerson, type Erasure } from '../../../store/people/erasure';
import type { Db } from '../../../store/db';
import { requireAdmin, type Actor } from '../actor';

export interface PersonErasureResult extends Omit<Erasure, 'noticeKeys'> {
  /** Stored mails removed from the mail folder. */
  mailsRemoved: number;
}

export async function erasePersonalData(
  ctx: { db: Db; mailDirs: string[]; ip?: string },
  actor: Actor,
  personId: string,
): Promise<PersonErasureResult> {
  requireAdmin(actor);
  const { noticeKeys, ...erasure } = await erasePerson(ctx.db, personId, { actor, ip: ctx.ip });
  const messageIds = noticeKeys.map(messageIdFor);
  let mailsRemoved = 0;
  for (const dir of new Set(ctx.mailDirs)) mailsRemoved += removeStoredMails(dir, messageIds);
  return { ...erasure, mailsRemoved };
}
