/**
 * A bench's pulse, on stderr every `everyMs`: the server's clock, and what the worker holds
 * (workflow activations and activities in flight, cached workflows). A stretch where the clock
 * stands still while the worker holds nothing points at the server; one where activities sit in
 * flight with the CPU idle points at the activity code.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';

export function startMonitor(
  env: TestWorkflowEnvironment,
  worker: Worker,
  log: (msg: string) => void,
  everyMs = 10_000,
): () => void {
  const timer = setInterval(() => {
    void env
      .currentTimeMs()
      .then((now) => {
        const s = worker.getStatus();
        log(
          `pulse: clock ${new Date(now).toISOString()}, activations ${s.numInFlightWorkflowActivations}, ` +
            `activities ${s.numInFlightActivities}, cached ${s.numCachedWorkflows}`,
        );
      })
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
