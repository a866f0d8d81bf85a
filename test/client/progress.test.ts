/**
 * Progress of long commands: one updating line on a terminal's stderr, nothing with `--json` or
 * when not a terminal. The CLI runs under `script`, which gives it a terminal as a coordinator's
 * shell would.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { progressLine } from '../../client/cli/progress';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';
import { onTerminal as terminal } from '../harness/terminal';

const CLEAR = '\r\x1b[2K';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => written.push(s) > 0 };
}

describe('progressLine', () => {
  it('updates one line on a terminal and clears it when done', () => {
    const tty = fakeStream(true);
    const line = progressLine(false, tty);
    line.say?.('checking roster.csv');
    line.say?.('writing');
    line.done();
    expect(tty.written).toEqual([`${CLEAR}… checking roster.csv`, `${CLEAR}… writing`, CLEAR]);
  });

  it('stays quiet with --json and when not a terminal', () => {
    for (const [json, isTTY] of [
      [true, true],
      [false, false],
    ] as const) {
      const stream = fakeStream(isTTY);
      const line = progressLine(json, stream);
      expect(line.say).toBeUndefined();
      line.done();
      expect(stream.written).toEqual([]);
    }
  });
});

describe('yz registry import on a terminal', () => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb();
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 4 }));
  });
  afterAll(async () => {
    await tdb?.close();
  });

  const onTerminal = (...args: string[]) =>
    terminal(
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        DATABASE_URL: tdb.url,
      },
      ...args,
    );

  it('shows the step on one line, cleared before the answer', async () => {
    const shown = await onTerminal('registry', 'import', 'examples/roster.csv');
    expect(shown).toContain(`${CLEAR}… 检查（试运行）/ checking roster.csv (dry run)${CLEAR}`);
    expect(shown).toContain('nothing written (dry run)');
  });

  it('shows no progress with --json: the terminal holds only the JSON', async () => {
    const shown = await onTerminal('--json', 'registry', 'import', 'examples/roster.csv');
    expect(shown).not.toContain('\x1b');
    expect(JSON.parse(shown)).toMatchObject({ file: 'roster.csv', problems: [] });
  });
});
