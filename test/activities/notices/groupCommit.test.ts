import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { groupCommit } from '../../../activities/notices/groupCommit';

/** A write that holds until released, recording each group it was given. */
function heldWrites() {
  const groups: number[][] = [];
  const releases: ((error?: Error) => void)[] = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      groups.push(items);
      releases.push((e) => (e ? reject(e) : resolve()));
    });
  return { groups, releases, write };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('groupCommit', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the items of one short wait together, and those arriving meanwhile next', async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, { maxItems: 10, delayMs: 10 });
    const done: number[] = [];
    const track = (n: number) => add(n).then(() => done.push(n));
    const first = [track(1), track(2)];
    await vi.advanceTimersByTimeAsync(9);
    expect(groups).toEqual([]);
    const third = track(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1, 2, 3]]);
    const rest = [track(4), track(5)];
    await vi.advanceTimersByTimeAsync(50);
    expect(groups).toEqual([[1, 2, 3]]);
    releases[0]!();
    await Promise.all([...first, third]);
    await settle();
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(done).toEqual([1, 2, 3]);
    releases[1]!();
    await Promise.all(rest);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it('writes a full group at once and keeps every write to maxItems', async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, { maxItems: 2, delayMs: 1000 });
    const all = [1, 2, 3, 4, 5].map((n) => add(n));
    expect(groups).toEqual([[1, 2]]);
    for (let i = 0; i < 3; i++) {
      releases[i]!();
      await settle();
    }
    await Promise.all(all);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects exactly the failed write's items; later items are written again", async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, { maxItems: 10, delayMs: 5 });
    const one = add(1);
    await vi.advanceTimersByTimeAsync(5);
    const two = add(2);
    releases[0]!();
    await one;
    await settle();
    expect(groups).toEqual([[1], [2]]);
    releases[1]!(new Error('database is locked'));
    await expect(two).rejects.toThrow('database is locked');
    const three = add(3);
    await vi.advanceTimersByTimeAsync(5);
    expect(groups.at(-1)).toEqual([3]);
    releases[2]!();
    await expect(three).resolves.toBeUndefined();
  });

  it('refuses a group size below one', () => {
    expect(() => groupCommit(async () => {}, { maxItems: 0, delayMs: 1 })).toThrow(
      'maxItems must be >= 1',
    );
  });
});
