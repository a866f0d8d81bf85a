/**
 * Configuration, read once from the environment and validated at start-up.
 * A bad value stops start-up with one line naming the variable and the value.
 * Every external part can be replaced here: Temporal, the database, the SMTP server.
 */
import { providerOf, redactUrl, type DbProvider } from '../prisma/adapters';
import { parseQuietHours, type QuietHours } from '../workflows/rules/quietHours';
import { isValidTimeZone } from '../workflows/rules/zonedTime';
import { ConfigError } from '../common/errors';

export interface Config {
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string };
  database: { url: string; provider: DbProvider };
  smtp: { url: string; from: string; pool: { maxConnections: number; maxMessages: number } };
  timeZone: string;
  quietHours: QuietHours | null;
  api: { host: string; port: number; token: string | undefined };
  /** Where the embedded SMTP sink keeps every message (one .eml file each). */
  mailDir: string;
  dataDir: string;
  /** The CJK font completion certificates (PDF) are set in; checked when one is rendered. */
  certificateFont: { path: string; name: string };
}

/** Pooled connections to the embedded sink (no SMTP_URL): it is on loopback and takes them all. */
export const EMBEDDED_SINK_POOL_CONNECTIONS = 20;

const DEFAULTS = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TASK_QUEUE: 'yanzhen',
  TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
  YZ_DATA_DIR: '.data',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  MAIL_FROM: '雁阵 Yanzhen <noreply@yanzhen.local>',
  YZ_TIME_ZONE: 'Asia/Shanghai',
  YZ_QUIET_HOURS: '21:00-08:00',
  API_HOST: '127.0.0.1',
  API_PORT: '8080',
  /** An outside SMTP relay (SMTP_URL set): relays limit connections per client. */
  SMTP_POOL_CONNECTIONS: '5',
  YZ_CJK_FONT: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  YZ_CJK_FONT_NAME: 'NotoSansCJKsc-Regular',
} as const;

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value === '' ? DEFAULTS[name] : value;
}

function fail(name: string, value: string, why: string): never {
  throw new ConfigError(`${name}="${value}" ${why}`);
}

function positiveInt(env: Env, name: keyof typeof DEFAULTS, max: number): number {
  const raw = read(env, name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    fail(name, raw, `is not a whole number from 1 to ${max}`);
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const address = read(env, 'TEMPORAL_ADDRESS');
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(address))
    fail('TEMPORAL_ADDRESS', address, 'is not host:port');

  const dataDir = read(env, 'YZ_DATA_DIR');
  const dbUrl = env.DATABASE_URL || `file:${dataDir}/yanzhen.db`;
  let provider: DbProvider;
  try {
    provider = providerOf(dbUrl);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }

  const smtpUrl = read(env, 'SMTP_URL');
  if (!/^smtps?:\/\/[^/\s]+(:\d+)?\/?/.test(smtpUrl))
    fail(
      'SMTP_URL',
      redactUrl(smtpUrl),
      'must look like smtp://host:port or smtps://user:pass@host:port',
    );

  const timeZone = read(env, 'YZ_TIME_ZONE');
  if (!isValidTimeZone(timeZone)) fail('YZ_TIME_ZONE', timeZone, 'is not an IANA time zone');

  const quietRaw = read(env, 'YZ_QUIET_HOURS');
  let quietHours: QuietHours | null = null;
  if (quietRaw !== 'off') {
    try {
      quietHours = parseQuietHours(quietRaw);
    } catch (e) {
      fail('YZ_QUIET_HOURS', quietRaw, (e as Error).message);
    }
  }

  return {
    temporal: {
      address,
      namespace: read(env, 'TEMPORAL_NAMESPACE'),
      taskQueue: read(env, 'TASK_QUEUE'),
      uiUrl: read(env, 'TEMPORAL_UI_URL').replace(/\/$/, ''),
    },
    database: { url: dbUrl, provider },
    smtp: {
      url: smtpUrl,
      from: read(env, 'MAIL_FROM'),
      pool: {
        maxConnections:
          !env.SMTP_URL && !env.SMTP_POOL_CONNECTIONS
            ? EMBEDDED_SINK_POOL_CONNECTIONS
            : positiveInt(env, 'SMTP_POOL_CONNECTIONS', 100),
        maxMessages: 1000,
      },
    },
    timeZone,
    quietHours,
    api: {
      host: read(env, 'API_HOST'),
      port: positiveInt(env, 'API_PORT', 65535),
      token: env.API_TOKEN || undefined,
    },
    mailDir: env.YZ_MAIL_DIR || `${dataDir}/mail`,
    dataDir,
    certificateFont: { path: read(env, 'YZ_CJK_FONT'), name: read(env, 'YZ_CJK_FONT_NAME') },
  };
}
