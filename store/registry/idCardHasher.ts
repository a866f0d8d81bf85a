/**
 * Hashing ID-card numbers as the registry stores them, and moving hashes stored before keyed
 * hashing (salted SHA-256, salt in the Setting table) onto the key. The move needs no numbers:
 * a keyed hash is the HMAC of the salted hash. It runs at start and before any hashing, and
 * touches only hashes without the keyed mark, so it is idempotent.
 */
import type { Db } from '../db';
import { chunk } from '../../workflows/rules/chunk';
import { hashIdCard, keyLegacyHash, KEYED_PREFIX } from './idCard';
import { idCardSalt } from './salt';
import { loadIdCardKey } from './idCardKey';
import { settings } from '../../config/env';

/** Stored hashes of one person's number: what `hash(normalizedNumber)` gives. */
export type IdCardHash = (normalizedId: string) => string;

/** Moves every legacy hash onto the key; returns how many moved. */
export async function migrateIdCardHashes(db: Db, key: Buffer): Promise<number> {
  const legacy = await db.person.findMany({
    where: { idCardHash: { not: null }, NOT: { idCardHash: { startsWith: KEYED_PREFIX } } },
    select: { id: true, idCardHash: true },
  });
  for (const part of chunk(legacy, 500)) {
    await db.$transaction(
      part.map((p) =>
        db.person.updateMany({
          // Only if still the legacy hash: a concurrent run leaves it done once.
          where: { id: p.id, idCardHash: p.idCardHash },
          data: { idCardHash: keyLegacyHash(p.idCardHash!, key) },
        }),
      ),
    );
  }
  return legacy.length;
}

/** The hasher for this installation (legacy hashes migrated first, so that they match). */
export async function idCardHasher(db: Db, key: Buffer): Promise<IdCardHash> {
  await migrateIdCardHashes(db, key);
  const salt = await idCardSalt(db);
  return (id) => hashIdCard(id, salt, key);
}

/** The hasher with this process's key (YZ_ID_CARD_KEY or the data folder's key file). */
export async function installationIdCardHasher(db: Db): Promise<IdCardHash> {
  return idCardHasher(db, loadIdCardKey(settings().idCardKey));
}
