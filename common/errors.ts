/**
 * The one error vocabulary. Every layer throws these (or a subclass named for its domain, such as
 * a roster file that cannot be read); the adapters map them once: `httpStatus` for the HTTP API,
 * `exitCode` for the CLI, and activities turn them into non-retryable failures
 * (`NON_RETRYABLE_ERROR_TYPES`), because retrying bad input only repeats the mistake.
 * Pure: no I/O, so rules may throw them too.
 */

/**
 * An error the person who asked can act on: the message names the row, column, field or id.
 * Its `name` is the class's own name (`InputError`, `RosterFileError`…), set here once for every
 * subclass; a subclass states only its HTTP status.
 */
export class YzError extends Error {
  override name = this.constructor.name;
  /** The HTTP status it answers with; the CLI exits 1 for every one of them. */
  readonly status: number = 500;
}

/** The request is malformed or breaks a rule (400). */
export class InputError extends YzError {
  override readonly status: number = 400;
}

/** What the request names does not exist, or is not the caller's to see (404). */
export class NotFound extends YzError {
  override readonly status: number = 404;
}

/** The request clashes with the current state: already exists, already ended (409). */
export class Conflict extends YzError {
  override readonly status: number = 409;
}

/** It existed once and is withdrawn, such as a revoked certificate (410). */
export class Gone extends YzError {
  override readonly status: number = 410;
}

/** The caller may not do this (403). */
export class Forbidden extends YzError {
  override readonly status: number = 403;
}

/** Something the request needs is missing on this machine, such as a font (503). */
export class Unavailable extends YzError {
  override readonly status: number = 503;
}

/** A bad setting: stops start-up (or a command) with one line naming it. */
export class ConfigError extends YzError {
  override readonly status: number = 500;
}

/** Error names an activity must not retry (set on ApplicationFailure by `nonRetryable`). */
export const NON_RETRYABLE_ERROR_TYPES = [
  'InputError',
  'NotFound',
  'Conflict',
  'Gone',
  'Forbidden',
  'Unavailable',
  'ConfigError',
] as const;

/** Errors the person can act on, as opposed to faults (which print a hint to the logs). */
export function isUserError(e: unknown): e is YzError {
  return e instanceof YzError;
}

/** The HTTP status for an error; anything unexpected is a 500. */
export function httpStatus(e: unknown): number {
  if (e instanceof ConfigError) return 400;
  if (e instanceof YzError) return e.status;
  return 500;
}

/** The CLI's exit code: 1 for anything that stopped the command. */
export function exitCode(_e: unknown): number {
  return 1;
}
