/**
 * `yz …` on a terminal, as a coordinator's shell runs it: under `script`, which gives the CLI a
 * terminal. Answers what the terminal shows (stdout and stderr together).
 */
import { execFile } from 'node:child_process';

export function onTerminal(env: Record<string, string | undefined>, ...args: string[]) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      'script',
      ['-qec', ['node', 'client/bin/yz.js', ...args].join(' '), '/dev/null'],
      { env, timeout: 60_000 },
      (e, stdout) =>
        e ? reject(new Error(`yz ${args.join(' ')}: ${e.message}`)) : resolve(stdout),
    );
  });
}
