#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `taosim` command. The sources are TypeScript; tsx compiles them on load
// (cached), so the command always runs the code in the tree, with no separate build step.
// The first line gives V8 a 64 MiB young generation semi-space (sim/util/young-generation.ts says
// why); `node bin/taosim.js` runs without it unless NODE_OPTIONS sets it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly once the command has finished: a loaded WebGPU device (Dawn) would otherwise keep
// the process alive. But only once stdout and stderr have drained: a write to a pipe that is full
// (64 KiB on Linux) is queued, and process.exit() would drop what is queued.
await Promise.all([process.stdout, process.stderr].map(drained));
process.exit(code);

/** Resolves once everything written to `stream` so far has been handed to the OS (or failed). */
function drained(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
