/**
 * Replay fixtures: YZ_RECORD_HISTORIES=1 makes tests save the histories they produce to
 * test/workflows/histories/<name>.pb (binary protobuf), which test/workflows/replay.test.ts replays.
 * YZ_RECORD_HISTORIES=<name>,<name> saves only those: a new fixture is added without rewriting
 * older ones, which hold histories of code paths that runs started today no longer take.
 */
import { writeFileSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = new URL('../workflows/histories/', import.meta.url);

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const wanted = process.env.YZ_RECORD_HISTORIES;
  if (!wanted || (wanted !== '1' && !wanted.split(',').includes(name))) return;
  const history = await handle.fetchHistory();
  writeFileSync(
    new URL(`${name}.pb`, HISTORIES_DIR),
    temporal.api.history.v1.History.encode(history).finish(),
  );
}
