/**
 * The notice outbox's bulk steps as one SQL statement per group of rows. Prisma 7 builds and
 * decodes each row in JavaScript (createMany, updateManyAndReturn) and issues one statement per
 * `update`; a wave of thousands of notices spent most of its worker CPU there. Values go through
 * Prisma.sql, so the driver adapter encodes dates as the Prisma client does, and placeholders
 * suit the provider. The statements are plain SQL that SQLite (≥ 3.35, RETURNING and UPDATE …
 * FROM) and PostgreSQL both run; VALUES columns are column1, column2, … in both.
 */
import { Prisma } from '../../generated/prisma/sqlite/client';
import type { Db } from '../db';
import { insertMany } from '../bulkInsert';
import { chunk } from '../../workflows/rules/chunk';

/** Keys per statement: well under both databases' limits on bound variables. */
const KEYS_PER_STATEMENT = 500;

export interface NewNotice {
  key: string;
  personId: string;
  template: string;
  locale: string;
  /** JSON of ids and non-personal values. */
  params: string;
  workflowId: string;
}

const NEW_COLUMNS = [
  'key',
  'personId',
  'channel',
  'template',
  'locale',
  'params',
  'status',
  'attempts',
  'workflowId',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Creates a `pending` row for each key that has none; a key already there (a retry, or the same
 * key twice) is left exactly as it is. Returns the rows created.
 */
export function insertPendingNotices(db: Db, rows: readonly NewNotice[], now: Date) {
  return insertMany(
    db,
    'Notice',
    NEW_COLUMNS,
    rows.map((r) => [
      r.key,
      r.personId,
      'email',
      r.template,
      r.locale,
      r.params,
      'pending',
      0,
      r.workflowId,
      now,
      now,
    ]),
    { skipExisting: ['key'] },
  );
}

/**
 * Claims the `pending` rows among `keys` for sending (`pending → sending`, one attempt more) in
 * one statement, and answers the keys this call claimed; a key in any other state is not.
 */
export async function claimPendingNotices(
  db: Db,
  keys: readonly string[],
  now: Date,
): Promise<string[]> {
  const claimed: string[] = [];
  for (const part of chunk(keys, KEYS_PER_STATEMENT)) {
    const rows = await db.$queryRaw<{ key: string }[]>`
      UPDATE "Notice"
      SET "status" = 'sending', "claimedAt" = ${now}, "attempts" = "attempts" + 1,
          "updatedAt" = ${now}
      WHERE "key" IN (${Prisma.join(part)}) AND "status" = 'pending'
      RETURNING "key"`;
    for (const r of rows) claimed.push(r.key);
  }
  return claimed;
}

export interface SentNotice {
  key: string;
  subject: string;
  toAddress: string;
  /** The SMTP server's answer. */
  providerId: string;
}

/**
 * Records sent notices (with what was sent and the server's answer) in one statement per group.
 * Whatever state another attempt left meanwhile, the message did go: `sent` is the truth.
 * Returns the rows changed.
 */
export async function markNoticesSent(
  db: Db,
  sent: readonly SentNotice[],
  now: Date,
): Promise<number> {
  let changed = 0;
  // Four values a row: a quarter of the keys per statement keeps the bound variables alike.
  for (const part of chunk(sent, KEYS_PER_STATEMENT / 4)) {
    const values = Prisma.join(
      part.map((s) => Prisma.sql`(${s.key}, ${s.subject}, ${s.toAddress}, ${s.providerId})`),
    );
    changed += await db.$executeRaw`
      UPDATE "Notice"
      SET "status" = 'sent', "subject" = v.column2, "toAddress" = v.column3,
          "providerId" = v.column4, "sentAt" = ${now}, "lastError" = NULL, "updatedAt" = ${now}
      FROM (VALUES ${values}) AS v
      WHERE "Notice"."key" = v.column1`;
  }
  return changed;
}
