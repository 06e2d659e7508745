// Reading a state file (`taosim-state/v1`) into what a run takes of it (./start-state.ts).
// PROVISIONAL: reads the fields this branch expects until the format's own parser (sim/state/) lands.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../util/errors.ts';
import { parseJson } from '../util/json.ts';
import type { StartState, StateSubnet } from './start-state.ts';

/** The state at `path` (named `name` in the scenario); a UsageError naming the file and JSON path if it cannot be used. */
export function readStartState(path: string, name: string): StartState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? 'state file not found' : `cannot read state file (${code ?? e})`, path);
  }
  const doc = parseJson(bytes.toString('utf8'), path) as Record<string, unknown>;
  const fail = (at: string, what: string): never => {
    throw new UsageError(`expected ${what}`, path, at);
  };
  if (doc === null || typeof doc !== 'object' || doc.format !== 'taosim-state/v1') fail('$.format', '"taosim-state/v1"');
  const block = doc.block;
  if (typeof block !== 'number' || !Number.isSafeInteger(block) || block < 0) fail('$.block', 'a block number');
  if (!Array.isArray(doc.subnets) || doc.subnets.length === 0) fail('$.subnets', 'a non-empty array of subnets');
  const subnets = (doc.subnets as Record<string, unknown>[]).map((x, i): StateSubnet => {
    const netuid = x.netuid;
    if (typeof netuid !== 'number' || !Number.isInteger(netuid) || netuid < 1) fail(`$.subnets[${i}].netuid`, 'a netuid ≥ 1');
    return { netuid: netuid as number };
  });
  return {
    file: name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    block: block as number,
    subnets,
  };
}
