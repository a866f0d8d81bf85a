/**
 * Group commit: items handed in while a write is under way wait and go together in the next one,
 * so a steady stream of small writes becomes few statements without a timer adding latency (a
 * lone item is written at once). Each `add` resolves once a write holding its item succeeded, or
 * rejects with that write's error; the caller goes on only when its item is stored.
 */
export function groupCommit<T>(
  write: (items: T[]) => Promise<void>,
  maxItems: number,
): (item: T) => Promise<void> {
  if (!Number.isInteger(maxItems) || maxItems < 1)
    throw new Error(`groupCommit: maxItems must be >= 1, got ${maxItems}`);
  type Waiting = { item: T; resolve: () => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let writing = false;
  const drain = async () => {
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
      if (!writing) void drain();
    });
}
