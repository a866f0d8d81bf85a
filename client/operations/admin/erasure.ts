/**
 * `yz person erase <id>` / `POST /people/:id/erase`: a person's personal data anonymised in the
 * database (store/people/erasure.ts, one transaction, recorded with who and when) and the stored
 * copies of the mails sent to them removed from the sink's folder. Admin only.
 */
import { messageIdFor } from '../../../activities/notices/deliver';
import { removeStoredMails } from '../../../runtime/mailSink';
import { erasePerson, type Erasure } from '../../../store/people/erasure';
import { InputError } from '../../../common/errors';
import type { Db } from '../../../store/db';

export interface PersonErasureResult extends Omit<Erasure, 'noticeKeys'> {
  /** Stored mails removed from the mail folder. */
  mailsRemoved: number;
}

export async function erasePersonalData(
  ctx: { db: Db; mailDirs: string[] },
  personId: string,
  erasedBy: string,
): Promise<PersonErasureResult> {
  if (!erasedBy.trim())
    throw new InputError('缺少删除操作人 / erasedBy is empty: an erasure names who did it');
  const { noticeKeys, ...erasure } = await erasePerson(ctx.db, personId, erasedBy);
  const messageIds = noticeKeys.map(messageIdFor);
  let mailsRemoved = 0;
  for (const dir of new Set(ctx.mailDirs)) mailsRemoved += removeStoredMails(dir, messageIds);
  return { ...erasure, mailsRemoved };
}
