#!/usr/bin/env node
// `yz`: runs the CLI compiled into dist/cli/ (scripts/build-cli.js) when it is current, else
// client/cli/main.ts through tsx (slower to start: it compiles on every run).
import { setFlagsFromString } from 'node:v8';
import { currentBuild } from '../../scripts/build-cli.js';

// Prisma compiles queries in WebAssembly. V8 soon starts optimising its hot functions on a
// background thread, and a process cannot exit before that compile ends: about 0.2 s added to
// a command that ran three queries. A higher budget leaves short commands on the baseline code;
// a long import still gets its hot functions optimised.
setFlagsFromString('--wasm-tiering-budget=180000000');

// `yz … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const built = currentBuild();
let main;
if (built) {
  ({ main } = await import(new URL(`file://${built}`).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv);
