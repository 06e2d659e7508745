// `taosim snapshot --url wss://NODE [--block N] [--netuids …] --out state.json`: read the network's
// state at one block from a Subtensor node into a taosim-state/v1 file (docs/reference/state.md).
// The node client (@polkadot/api) is loaded only here, when the command runs: other commands and
// `taosim --version` never pay for it.

import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError } from '../../util/errors.ts';
import { wholeNumber } from '../options.ts';
import { checkOutputFile } from '../output-path.ts';
import { progress } from '../progress.ts';

interface SnapshotArgs {
  url: string;
  block?: number;
  netuids?: number[];
  neurons: boolean;
  out?: string;
  force: boolean;
  quiet: boolean;
  timeout: number;
}

/** Checks everything that can be checked before connecting. */
export function checkSnapshotArgs(args: Pick<SnapshotArgs, 'url' | 'block' | 'netuids' | 'timeout'>): void {
  if (!/^wss?:\/\/[^\s/]+/.test(args.url)) {
    throw new UsageError(`--url: expected a node's WebSocket address (wss://HOST[:PORT] or ws://…), got "${args.url}"`);
  }
  wholeNumber(args.block, '--block', 0);
  for (const n of args.netuids ?? []) {
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new UsageError(`--netuids: expected subnet numbers from 1 to 65535, got ${n}`);
    }
  }
  if (!(args.timeout > 0)) throw new UsageError(`--timeout: expected seconds > 0, got ${args.timeout}`);
}

export const snapshotCommand: CommandModule<object, SnapshotArgs> = {
  command: 'snapshot',
  describe: "Read the network's state at one block from a Subtensor node into a state file (taosim-state/v1).",
  builder: (y) =>
    y
      .option('url', {
        type: 'string',
        demandOption: true,
        describe: "the node's WebSocket RPC address: a public endpoint, or an archive node for old blocks",
      })
      .option('block', { type: 'number', describe: 'the block to read (default: the newest finalized block)' })
      .option('netuids', {
        type: 'number',
        array: true,
        describe: 'read only these subnets (default: every subnet but root)',
      })
      .option('neurons', {
        type: 'boolean',
        default: true,
        describe:
          'read every uid (hotkey, coldkey, stake, permit, weights, bonds, child keys, takes); --no-neurons: subnets only',
      })
      .option('out', { type: 'string', describe: 'write the state to this file (atomically) instead of stdout' })
      .option('force', { type: 'boolean', default: false, describe: 'replace the file --out names if it exists' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait for the node, per request' })
      .example(
        '$0 snapshot --url wss://entrypoint-finney.opentensor.ai:443 --no-neurons --out mainnet.state.json',
        'every subnet at the newest finalized block, from the public endpoint',
      )
      .example(
        '$0 snapshot --url ws://127.0.0.1:9944 --block 8968186 --netuids 1 64 --out two.state.json',
        'two subnets with their neurons at an older block, from your own archive node',
      ),
  handler: async (args) => {
    checkSnapshotArgs(args);
    if (args.out) checkOutputFile(args.out, { force: args.force });
    const { snapshotToText } = await import('../../snapshot/run.ts');
    const bar = progress('snapshot', { quiet: args.quiet, unit: 'storage values' });
    const text = await snapshotToText(args, (done, total) => bar.update(done, total));
    bar.done();
    if (args.out) writeFileAtomic(args.out, text);
    else process.stdout.write(text);
  },
};
