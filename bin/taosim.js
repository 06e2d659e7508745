#!/usr/bin/env node
// Entry point of the `taosim` command. The sources are TypeScript; tsx compiles them on load
// (cached), so the command always runs the code in the tree, with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
