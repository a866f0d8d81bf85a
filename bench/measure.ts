/**
 * Measuring helpers shared by the benchmarks: mail-sink folder counts and duplicate Message-IDs,
 * process CPU and memory (a process and its descendants) from /proc, and the stack of clean-up
 * steps a bench runs at its end, on failure or on Ctrl-C.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { WORKER_NODE_ARGS } from '../config/env';

/**
 * Node flags for a bench's worker process: the production worker's (WORKER_NODE_ARGS), or
 * YZ_BENCH_WORKER_NODE_ARGS to try others (e.g. "--max-old-space-size=256 --max-semi-space-size=8").
 */
export function benchWorkerNodeArgs(): string[] {
  return (process.env.YZ_BENCH_WORKER_NODE_ARGS ?? WORKER_NODE_ARGS.join(' '))
    .split(' ')
    .filter(Boolean);
}

export function emlCount(dir: string): number {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}

/** Duplicate Message-IDs in a sink folder: its file names end in a hash of the Message-ID. */
export function duplicates(dir: string): number {
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  const hashes = new Set(files.map((f) => f.slice(f.lastIndexOf('-') + 1)));
  return files.length - hashes.size;
}

export function procStatus(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]!] = Number(m[2]) / 1024;
    }
  } catch {
    // gone
  }
  return out;
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

export function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids = '';
      try {
        kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const k of kids.split(' ').filter(Boolean)) {
        out.push(Number(k));
        visit(Number(k));
      }
    }
  };
  visit(pid);
  return out;
}

/** Samples the RSS of a process and its descendants every 200 ms. */
export function rssMonitor(pid: number) {
  let peakSampled = 0;
  const sample = () => {
    const total = [pid, ...descendants(pid)].reduce((s, p) => s + (procStatus(p).VmRSS ?? 0), 0);
    peakSampled = Math.max(peakSampled, total);
    return total;
  };
  const timer = setInterval(sample, 200);
  return {
    sample,
    /** The larger of the sampled peak and the kernel's high-water marks (VmHWM) of each process. */
    peak(): number {
      sample();
      const hwm = [pid, ...descendants(pid)].reduce((s, p) => s + (procStatus(p).VmHWM ?? 0), 0);
      return Math.max(peakSampled, hwm);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * A bench's clean-up steps, run last-in first-out once (a failing step is logged, the rest still
 * run), and `run(main)`: the exit code of `main`, 1 after cleaning up when it throws, 130 after
 * cleaning up on SIGINT/SIGTERM.
 */
export function benchCleanups(log: (m: string) => void) {
  const cleanups: (() => Promise<void> | void)[] = [];
  async function cleanUp(): Promise<void> {
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        log(`cleanup step failed: ${(e as Error).message}`);
      }
    }
  }
  function run(main: () => Promise<number>): void {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        log(`${signal}: cleaning up`);
        void cleanUp().finally(() => process.exit(130));
      });
    main().then(
      (code) => process.exit(code),
      async (e: unknown) => {
        log(`FAILED: ${(e as Error).stack ?? String(e)}`);
        await cleanUp();
        process.exit(1);
      },
    );
  }
  return { cleanups, cleanUp, run };
}
