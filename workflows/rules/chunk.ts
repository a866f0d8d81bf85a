/** Splits a list into consecutive groups of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be >= 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `work` on every item with at most `limit` running at once, starting the next item as soon
 * as one finishes (a sliding window, not lock-stepped groups). Deterministic inside workflows:
 * items start in order, and completions arrive in history order.
 */
export async function inWindow<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** A sliding window fed one task at a time (tasks may come from several pages). */
export interface TaskWindow {
  /**
   * Starts `task` once fewer than the limit are running, waiting for a lane if needed; throws
   * the failure of a task that has failed meanwhile (no new task starts after a failure).
   */
  start(task: () => Promise<void>): Promise<void>;
  /** Waits for every started task; throws the first failure. */
  drain(): Promise<void>;
}

/**
 * A window of at most `limit` tasks running at once, to which tasks are added as they become
 * known: unlike `inWindow`, the next page's tasks fill lanes freed by this page's, so the window
 * never drains between pages. Deterministic inside workflows (promises only, started in order).
 */
export function taskWindow(limit: number): TaskWindow {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const check = () => {
    if (failure) throw failure.error;
  };
  return {
    async start(task) {
      while (running.size >= limit && !failure) await Promise.race(running);
      check();
      const run: Promise<void> = task()
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async drain() {
      await Promise.all(running);
      check();
    },
  };
}
