// The neurons a state file holds (`neurons`, `childKeys`, `takes`), taken as is at genesis: each
// distinct SS58 key becomes one agent (ids in sorted key order, so the same file gives the same ids),
// uids keep their hotkeys, registration blocks, alpha stake, permits, LastUpdate, weights and bonds
// (the epoch's stored u16 rows), hotkeys their root stake, and the network its child keys and takes.
// A hotkey holding a permit on any subnet is a validator (it scores as the synthesised validators
// do); the others are miners with quality drawn from the seed.

import { drawQuality } from '../../models/miners/static-quality.ts';
import type { ChildKeyLink } from '../chain/network/child-keys.ts';
import { emptyDelegation } from '../chain/network/delegation.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import { assignUid, type SubnetState } from '../chain/network/subnet.ts';
import { appendUids } from '../chain/yuma/neurons.ts';
import type { U16Csr } from '../chain/yuma/sparse.ts';
import type { RandomStreams } from '../engine/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { ProvenanceBook, StartState, StateNeuron } from '../state/start-state.ts';
import { type Agents, addAgent } from './genesis.ts';

/** Agent id per SS58 key of the file's neurons. */
export type KeyAgents = ReadonlyMap<string, number>;

/**
 * One agent per distinct hotkey or coldkey of the file's neurons, in sorted key order: validators
 * (a permit on some subnet) join `agents.validators` after the synthesised ones, other hotkeys are
 * miners (quality drawn from the stream named after the key), coldkeys alone are stakers. Root
 * stake per hotkey is the file's (the first subnet that gives it), added to the network's.
 */
export function fileKeyAgents(
  sc: Pick<Scenario, 'miners' | 'start'>,
  st: StartState,
  agents: Agents,
  network: NetworkState,
  streams: RandomStreams,
): KeyAgents {
  const neurons = st.subnets.flatMap((x) => x.neurons ?? []);
  const out = new Map<string, number>();
  if (neurons.length === 0) return out;
  const permitted = new Set(neurons.filter((nr) => nr.validatorPermit).map((nr) => nr.hotkey));
  const hotkeys = new Set(neurons.map((nr) => nr.hotkey));
  const keys = new Set<string>(hotkeys);
  for (const nr of neurons) if (nr.coldkey !== undefined) keys.add(nr.coldkey);
  const root = new Map<string, bigint>();
  for (const nr of neurons) if (nr.rootStake !== undefined && !root.has(nr.hotkey)) root.set(nr.hotkey, nr.rootStake);

  while (network.rootStake.length < agents.role.length) network.rootStake.push(0n);
  for (const key of [...keys].sort()) {
    const name = `key/${key}`;
    const role = permitted.has(key) ? 'validator' : hotkeys.has(key) ? 'miner' : 'staker';
    const id = addAgent(agents, role, NaN, sc.start.block, name);
    out.set(key, id);
    if (role === 'validator') agents.validators.push(id);
    if (role === 'miner') agents.quality[id] = drawQuality(sc.miners, streams.stream(name));
    const stake = root.get(key) ?? 0n;
    network.rootStake[id] = stake;
    network.rootTotal += stake;
  }
  return out;
}

/** Subnet `s` (no uids yet) with the file's `neurons` on its uids; notes each field's source. */
export function placeFileNeurons(
  s: SubnetState,
  neurons: readonly StateNeuron[],
  keyAgents: KeyAgents,
  block: number,
  book: ProvenanceBook,
): void {
  const note = (field: string, has: (nr: StateNeuron) => boolean, rule: string) => {
    const all = neurons.every(has);
    book.note(`neurons.${field}`, s.netuid, all ? 'fromFile' : 'assumed', all ? '' : rule);
  };
  note('hotkeys', () => true, '');
  note('coldkeys', (nr) => nr.coldkey !== undefined, 'the hotkey owns itself where the file gives no coldkey');
  note('registrationBlock', (nr) => nr.registrationBlock !== undefined, 'the start block where absent');
  note('alphaStake', (nr) => nr.alphaStake !== undefined, '0 where absent');
  note('rootStake', (nr) => nr.rootStake !== undefined, '0 where absent');
  note('validatorPermit', (nr) => nr.validatorPermit !== undefined, 'no permit where absent');
  note('lastUpdate', (nr) => nr.lastUpdate !== undefined, 'the start block where absent');
  note('weights', (nr) => nr.weights !== undefined, 'no weights where absent');
  note('bonds', (nr) => nr.bonds !== undefined, 'no bonds where absent');

  const n = s.neurons;
  const first = appendUids(n, neurons.length, block);
  for (const [k, nr] of neurons.entries()) {
    const uid = first + k;
    assignUid(s, uid, keyAgents.get(nr.hotkey) as number);
    s.emission.push(0n);
    const stake = nr.alphaStake ?? 0n;
    s.alphaStake.push(stake);
    s.alphaOut += stake;
    n.validatorPermit[uid] = nr.validatorPermit ?? false;
    n.blockAtRegistration[uid] = nr.registrationBlock ?? block;
    n.lastUpdate[uid] = nr.lastUpdate ?? block;
    n.weights[uid] = {
      cols: (nr.weights ?? []).map(([u]) => u),
      vals: Uint16Array.from(nr.weights ?? [], ([, v]) => v),
    };
  }
  n.bonds = bondRows(neurons);
}

/** The file's bond rows as the epoch stores them (one CSR row per uid, targets ascending). */
function bondRows(neurons: readonly StateNeuron[]): U16Csr {
  const ptr = new Int32Array(neurons.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  neurons.forEach((nr, uid) => {
    for (const [j, v] of nr.bonds ?? []) {
      cols.push(j);
      vals.push(v);
    }
    ptr[uid + 1] = cols.length;
  });
  return { rows: neurons.length, ptr, cols: Int32Array.from(cols), vals: Uint16Array.from(vals) };
}

/**
 * The file's child keys and takes, and each hotkey's coldkey, on the network's delegation state. A
 * link or take naming a hotkey that holds no uid in the file has no agent and is left out (counted
 * in `warnings`): the model keeps stake per uid, so such a link could never count.
 */
export function applyFileDelegation(
  network: NetworkState,
  st: StartState,
  keyAgents: KeyAgents,
  book: ProvenanceBook,
  warnings: string[],
): void {
  const owners = new Map<number, number>();
  for (const x of st.subnets)
    for (const nr of x.neurons ?? []) {
      const h = keyAgents.get(nr.hotkey) as number;
      const c = nr.coldkey === undefined ? h : (keyAgents.get(nr.coldkey) as number);
      if (c !== h) owners.set(h, c);
    }
  const d = st.delegation;
  if (d === undefined && owners.size === 0) return;
  const delegation = emptyDelegation();
  for (const h of [...owners.keys()].sort((a, b) => a - b)) delegation.owners.set(h, owners.get(h) as number);
  let dropped = 0;
  const agent = (key: string) => {
    const id = keyAgents.get(key);
    if (id === undefined) dropped++;
    return id;
  };
  for (const l of d?.childKeys ?? []) {
    const parent = agent(l.parent);
    const child = agent(l.child);
    if (parent === undefined || child === undefined) continue;
    const link: ChildKeyLink = { netuid: l.netuid, parent, child, proportion: l.proportion };
    delegation.childKeys.push(link);
  }
  for (const t of d?.delegateTakes ?? []) {
    const h = agent(t.hotkey);
    if (h !== undefined) delegation.delegateTakes.set(h, t.take);
  }
  for (const t of d?.childkeyTakes ?? []) {
    const h = agent(t.hotkey);
    if (h !== undefined) delegation.childkeyTakes.set(`${t.netuid}:${h}`, t.take);
  }
  network.delegation = delegation;
  if (d !== undefined) {
    book.global('childKeys', 'fromFile');
    book.global('takes', 'fromFile');
  }
  if (dropped > 0)
    warnings.push(
      `state: ${dropped} child-key or take entries name a hotkey that holds no uid in the file's neurons; left out`,
    );
}
