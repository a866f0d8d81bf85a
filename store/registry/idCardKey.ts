/**
 * The key of ID-card hashes (HMAC-SHA256): outside the database, so that a copy of the database
 * alone cannot be searched for a guessed number. YZ_ID_CARD_KEY (hex), or a file in the data
 * folder made on first use, 0600; a file others may read is refused. Losing it means matching by
 * ID-card number starts again from the next import; back it up with the database.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../common/errors';

export interface IdCardKeySource {
  /** YZ_ID_CARD_KEY: 64 or more hex digits. */
  value?: string | undefined;
  /** YZ_ID_CARD_KEY_FILE, default `<data folder>/id-card.key`. */
  file: string;
}

const KEY_HEX = /^[0-9a-f]{64,}$/i;
const loaded = new Map<string, Buffer>();

function readKeyFile(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new ConfigError(
      `身份证号密钥文件权限过宽 / the ID-card key file ${file} may be read by others (mode ${mode.toString(8)}): chmod 600 ${file}`,
    );
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!KEY_HEX.test(text)) {
    throw new ConfigError(
      `身份证号密钥文件 ${file} 中没有密钥（须为 64 位或以上十六进制数字） / the ID-card key file ${file} holds no key (64 or more hex digits)`,
    );
  }
  return Buffer.from(text, 'hex');
}

/** The key: the environment's, else the file's, made (0600) when there is none yet. */
export function loadIdCardKey(source: IdCardKeySource): Buffer {
  if (source.value) {
    if (!KEY_HEX.test(source.value)) {
      throw new ConfigError(
        'YZ_ID_CARD_KEY 须为 64 位或以上十六进制数字（32 字节或以上） / YZ_ID_CARD_KEY must be 64 or more hex digits (32 bytes or more)',
      );
    }
    return Buffer.from(source.value, 'hex');
  }
  const cached = loaded.get(source.file);
  if (cached) return cached;
  try {
    mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 });
    writeFileSync(source.file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(source.file, 0o600); // a umask cannot widen it, but an odd one may have narrowed it
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Made before (or by another process at the same moment): that one is the key.
  }
  const key = readKeyFile(source.file);
  loaded.set(source.file, key);
  return key;
}
