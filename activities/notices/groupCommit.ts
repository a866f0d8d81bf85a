/**
 * Group commit: items handed in within `delayMs` of the first go together in one write, and so do
 * those that arrive while a write is under way; a write holds at most `maxItems` (a full group is
 * written at once). With SQLite a statement runs synchronously, so without the short wait every
 * sent notice found the writer idle and was written alone. Each `add` resolves once a write
 * holding its item succeeded, or rejects with that write's error.
 */
export function groupCommit<T>(
  write: (items: T[]) => Promise<void>,
  options: { maxItems: number; delayMs: number },
): (item: T) => Promise<void> {
  const { maxItems, delayMs } = options;
  if (!Number.isInteger(maxItems) || maxItems < 1)
    throw new Error(`groupCommit: maxItems must be >= 1, got ${maxItems}`);
  type Waiting = { item: T; resolve: () => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let writing = false;
  let timer: NodeJS.Timeout | undefined;
  const drain = async () => {
    clearTimeout(timer);
    timer = undefined;
    writing = true;
    while (queue.length > 0) {
      const group = queue.slice(0, maxItems);
      queue = queue.slice(group.length);
      try {
        await write(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (writing) return;
      if (queue.length >= maxItems) void drain();
      else timer ??= setTimeout(() => void drain(), delayMs);
    });
}
