#!/usr/bin/env node
// `yz`: runs client/cli/main.ts through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv);
