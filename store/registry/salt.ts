/**
 * The installation's salt for ID-card hashes: made once, at random, and kept in the database so
 * every process (CLI, API, worker) hashes alike. Losing it means re-importing ID-card numbers.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';

const KEY = 'registry.id-card-salt';

export async function idCardSalt(db: Db): Promise<string> {
  const found = await db.setting.findUnique({ where: { key: KEY } });
  if (found) return found.value;
  try {
    await db.setting.create({ data: { key: KEY, value: randomBytes(32).toString('hex') } });
  } catch {
    // Another process made it first; theirs is the one.
  }
  const made = await db.setting.findUniqueOrThrow({ where: { key: KEY } });
  return made.value;
}
