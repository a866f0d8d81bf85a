/**
 * How a long operation (a preview, an import, an export, a wait) tells its caller how far it has
 * got: an optional callback it calls at each step with one short line. Operations never print;
 * the CLI shows the lines on one updating terminal line (client/cli/progress.ts), the API ignores
 * them.
 */
export type Progress = (step: string) => void;

/** The callback, or one that does nothing. */
export function progressOf(progress: Progress | undefined): Progress {
  return progress ?? (() => {});
}
