/**
 * Mainland resident ID-card numbers (GB 11643-1999): 17 digits and a check character. The
 * registry keeps only a keyed hash of the number, for matching, and a masked form to show.
 */
import { createHash, createHmac } from 'node:crypto';
import { toHalfWidth } from '../../workflows/rules/rosterText';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Full-width digits made ASCII, spaces dropped, a trailing x upper-cased. */
export function normalizeIdCard(written: string): string {
  return toHalfWidth(written).replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return CHECK[sum % 11]!;
}

/**
 * Why a (normalized) number is not a valid ID-card number, or undefined when it is: 18
 * characters, a region code, a real birth date not after `today`, and the right check character.
 */
export function idCardProblem(id: string, today = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id))
    return '须为 18 位：17 位数字加一位数字或 X / must be 18 characters: 17 digits and a digit or X';
  if (id[0] === '0') return '开头不是行政区划代码 / does not start with a region code';
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number) as [
    number,
    number,
    number,
  ];
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
    return `出生日期不存在（${id.slice(6, 14)}） / holds no real birth date (${id.slice(6, 14)})`;
  }
  if (born.getTime() > today.getTime()) return '出生日期在将来 / holds a birth date in the future';
  const check = idCardCheckChar(id.slice(0, 17));
  if (id[17] !== check)
    return `校验码错误（应为 ${check}） / check character is wrong (expected ${check})`;
  return undefined;
}

/**
 * The salted SHA-256 (hex) of a normalized number: what the registry stored before keyed hashes
 * (the salt is in the database, so alone it does not stop a guess of every birth date and region).
 */
export function legacyIdCardHash(id: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${id}`).digest('hex');
}

/** Marks a keyed hash, so that legacy hashes are told apart and migrated once. */
export const KEYED_PREFIX = 'k1:';

/**
 * The keyed hash of a legacy hash: HMAC-SHA256 under a key that is not in the database. Built on
 * the legacy hash (not the number) so that stored hashes migrate without the numbers.
 */
export function keyLegacyHash(legacy: string, key: Buffer): string {
  return KEYED_PREFIX + createHmac('sha256', key).update(legacy).digest('hex');
}

/** The stored hash of a normalized number: keyed (HMAC-SHA256) over the salted hash. */
export function hashIdCard(id: string, salt: string, key: Buffer): string {
  return keyLegacyHash(legacyIdCardHash(id, salt), key);
}

/** "310101199001011234" → "3101**********1234": the region and the last four, as offices check. */
export function maskIdCard(id: string): string {
  return id.length <= 8
    ? '*'.repeat(id.length)
    : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
