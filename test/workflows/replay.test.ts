/**
 * Recorded histories must replay on today's workflow code: a change that would break running
 * workflows fails here (guard such changes with `patched()`). Refresh fixtures deliberately with
 * YZ_RECORD_HISTORIES=1 npx vitest run test/workflows/announcement.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../harness/stack';
import { HISTORIES_DIR as dir } from '../harness/histories';
import { testDataConverter } from '../harness/payloadKeys';

// Binary protobuf (History.encode): exact, and independent of JSON conversion quirks.
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.pb'));

describe('replay of recorded histories', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('%s replays without nondeterminism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(new URL(file, dir)));
    const result = await Worker.runReplayHistory(
      // With the payload codec, as workers run: the fixtures' plain payloads pass through it.
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      history,
      file.replace(/\.pb$/, ''),
    );
    expect(result).toBeUndefined();
  });
});
