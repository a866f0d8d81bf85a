/**
 * Who runs `yz` (命令行身份). The CLI opens the database itself, so it needs no server; its user is
 * a real account, resolved once per command:
 * 1. YZ_TOKEN, a personal token (`yz token create`);
 * 2. else the token `yz login` saved in the data folder (`<YZ_DATA_DIR>/cli-token`, mode 0600),
 *    kept only for the database it was made for;
 * 3. else the first admin (`admin`): whoever can run the CLI against this configuration can
 *    already read and write its database file, so the CLI without a token is the installation's
 *    administrator, and is recorded as such.
 * A revoked token or a disabled account stops the command (it never falls back).
 * Writes are refused to viewers; a unit coordinator runs only the commands listed in UNIT_COMMANDS.
 * Every write and every personal-data export is one audit row.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config/env';
import type { Db } from '../../store/db';
import { requireBackfill, type Actor } from '../operations/actor';
import { Forbidden, InputError } from '../../common/errors';
import { canWrite } from '../../workflows/rules/roles';
import type { Scope } from '../../store/auth/scope';
import type { UnitReach } from '../operations/unitScope';

/** Commands that change nothing (`group command`); every other command is a write. */
export const READ_COMMANDS = new Set([
  'announce status',
  'announce list',
  'census status',
  'registry export',
  'registry report',
  'registry rate',
  'person list',
  'person show',
  'unit list',
  'org list',
  'org export',
  'vocab list',
  'exam funnel',
  'exam progress',
  'exam report',
  'exam rewards',
  'exam preview',
  'course status',
  'course roll',
  'course certificate',
  'course report',
  'cohort progress',
  'credits show',
  'credits report',
  'mentoring suggest',
  'mentoring show',
  'mentoring report',
  'mail list',
  'mail read',
  'workflows',
  'history',
  'whoami',
  'user list',
  'token list',
  'audit list',
]);

/** Reads that hand out people's names or details: audited like writes. */
export const EXPORT_COMMANDS = new Set([
  'registry export',
  'person list',
  'person show',
  'exam report',
  'exam rewards',
  'course roll',
  'course certificate',
  'course report',
  'cohort progress',
  'credits show',
  'credits report',
  'mentoring report',
]);

/**
 * What a unit coordinator may run on the CLI and how it is narrowed, as over the API
 * (UnitReach, client/operations/unitScope.ts; UNIT_ROUTES in client/api/scope.ts). Everything
 * else is a district-wide control, refused.
 */
export const UNIT_COMMANDS: Record<string, UnitReach> = {
  whoami: 'own',
  logout: 'own',
  'token list': 'own',
  'token create': 'own',
  'token revoke': 'own',
  'person list': 'unit',
  'person show': 'ids',
  'unit list': 'unit',
  'registry export': 'unit',
  'registry report': 'unit',
  'registry rate': 'unit',
  'exam report': 'unit',
  'exam funnel': 'scoped',
  'exam progress': 'scoped',
  'course roll': 'scoped',
  'course report': 'unit',
  'credits show': 'ids',
  'credits report': 'unit',
  'announce status': 'scoped',
  'mentoring show': 'scoped',
};

/** Commands whose first argument is a person id (checked against a unit coordinator's reach). */
const PERSON_ARGUMENT = new Set(['person show', 'credits show']);
const PERSON_OPTIONS = ['person', 'mentee', 'mentor', 'trainees', 'mentors'];

/**
 * Admin-only commands besides `user …` and `audit …`: erasing a person, backup and restore, the
 * registrations' expiry fix.
 */
export const ADMIN_COMMANDS = new Set([
  'person erase',
  'backup',
  'restore',
  'credits registrations fix-expiry',
]);

/**
 * Commands whose operation writes its own audit row: the erasure in its transaction, a restore
 * into the database it brings back (a row in the replaced one would be lost with it).
 */
const SELF_AUDITED = new Set(['person erase', 'backup', 'restore']);

/** `--by` options that are not the actor: a grouping, or a registry person (mentoring closure). */
const BY_NOT_ACTOR = new Set(['cohort progress', 'mentoring close']);

/** Commands that manage their own identity and audit (login makes the token). */
const SELF_MANAGED = new Set(['login']);

export function commandKey(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

interface TokenFile {
  token: string;
  database: string;
}

export const tokenFilePath = (config: Config) => join(config.dataDir, 'cli-token');

/** The saved token for this database, if any. */
function savedToken(config: Config): string | undefined {
  const path = tokenFilePath(config);
  if (!existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
    return saved.database === config.database.url ? saved.token : undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(config: Config, token: string): string {
  const path = tokenFilePath(config);
  const file: TokenFile = { token, database: config.database.url };
  writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function forgetToken(config: Config): string | undefined {
  const token = savedToken(config);
  rmSync(tokenFilePath(config), { force: true });
  return token;
}

/** The CLI's actor: token, saved token, or the first admin (made when there is no account). */
export async function resolveCliActor(db: Db, config: Config): Promise<Actor> {
  const token = config.cliToken ?? savedToken(config);
  if (token) {
    const { tokenActor } = await import('../../store/auth/tokens');
    const actor = await tokenActor(db, token);
    if (!actor)
      throw new Forbidden(
        `令牌无效、已吊销或账号已停用 / the ${config.cliToken ? 'YZ_TOKEN' : 'saved'} token is unknown, revoked or its account disabled: yz login again`,
      );
    return actor;
  }
  const { bootstrapActor, ensureBootstrapAdmin } = await import('../../store/auth/bootstrap');
  let actor = await bootstrapActor(db);
  if (!actor) {
    await ensureBootstrapAdmin(db);
    actor = await bootstrapActor(db);
  }
  if (!actor)
    throw new Forbidden(
      '首个管理员已停用，请用 YZ_TOKEN 或 yz login / the first admin is disabled: set YZ_TOKEN or yz login',
    );
  return actor;
}

/** Refuses what the actor's role may not run; answers whether the command is audited. */
export function checkCommand(actor: Actor, key: string): { audited: boolean } {
  const read = READ_COMMANDS.has(key);
  if (!read && !canWrite(actor.role))
    throw new Forbidden(`只读账号不能修改 / a viewer account is read-only: yz ${key}`);
  if (actor.role === 'unit' && !UNIT_COMMANDS[key])
    throw new Forbidden(`单位协调员不能使用此命令 / not open to unit coordinators: yz ${key}`);
  if (key.startsWith('user ') || key.startsWith('audit ') || ADMIN_COMMANDS.has(key))
    if (actor.role !== 'admin') throw new Forbidden(`仅管理员可操作 / admins only: yz ${key}`);
  return { audited: !read || EXPORT_COMMANDS.has(key) };
}

/** The command's `--by` takes the actor's username (typed names are ignored). */
export function stampBy(cmd: Command, key: string, actor: Actor): void {
  if (BY_NOT_ACTOR.has(key)) return;
  if (cmd.options.some((o) => o.attributeName() === 'by')) cmd.setOptionValue('by', actor.username);
}

const ID_OPTIONS = ['person', 'unit', 'id', 'series', 'mentee', 'mentor', 'trainees', 'mentors'];

/** The ids a command names: its arguments and id options. */
export function cliTargets(cmd: Command): string[] {
  const out = cmd.args.filter((a) => !a.includes('/') || a.split('/').length === 2);
  const opts = cmd.opts<Record<string, unknown>>();
  for (const o of ID_OPTIONS) {
    const v = opts[o];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return [...new Set(out)];
}

/** The names of the options given (their values may be personal or files). */
export function optionNames(cmd: Command): string[] {
  return Object.keys(cmd.opts()).filter((k) => cmd.getOptionValueSource(k) === 'cli');
}

/** Whether the command was given `--backfill`. */
function backfills(cmd: Command): boolean {
  return cmd.opts<{ backfill?: boolean }>().backfill === true;
}

/** Per-run state: the database the identity uses, the actor, and whether to audit. */
export interface CliIdentity {
  db: Db;
  actor: Actor;
  key: string;
  audited: boolean;
}

export function needsIdentity(key: string): boolean {
  return !SELF_MANAGED.has(key) && key !== '' && !key.startsWith('help');
}

export function invalidOption(message: string): never {
  throw new InputError(message);
}

let current: CliIdentity | undefined;

/** The database the identity was resolved with, for the command to share (closed after it). */
export function identityDb(): Db | undefined {
  return current?.db;
}

/** The resolved identity of this run (set before the command's action). */
export function currentIdentity(): CliIdentity {
  if (!current) throw new Error('the CLI identity is resolved before a command runs');
  return current;
}

/**
 * Before a command: resolve the actor when the command writes, exports personal data or manages
 * accounts, or when a token is given (so a viewer's or unit coordinator's limits hold for reads).
 */
export async function beforeCommand(cmd: Command): Promise<void> {
  const key = commandKey(cmd);
  if (!needsIdentity(key)) return;
  const { loadConfig } = await import('../../config/env');
  const config = loadConfig();
  const accounts = /^(user|token|audit|whoami|logout)\b/.test(key);
  const tokenGiven = Boolean(config.cliToken) || existsSync(tokenFilePath(config));
  if (READ_COMMANDS.has(key) && !EXPORT_COMMANDS.has(key) && !accounts && !tokenGiven) return;
  const { openDb } = await import('../../store/db');
  const db = await openDb(config.database.url);
  try {
    const actor = await resolveCliActor(db, config);
    const { audited } = checkCommand(actor, key);
    if (backfills(cmd)) requireBackfill(actor);
    stampBy(cmd, key, actor);
    if (actor.role === 'unit') await narrowCommand(db, cmd, key, actor);
    current = { db, actor, key, audited: audited && !accounts && !SELF_AUDITED.has(key) };
  } catch (e) {
    await db.$disconnect();
    throw e;
  }
}

const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? v.split(',').map((x) => x.trim())
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

/**
 * A unit coordinator's command: the people and units it names must be in reach (else "not
 * found", as for a missing id), and a list or report without `--unit` takes their unit.
 */
async function narrowCommand(db: Db, cmd: Command, key: string, actor: Actor): Promise<void> {
  const { checkReach } = await import('../operations/unitScope');
  const opts = cmd.opts<Record<string, unknown>>();
  const people = PERSON_OPTIONS.flatMap((o) => strings(opts[o]));
  if (PERSON_ARGUMENT.has(key) && cmd.args[0]) people.push(cmd.args[0]);
  const unitId = typeof opts.unit === 'string' ? opts.unit : undefined;
  const narrowed = await checkReach(db, actor, UNIT_COMMANDS[key], {
    people,
    units: [],
    ...(unitId !== undefined ? { unitId } : {}),
  });
  if (narrowed !== undefined && cmd.options.some((o) => o.attributeName() === 'unit'))
    cmd.setOptionValue('unit', narrowed);
}

/** The reach of this run's actor, for operations that narrow their answer (null: everything). */
export async function cliScope(): Promise<Scope> {
  if (!current) return null;
  const { scopeOfActor } = await import('../operations/unitScope');
  return scopeOfActor(current.db, current.actor);
}

/** After a command that succeeded: its audit row. */
export async function afterCommand(cmd: Command): Promise<void> {
  if (!current?.audited) return;
  const { BACKFILL_ACTION, recordAudit } = await import('../../store/audit');
  await recordAudit(current.db, {
    actor: current.actor,
    action: `${EXPORT_COMMANDS.has(current.key) ? 'export ' : ''}yz ${current.key}${
      backfills(cmd) ? BACKFILL_ACTION : ''
    }`,
    targets: cliTargets(cmd),
    after: { options: optionNames(cmd) },
  });
}

export async function closeIdentity(): Promise<void> {
  const db = current?.db;
  current = undefined;
  await db?.$disconnect();
}
