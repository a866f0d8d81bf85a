/**
 * Every `yz` command that only reads (its last word lists, shows or reports) is classed as a
 * read, so a viewer may run it: a command added without its class would refuse viewers as a
 * write (as `org list` and `vocab list` once did).
 */
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { GROUPS } from '../../client/cli/main';
import { READ_COMMANDS } from '../../client/cli/identity';

const READ_VERBS = /^(list|show|status|report|rate|funnel|progress|roll|suggest|read|rewards)$/;

function keys(cmd: Command, prefix: string): string[] {
  if (!cmd.commands.length) return [prefix];
  return cmd.commands.flatMap((c) => keys(c, `${prefix} ${c.name()}`));
}

describe('command classes', () => {
  it('classes every reading command as a read', async () => {
    const all = (await Promise.all(GROUPS.map(async (g) => keys(await g.load(), g.name)))).flat();
    expect(all).toContain('org list');
    const reads = all.filter((k) => READ_VERBS.test(k.split(' ').at(-1)!));
    expect(reads.filter((k) => !READ_COMMANDS.has(k))).toEqual([]);
    // And the other way: no listed read names a command that does not exist.
    const topLevel = new Set(['workflows', 'history', 'whoami']);
    expect([...READ_COMMANDS].filter((k) => !all.includes(k) && !topLevel.has(k))).toEqual([]);
  });
});
