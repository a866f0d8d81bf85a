/**
 * Configuration: every environment variable the product reads, parsed here and nowhere else
 * (README, 配置 / Configuration). `loadConfig` reads and validates everything once at start-up:
 * a bad value stops start-up with one line naming the variable and the value. Every external part
 * can be replaced here: Temporal, the database, the SMTP server.
 * `settings()` is the part that cannot be wrong (names, paths, switches), read on first use
 * without failing, for code that runs before or without a configuration: the CLI's defaults and
 * the launchers of the embedded runtime.
 */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { providerOf, redactUrl, type DbProvider } from '../prisma/urls';
import { parseQuietHours, type QuietHours } from '../workflows/rules/quietHours';
import { isValidTimeZone } from '../workflows/rules/zonedTime';
import { ConfigError } from '../common/errors';

/** Where the embedded runtime's binaries are (scripts/ensure-tools.sh puts them in the cache). */
export interface ToolPaths {
  /** YZ_CACHE: built and downloaded tools; default ~/.cache/yanzhen. */
  cacheDir: string;
  /** TEMPORAL_CLI: the Temporal CLI (dev server); else .tools/bin, the cache, then PATH. */
  temporalCli: string | undefined;
  /** TEMPORAL_TEST_SERVER: the Java time-skipping test server's wrapper; default in the cache. */
  testServer: string;
  /** YZ_SDK_DOWNLOAD=1: the SDK downloads its own test server instead (needs internet). */
  sdkDownload: boolean;
  /** PATH, split: where `temporal` is looked for last. */
  searchPath: string[];
}

export interface Settings {
  /** The old `--by` default (USER, else "cli"); `--by` is now ignored: the signed-in account acts. */
  defaultActor: string;
  /** YZ_TOKEN: the CLI's personal token (yzt_…); else the one `yz login` saved, else the first admin. */
  cliToken: string | undefined;
  /** YZ_DEBUG (any value): the CLI prints the stack of an unexpected error. */
  debug: boolean;
  /** YZ_DEBUG_MIGRATIONS (any value): the schema engine's log goes to stderr while migrating. */
  debugMigrations: boolean;
  tools: ToolPaths;
  /** TEST_DATABASE_URL_PG: the PostgreSQL server `db:new-migration` diffs against (shadow database). */
  migrationPgUrl: string | undefined;
  /**
   * The key of ID-card hashes: YZ_ID_CARD_KEY (64+ hex digits), else the file YZ_ID_CARD_KEY_FILE
   * (default `<YZ_DATA_DIR>/id-card.key`, made 0600 on first use). Checked when it is loaded.
   */
  idCardKey: { value: string | undefined; file: string };
}

export interface Config extends Settings {
  /** `embedded`: no TEMPORAL_ADDRESS, so `npm start` runs its own dev server. */
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    embedded: boolean;
    /** YZ_TEMPORAL_UI_WRITE: the embedded Web UI keeps its write actions (default: read-only). */
    uiWritable: boolean;
  };
  database: { url: string; provider: DbProvider };
  /** `embedded`: no SMTP_URL, so `npm start` runs its own SMTP sink. */
  smtp: {
    url: string;
    from: string;
    pool: { maxConnections: number; maxMessages: number };
    embedded: boolean;
    tls: SmtpTls;
  };
  timeZone: string;
  quietHours: QuietHours | null;
  api: { host: string; port: number; token: string | undefined };
  /** Accounts and the console's sessions (README, 账号 / Accounts). */
  auth: AuthConfig;
  /** YZ_LOG_LEVEL: the API's log (JSON lines on stdout, personal fields redacted). */
  log: { level: LogLevel };
  /** Where the embedded SMTP sink keeps every message (one .eml file each). */
  mailDir: string;
  /**
   * YZ_SINK_DIR, for a standalone worker whose mail server is the embedded sink: the sink's folder,
   * where a notice whose sender died mid-send is confirmed instead of being left unconfirmed.
   */
  sinkDir: string | undefined;
  dataDir: string;
  /**
   * YZ_PAYLOAD_KEYS: the keys Temporal payloads are encrypted with (`<id>:<base64 of 32 bytes>`,
   * comma-separated, current first); unset: the data folder's `payload-keys` file, made on first
   * start (runtime/payloadKeys.ts).
   */
  payloadKeys: string | undefined;
  /** How long stored mails and sent notices are kept before the scheduled clean-up deletes them. */
  retention: Retention;
  /** The CJK font completion certificates (PDF) are set in; checked when one is rendered. */
  certificateFont: { path: string; name: string };
}

export interface AuthConfig {
  /** YZ_SESSION_HOURS: how long a console login lasts (default 12). */
  sessionTtlMs: number;
  /** YZ_ADMIN_PASSWORD: the first admin's password; generated and printed once when absent. */
  adminPassword: string | undefined;
  /** YZ_COOKIE_SECURE: mark the session cookie Secure (behind HTTPS); default off (loopback). */
  cookieSecure: boolean;
  /** YZ_LOGIN_ATTEMPTS: wrong passwords allowed per username and address per 15 minutes (default 5). */
  loginAttempts: number;
}

/**
 * TLS to the SMTP server. `require`: SMTP_REQUIRE_TLS, on by default for a relay off this machine:
 * the mailer refuses to send unless the connection is encrypted (smtps, or STARTTLS). `verify`:
 * SMTP_TLS_VERIFY, the server's certificate is checked; off only when set to false.
 */
export interface SmtpTls {
  require: boolean;
  verify: boolean;
}

/**
 * Retention in days; `null` keeps for ever (the variable set to `off`). YZ_MAIL_RETENTION_DAYS
 * (default 90): the embedded sink's stored mails (copies of what was sent). YZ_NOTICE_RETENTION_DAYS
 * (default 365): notices finished (sent, failed, cancelled) that long ago, with their rendered texts.
 */
export interface Retention {
  mailDays: number | null;
  noticeDays: number | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  YZ_LOG_LEVEL: 'info',
  YZ_MAIL_RETENTION_DAYS: '90',
  YZ_NOTICE_RETENTION_DAYS: '365',
  YZ_SESSION_HOURS: '12',
  YZ_LOGIN_ATTEMPTS: '5',
} as const;

type Env = Record<string, string | undefined>;

/**
 * Node flags for a long-running worker process: a bounded heap keeps its memory flat, and young
 * generations of 8 MB semi-spaces (16 by default) in each isolate — the main one and the workflow
 * thread's — hold ~30 MB less with no measured loss of speed (bench/campaign).
 * `npm run worker`, `npm start` (scripts/start.sh) and the benches use the same.
 */
export const WORKER_NODE_ARGS = ['--max-old-space-size=256', '--max-semi-space-size=8'];

/**
 * Environment for a worker process: glibc's malloc makes an arena per thread (the Temporal core's
 * and libuv's threads, 17 in all), each keeping freed memory; two arenas hold ~70 MB less
 * resident memory for the same work (bench/campaign, 500 people: 460 → 389 MB).
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' } as const;

export function loadSettings(env: Env = process.env): Settings {
  const cacheDir = env.YZ_CACHE ?? join(homedir(), '.cache', 'yanzhen');
  return {
    defaultActor: env.USER || 'cli',
    cliToken: env.YZ_TOKEN || undefined,
    debug: Boolean(env.YZ_DEBUG),
    debugMigrations: Boolean(env.YZ_DEBUG_MIGRATIONS),
    tools: {
      cacheDir,
      temporalCli: env.TEMPORAL_CLI || undefined,
      testServer: env.TEMPORAL_TEST_SERVER ?? join(cacheDir, 'bin', 'temporal-test-server'),
      sdkDownload: env.YZ_SDK_DOWNLOAD === '1',
      searchPath: (env.PATH ?? '').split(delimiter).filter(Boolean),
    },
    migrationPgUrl: env.TEST_DATABASE_URL_PG || undefined,
    idCardKey: {
      value: env.YZ_ID_CARD_KEY || undefined,
      file: env.YZ_ID_CARD_KEY_FILE || join(read(env, 'YZ_DATA_DIR'), 'id-card.key'),
    },
  };
}

let current: Settings | undefined;

/** This process's settings, read from process.env on first use. */
export function settings(): Settings {
  current ??= loadSettings(process.env);
  return current;
}

function read(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value === '' ? DEFAULTS[name] : value;
}

function fail(name: string, value: string, why: string): never {
  throw new ConfigError(`${name}="${value}" ${why}`);
}

const SWITCHES: Record<string, boolean> = {
  true: true,
  '1': true,
  on: true,
  yes: true,
  false: false,
  '0': false,
  off: false,
  no: false,
};

/** A yes/no variable: true/false, 1/0, on/off, yes/no; absent or empty → `fallback`. */
function switchOf(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = SWITCHES[raw.trim().toLowerCase()];
  if (value === undefined) fail(name, raw, 'must be true or false');
  return value;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

function smtpTls(env: Env, smtpUrl: string): SmtpTls {
  // An outside relay: SMTP_URL set to a host that is not this machine.
  const outside = Boolean(env.SMTP_URL) && !LOOPBACK.test(new URL(smtpUrl).hostname);
  const tls = {
    require: switchOf(env, 'SMTP_REQUIRE_TLS', outside),
    verify: switchOf(env, 'SMTP_TLS_VERIFY', true),
  };
  if (tls.require && !env.SMTP_URL)
    fail(
      'SMTP_REQUIRE_TLS',
      env.SMTP_REQUIRE_TLS ?? '',
      'needs SMTP_URL: the embedded SMTP sink on loopback offers no TLS',
    );
  return tls;
}

function positiveInt(env: Env, name: keyof typeof DEFAULTS, max: number): number {
  const raw = read(env, name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    fail(name, raw, `is not a whole number from 1 to ${max}`);
  return n;
}

/** Days to keep, or `off` (null: kept for ever). */
function retentionDays(env: Env, name: keyof typeof DEFAULTS): number | null {
  if (read(env, name).trim().toLowerCase() === 'off') return null;
  return positiveInt(env, name, 36_500);
}

function adminPassword(env: Env): string | undefined {
  const value = env.YZ_ADMIN_PASSWORD || undefined;
  if (value !== undefined && value.length < 10)
    fail('YZ_ADMIN_PASSWORD', '…', 'must be at least 10 characters');
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const address = read(env, 'TEMPORAL_ADDRESS');
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(address))
    fail('TEMPORAL_ADDRESS', address, 'is not host:port');

  const dataDir = read(env, 'YZ_DATA_DIR');
  const idCardKey = env.YZ_ID_CARD_KEY;
  if (idCardKey && !/^[0-9a-f]{64,}$/i.test(idCardKey))
    fail('YZ_ID_CARD_KEY', '(hidden)', 'must be 64 or more hex digits (32 bytes or more)');
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

  const logLevel = read(env, 'YZ_LOG_LEVEL');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    fail('YZ_LOG_LEVEL', logLevel, `must be one of ${LOG_LEVELS.join(', ')}`);

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
    ...loadSettings(env),
    temporal: {
      address,
      namespace: read(env, 'TEMPORAL_NAMESPACE'),
      taskQueue: read(env, 'TASK_QUEUE'),
      uiUrl: read(env, 'TEMPORAL_UI_URL').replace(/\/$/, ''),
      embedded: !env.TEMPORAL_ADDRESS,
      uiWritable: switchOf(env, 'YZ_TEMPORAL_UI_WRITE', false),
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
      embedded: !env.SMTP_URL,
      tls: smtpTls(env, smtpUrl),
    },
    timeZone,
    quietHours,
    api: {
      host: read(env, 'API_HOST'),
      port: positiveInt(env, 'API_PORT', 65535),
      token: env.API_TOKEN || undefined,
    },
    auth: {
      sessionTtlMs: positiveInt(env, 'YZ_SESSION_HOURS', 24 * 30) * 3_600_000,
      adminPassword: adminPassword(env),
      cookieSecure: switchOf(env, 'YZ_COOKIE_SECURE', false),
      loginAttempts: positiveInt(env, 'YZ_LOGIN_ATTEMPTS', 100),
    },
    log: { level: logLevel as LogLevel },
    mailDir: env.YZ_MAIL_DIR || `${dataDir}/mail`,
    sinkDir: env.YZ_SINK_DIR || undefined,
    dataDir,
    payloadKeys: env.YZ_PAYLOAD_KEYS || undefined,
    retention: {
      mailDays: retentionDays(env, 'YZ_MAIL_RETENTION_DAYS'),
      noticeDays: retentionDays(env, 'YZ_NOTICE_RETENTION_DAYS'),
    },
    certificateFont: { path: read(env, 'YZ_CJK_FONT'), name: read(env, 'YZ_CJK_FONT_NAME') },
  };
}
