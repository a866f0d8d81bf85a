/**
 * Replay fixtures: YZ_RECORD_HISTORIES=1 makes tests save the histories they produce to
 * test/workflows/histories/<name>.pb (binary protobuf), which test/workflows/replay.test.ts replays.
 */
import { writeFileSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = new URL('../workflows/histories/', import.meta.url);

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.YZ_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(
    new URL(`${name}.pb`, HISTORIES_DIR),
    temporal.api.history.v1.History.encode(history).finish(),
  );
}
