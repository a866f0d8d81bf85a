/**
 * A bench's pulse, on stderr every `everyMs`: the server's clock, and what the worker holds
 * (workflow activations and activities in flight, cached workflows), and the CPU seconds used so
 * far by this process (worker, sink, client) and by its child processes (the test server). A
 * stretch where the clock stands still while the worker holds nothing points at the server; one
 * where activities sit in flight with the CPU idle points at the activity code.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { cpuSeconds, descendants } from './measure';

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
        const children = descendants(process.pid).reduce((t, p) => t + (cpuSeconds(p) || 0), 0);
        log(
          `pulse: clock ${new Date(now).toISOString()}, activations ${s.numInFlightWorkflowActivations}, ` +
            `activities ${s.numInFlightActivities}, cached ${s.numCachedWorkflows}; ` +
            `cpu ${cpuSeconds(process.pid).toFixed(0)} s here, ${children.toFixed(0)} s in children`,
        );
      })
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
