import { describe, expect, it } from 'vitest';
import { taskWindow } from '../../../workflows/rules/chunk';

/** A task that ends when `release(i)` is called, logging its start and end. */
function tasks(log: string[]) {
  const ends = new Map<number, () => void>();
  return {
    task: (i: number) => () =>
      new Promise<void>((resolve) => {
        log.push(`start ${i}`);
        ends.set(i, () => {
          log.push(`end ${i}`);
          resolve();
        });
      }),
    release: async (i: number) => {
      ends.get(i)!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('taskWindow', () => {
  it('keeps at most `limit` running, starting the next one as soon as any lane frees', async () => {
    const log: string[] = [];
    const { task, release } = tasks(log);
    const w = taskWindow(2);
    await w.start(task(1));
    await w.start(task(2));
    const third = w.start(task(3)); // from the next page: waits for a lane, not for the page
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['start 1', 'start 2']);
    await release(2);
    await third;
    expect(log).toEqual(['start 1', 'start 2', 'end 2', 'start 3']);
    await release(1);
    await release(3);
    await w.drain();
    expect(log.filter((l) => l.startsWith('end'))).toEqual(['end 2', 'end 1', 'end 3']);
  });

  it('stops taking tasks after a failure and throws it from start and drain', async () => {
    const w = taskWindow(1);
    await w.start(() => Promise.reject(new Error('batch failed')));
    let started = false;
    await expect(
      w.start(async () => {
        started = true;
      }),
    ).rejects.toThrow('batch failed');
    expect(started).toBe(false);
    await expect(w.drain()).rejects.toThrow('batch failed');
  });

  it('drains an empty window at once', async () => {
    await expect(taskWindow(4).drain()).resolves.toBeUndefined();
  });
});
