/**
 * 载荷密钥 / The payload keys, kept outside the database: YZ_PAYLOAD_KEYS, or else the file
 * `payload-keys` in the data folder (0600), made with one random key on first start.
 * One key a line, `<id> <base64 of 32 bytes>` (in YZ_PAYLOAD_KEYS: `<id>:<base64>`, entries
 * separated by commas), the current key first; the lines below it are
 * older keys, kept so histories written under them still decrypt. `rotatePayloadKey` puts a new
 * key on top (README, 数据目录 / The data folder).
 */
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../common/errors';
import { PRIVATE_FILE_MODE } from './dataDir';

export const PAYLOAD_KEY_FILE = 'payload-keys';

export interface PayloadKeyRing {
  /** Newest first: `keys[0]` encrypts. */
  keys: { id: string; key: KeyObject }[];
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses key lines (`#` comments and blank lines skipped); `source` names where they came from. */
export function parsePayloadKeys(text: string, source: string): PayloadKeyRing {
  const keys: PayloadKeyRing['keys'] = [];
  // Comment lines go first: they may hold commas, which separate entries of YZ_PAYLOAD_KEYS.
  const entries = text
    .split(/\r?\n/)
    .filter((l) => !l.trim().startsWith('#'))
    .flatMap((l) => l.split(','))
    .map((l) => l.trim())
    .filter(Boolean);
  entries.forEach((line, i) => {
    const [, id, b64] = /^(\S+?)[\s:]+(\S+)$/.exec(line) ?? [];
    const bytes = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!id || !ID.test(id) || bytes.length !== 32)
      throw new ConfigError(
        `${source} 第 ${i + 1} 条：应为“<编号> <32 字节的 base64>”（编号由字母、数字、. _ - 组成） / ` +
          `${source}, entry ${i + 1}: expected "<id> <base64 of 32 bytes>" (id of letters, digits, . _ -)`,
      );
    if (keys.some((k) => k.id === id))
      throw new ConfigError(
        `${source} 第 ${i + 1} 条：密钥编号“${id}”重复 / ${source}, entry ${i + 1}: key id "${id}" appears twice`,
      );
    keys.push({ id, key: createSecretKey(bytes) });
  });
  if (keys.length === 0)
    throw new ConfigError(`${source}：没有载荷密钥 / ${source}: no payload key`);
  return { keys };
}

/** One random key held in memory only: a throw-away server's (the preview's, a test's). */
export function ephemeralPayloadKeyRing(): PayloadKeyRing {
  return {
    keys: [
      { id: `ephemeral-${randomBytes(3).toString('hex')}`, key: createSecretKey(randomBytes(32)) },
    ],
  };
}

/** A new key line: a dated id (so one can tell the keys apart) and 32 random bytes. */
export function newPayloadKeyLine(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `k${day}-${randomBytes(3).toString('hex')} ${randomBytes(32).toString('base64')}`;
}

/**
 * The key file's ring, made on first use. Two processes starting at once agree: the file is
 * written aside and linked into place, which fails for the second, who then reads the first's.
 */
export function loadPayloadKeyFile(dataDir: string): PayloadKeyRing {
  const file = join(dataDir, PAYLOAD_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(
      aside,
      `# 载荷密钥 / Temporal payload keys: current first, older below (never delete a key still in a history)\n${newPayloadKeyLine()}\n`,
      { mode: PRIVATE_FILE_MODE },
    );
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(aside, { force: true });
    }
    text = readFileSync(file, 'utf8');
  }
  return parsePayloadKeys(text, file);
}

/** The installation's keys: YZ_PAYLOAD_KEYS when given, else the data folder's key file. */
export function payloadKeyRing(config: {
  payloadKeys: string | undefined;
  dataDir: string;
}): PayloadKeyRing {
  return config.payloadKeys
    ? parsePayloadKeys(config.payloadKeys, 'YZ_PAYLOAD_KEYS')
    : loadPayloadKeyFile(config.dataDir);
}

/** Puts a new current key on top of the data folder's key file; returns its id. */
export function rotatePayloadKey(dataDir: string): string {
  const file = join(dataDir, PAYLOAD_KEY_FILE);
  loadPayloadKeyFile(dataDir); // made if missing, checked if present
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = newPayloadKeyLine();
  const firstKey = lines.findIndex((l) => l.trim() && !l.trim().startsWith('#'));
  lines.splice(firstKey, 0, line);
  const aside = `${file}.${process.pid}.rotate`;
  writeFileSync(aside, lines.join('\n'), { mode: PRIVATE_FILE_MODE });
  // rename is atomic: a process reading the file sees the old ring or the new, never half.
  renameSync(aside, file);
  return line.split(' ')[0]!;
}
