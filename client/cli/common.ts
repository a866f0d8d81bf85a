/**
 * What every `yz` command shares: the session (configuration and connections, opened on first
 * use), the wrapper that prints text or JSON, option parsers and the plain-text table.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig, settings, type Config } from '../../config/env';
import { formatZoned, zoneName } from '../../workflows/rules/zonedTime';
import { parseInstant } from '../../workflows/rules/timeInput';
import type { StoreContext, YzContext } from '../operations/context';
import { workflowUiUrl } from '../operations/admin/display';
import { isUserError as isYzError } from '../../common/errors';

/** What a command answers: `data` for --json, `text` lines otherwise. */
export interface Answer {
  data: unknown;
  text: string[];
  /** Exit code when the command ran but the outcome is a failure (default 0). */
  exitCode?: number;
}

/**
 * Configuration and connections, opened on first use and closed after the command. `store()`
 * opens the database alone; `context()` adds Temporal (over the same database when opened).
 */
export class Session {
  private cfg?: Config;
  private db?: Promise<StoreContext>;
  private ctx?: Promise<YzContext>;
  constructor(readonly json: boolean) {}

  config(): Config {
    this.cfg ??= loadConfig();
    return this.cfg;
  }

  /** The database only: for commands that never reach Temporal (they start faster). */
  store(): Promise<StoreContext> {
    if (this.ctx) return this.ctx;
    // Imported on first use: a command that needs no connection starts without Prisma.
    this.db ??= (async () => {
      const [{ openStore }, { identityDb }] = await Promise.all([
        import('../operations/context'),
        import('./identity'),
      ]);
      // The database the signed-in account was checked with, when there is one: one connection.
      return openStore(this.config(), identityDb());
    })();
    return this.db;
  }

  context(): Promise<YzContext> {
    this.ctx ??= (async () => {
      const { openContext } = await import('../operations/context');
      const store = this.db && (await this.db);
      this.db = undefined; // now the context's to close
      return openContext(this.config(), store);
    })();
    return this.ctx;
  }

  /** Set once a time has been shown, so the answer names the zone once, at its end. */
  private shownTime = false;

  /** A time as people read it, in the program's zone: "2026年12月13日 09:00". */
  local(iso: string | Date | null | undefined): string {
    if (!iso) return '-';
    this.shownTime = true;
    return formatZoned(new Date(iso), this.config().timeZone);
  }

  /** The line naming the zone, when the answer showed a time. */
  zoneLine(): string[] {
    return this.shownTime ? [`时区 / time zone: ${zoneName(this.config().timeZone)}`] : [];
  }

  async close(): Promise<void> {
    for (const opened of [this.ctx, this.db])
      if (opened) await (await opened.catch(() => undefined))?.close();
  }
}

/** The vocabulary's errors, and commander's for a bad option value. */
export function isUserError(e: unknown): e is Error {
  return isYzError(e) || e instanceof InvalidArgumentError;
}

function jsonMode(cmd: Command): boolean {
  return Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
}

/** Wraps a command body: session, output, clean-up. Commander passes (...args, options, command). */
export function act<A extends unknown[]>(
  body: (s: Session, ...args: A) => Promise<Answer>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const cmd = args[args.length - 1] as Command;
    const session = new Session(jsonMode(cmd));
    try {
      const answer = await body(session, ...(args.slice(0, -1) as A));
      if (session.json) process.stdout.write(`${JSON.stringify(answer.data, null, 2)}\n`);
      else if (answer.text.length)
        process.stdout.write(`${[...answer.text, ...session.zoneLine()].join('\n')}\n`);
      if (answer.exitCode) process.exitCode = answer.exitCode;
    } finally {
      await session.close();
    }
  };
}

// ---- parsing and layout ---------------------------------------------------------------------

export function csv(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('需为 1–1000 的整数 / must be a whole number from 1 to 1000');
  return n;
}

/** A commander parser for a number option; `what` names the option in the error. */
export function number(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${what} 需为数字 / must be a number`);
    return n;
  };
}

/**
 * A date-time flag (`--at`, `--deadline`…) read strictly: an impossible value is refused naming
 * the flag; without an offset it is read in the configured time zone. Answers ISO 8601.
 */
export function parseSendAt(
  text: string,
  timeZone: string,
  flag: string,
  dateOnly: 'start' | 'end' = 'start',
): string {
  return parseInstant(text, timeZone, flag, dateOnly).toISOString();
}

/** `parseSendAt` in the session's time zone; a date alone ends the day when `dateOnly` is 'end'. */
export function instantFlag(
  s: Session,
  text: string,
  flag: string,
  dateOnly: 'start' | 'end' = 'start',
): string {
  return parseSendAt(text, s.config().timeZone, flag, dateOnly);
}

// ---- options every command group shares (one definition each) ----------------------------------

/** The old `--by` default (the OS user); the signed-in account replaces it before a write runs. */
export const DEFAULT_ACTOR = settings().defaultActor;

/**
 * `--by <name>`: accepted for earlier scripts but ignored — the CLI's account (`yz whoami`) is
 * recorded (identity.ts `stampBy`).
 */
export function actorOption(description = '操作人 / done by'): Option {
  return new Option(
    '--by <name>',
    `${description}（已忽略，记为当前账号 / ignored: recorded as the signed-in account, see yz whoami）`,
  ).default(DEFAULT_ACTOR);
}

/**
 * `--backfill`: an admin records a fact before what it is about (attendance before the session,
 * results before the exam day, a session held before its time); it is recorded as a backfill.
 */
export function backfillOption(): Option {
  return new Option(
    '--backfill',
    '管理员补录：允许早于场次/考试/计划时间记录，并记为补录 / admin backfill: record before the session, exam or planned time, marked as a backfill',
  );
}

/** `--person <ids>`: person ids, comma-separated (the option may repeat). */
export function peopleOption(
  description = '人员编号，逗号分隔 / person ids, comma-separated',
): Option {
  return new Option('--person <ids>', description).argParser(csv);
}

/** `--unit <ids>`: unit ids, comma-separated; each with its sub-units. */
export function unitsOption(
  description = '单位编号（含下级），逗号分隔 / unit ids, sub-units included',
): Option {
  return new Option('--unit <ids>', description).argParser(csv);
}

/** `--out <file>`: write a file (XLSX or CSV by its name) instead of printing. */
export function outOption(description = '写入 XLSX 或 CSV / write XLSX or CSV'): Option {
  return new Option('--out <file>', description);
}

/** Writes a file for `--out` and answers where it went, its type and its size. */
export async function written(
  out: string,
  file: { bytes: Buffer; contentType: string },
): Promise<Answer> {
  await writeFile(out, file.bytes);
  return {
    data: { file: out, contentType: file.contentType, bytes: file.bytes.length },
    text: [`已写入 / written: ${out} (${file.bytes.length} 字节 / bytes)`],
  };
}

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
      .join('  '),
  );
}

export function uiLink(config: Config, workflowId: string): string {
  return workflowUiUrl(config.temporal.uiUrl, config.temporal.namespace, workflowId);
}
