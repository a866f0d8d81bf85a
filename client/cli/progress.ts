/**
 * Progress of a long command on one updating line of stderr: only on a terminal, never with
 * `--json` (the output stays one JSON document, and a pipe or a log gets no control characters).
 */
import type { Progress } from '../operations/progress';

export interface ProgressLine {
  /** The callback to hand an operation; undefined when progress is not shown. */
  say: Progress | undefined;
  /** Clears the line (call before printing the answer). */
  done(): void;
}

export function progressLine(
  json: boolean,
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
): ProgressLine {
  if (json || !stream.isTTY) return { say: undefined, done() {} };
  let shown = false;
  return {
    say(step) {
      stream.write(`\r\x1b[2K… ${step}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Runs `body` with a progress line, cleared however it ends. */
export async function withProgress<T>(
  json: boolean,
  body: (say: Progress | undefined) => Promise<T>,
): Promise<T> {
  const line = progressLine(json);
  try {
    return await body(line.say);
  } finally {
    line.done();
  }
}
