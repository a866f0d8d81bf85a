#!/usr/bin/env node
// `yz`: runs the CLI compiled into dist/cli/ (scripts/build-cli.js) when it is current, else
// client/cli/main.ts through tsx (slower to start: it compiles on every run).
import { currentBuild } from '../../scripts/build-cli.js';

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
