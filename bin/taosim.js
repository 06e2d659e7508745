#!/usr/bin/env node
// Entry point of the `taosim` command. The sources are TypeScript; tsx compiles them on load
// (cached), so the command always runs the code in the tree, with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
// Exit explicitly once the command has finished: a loaded WebGPU device (Dawn) would otherwise keep
// the process alive. Every command awaits its own work, and stdout/stderr writes to files and pipes
// are synchronous on POSIX, so nothing is cut short.
process.exit(await main(process.argv.slice(2)));
