import { describe, expect, it } from 'vitest';
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

describe('groupCommit', () => {
  it('writes a lone item at once, and items arriving meanwhile together next', async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, 10);
    const done: number[] = [];
    const first = add(1).then(() => done.push(1));
    expect(groups).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => add(n).then(() => done.push(n)));
    expect(groups).toEqual([[1]]);
    releases[0]!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([[1], [2, 3, 4]]);
    expect(done).toEqual([1]);
    releases[1]!();
    await Promise.all(rest);
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it('keeps each write to maxItems', async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, 2);
    const all = [1, 2, 3, 4, 5].map((n) => add(n));
    for (let i = 0; i < 3; i++) {
      releases[i]!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(groups).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("rejects exactly the failed write's items; later items are written again", async () => {
    const { groups, releases, write } = heldWrites();
    const add = groupCommit(write, 10);
    const one = add(1);
    const two = add(2);
    const three = add(3);
    releases[0]!();
    await one;
    await new Promise((r) => setImmediate(r));
    releases[1]!(new Error('database is locked'));
    await expect(two).rejects.toThrow('database is locked');
    await expect(three).rejects.toThrow('database is locked');
    const four = add(4);
    expect(groups.at(-1)).toEqual([4]);
    releases[2]!();
    await expect(four).resolves.toBeUndefined();
  });

  it('refuses a group size below one', () => {
    expect(() => groupCommit(async () => {}, 0)).toThrow('maxItems must be >= 1');
  });
});
