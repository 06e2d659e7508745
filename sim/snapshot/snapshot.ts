// `taosim snapshot`: the state of the network at one block, read from a Subtensor node's storage
// (./layout.ts says which items, ./chain-reader.ts how) into a taosim-state/v1 state
// (sim/state, docs/reference/state.md). Everything is visited in netuid and uid order, so the same
// block gives the same state whatever the node's timing.

import type { ChainState, StateNeuron, StateSubnet } from '../state/format.ts';
import { STATE_FORMAT } from '../state/format.ts';
import { UsageError } from '../util/errors.ts';
import type { ChainReader } from './chain-reader.ts';
import { DecodeError, decodeValue } from './decode.ts';
import {
  type Decoded,
  describeSupportedSpecs,
  GLOBAL_ITEMS,
  HYPERPARAMETER_ITEMS,
  itemLive,
  NETWORKS_ADDED,
  NEURON_ITEMS,
  type StorageItem,
  SUBNET_ITEMS,
  SUPPORTED_SPECS,
  TIMESTAMP_NOW,
} from './layout.ts';
import { accountBytes, type Hasher, storageKey, storagePrefix, trailingBytes, u16Bytes } from './storage-keys.ts';

export interface SnapshotOptions {
  /** The node's address (recorded in `source.url`). */
  url: string;
  /** The block to read; the newest finalized block when absent. */
  block?: number;
  /** Only these subnets (all but root when absent). */
  netuids?: readonly number[];
  /** Read every neuron (keys, stake, weights, bonds …) as well as the subnets. */
  neurons: boolean;
  /** Told the work done so far: values read of values to read. */
  progress?: (done: number, total: number) => void;
}

type KeyPart = readonly [Hasher, Uint8Array];

/** One storage entry to read: the item and its key parts. */
interface Entry {
  item: StorageItem;
  parts: readonly Uint8Array[];
}

const keyOf = ({ item, parts }: Entry): string =>
  storageKey(
    item.pallet,
    item.name,
    parts.map((p, i): KeyPart => [item.keys[i], p]),
  );

/** Reads entries at one block and decodes them; an absent key reads as the item's fallback. */
class BlockView {
  /** Items without a fallback that had no stored value, per item name: the netuids (or 'global'). */
  readonly unknown = new Map<string, Set<string>>();
  private done = 0;
  total = 0;

  constructor(
    private readonly reader: ChainReader,
    readonly hash: string,
    readonly block: number,
    private readonly progress?: (done: number, total: number) => void,
  ) {}

  /** Each entry's value (undefined: no value stored and no constant default). */
  async read(entries: readonly Entry[]): Promise<(Decoded | undefined)[]> {
    const keys = entries.map(keyOf);
    const raw = await this.reader.values(keys, this.hash, this.block);
    this.done += entries.length;
    this.total = Math.max(this.total, this.done);
    this.progress?.(this.done, this.total);
    return entries.map((e, i) => {
      const hex = raw.get(keys[i]) ?? null;
      if (hex === null) return e.item.fallback;
      try {
        return decodeValue(e.item.value, hex);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        throw new UsageError(
          `block ${this.block}: ${e.item.pallet}::${e.item.name} does not hold a ${e.item.value} (${err.message}): ` +
            `this runtime's storage layout is not the one taosim knows (spec versions ${describeSupportedSpecs()})`,
        );
      }
    });
  }

  /** Notes an item that had to be left unknown for `where` (a netuid, or 'global'). */
  noteUnknown(item: StorageItem, where: string): void {
    const set = this.unknown.get(item.name) ?? new Set<string>();
    set.add(where);
    this.unknown.set(item.name, set);
  }
}

export async function takeSnapshot(reader: ChainReader, options: SnapshotOptions): Promise<ChainState> {
  const { block, hash } = await resolveBlock(reader, options.block);
  const specVersion = await reader.specVersion(hash, block);
  if (specVersion < SUPPORTED_SPECS.min || specVersion > SUPPORTED_SPECS.max) {
    throw new UsageError(
      `block ${block} runs runtime spec ${specVersion}, whose storage layout taosim does not know: it reads spec versions ${describeSupportedSpecs()}`,
    );
  }
  const view = new BlockView(reader, hash, block, options.progress);
  const [now] = await view.read([{ item: TIMESTAMP_NOW, parts: [] }]);
  if (typeof now !== 'bigint') throw new UsageError(`block ${block} has no Timestamp::Now: is this a Subtensor node?`);

  const netuids = await subnetsAt(reader, view, options.netuids);
  const global = await readGlobal(view, specVersion);
  const subnets = await readSubnets(view, netuids);
  const state: ChainState = {
    format: STATE_FORMAT,
    block,
    specVersion,
    time: isoTime(now),
    source: {
      description: `read from a Subtensor node's storage at block ${block} by taosim snapshot`,
      tool: 'taosim snapshot',
      url: options.url,
    },
    global,
    subnets,
  };
  if (options.neurons) Object.assign(state, await readNeurons(view, subnets));
  const assumptions = describeUnknown(view.unknown);
  if (assumptions.length) state.assumptions = assumptions;
  return state;
}

async function resolveBlock(reader: ChainReader, wanted?: number): Promise<{ block: number; hash: string }> {
  if (wanted === undefined) {
    const head = await reader.finalizedHead();
    return { block: head.number, hash: head.hash };
  }
  const hash = await reader.blockHash(wanted);
  if (hash === null) {
    const head = await reader.finalizedHead();
    throw new UsageError(`--block ${wanted}: the chain has no such block yet (newest finalized: ${head.number})`);
  }
  return { block: wanted, hash };
}

/** The subnets to read: those NetworksAdded lists (root excluded), or the ones asked for, which must exist. */
async function subnetsAt(reader: ChainReader, view: BlockView, wanted?: readonly number[]): Promise<number[]> {
  const prefix = storagePrefix(NETWORKS_ADDED.pallet, NETWORKS_ADDED.name);
  const keys = await reader.keys(prefix, view.hash, view.block);
  const listed = keys.map((k) => {
    const [lo, hi] = trailingBytes(k, 2);
    return lo + 256 * hi;
  });
  const flags = await view.read(listed.map((n) => ({ item: NETWORKS_ADDED, parts: [u16Bytes(n)] })));
  const existing = listed.filter((n, i) => flags[i] === true && n !== 0).sort((a, b) => a - b);
  if (wanted === undefined) return existing;
  const missing = wanted.filter((n) => !existing.includes(n));
  if (missing.length) {
    throw new UsageError(
      `--netuids: no subnet ${missing.join(', ')} at block ${view.block} (it has ${existing.length} subnets: ${ranges(existing)})`,
    );
  }
  return [...new Set(wanted)].sort((a, b) => a - b);
}

async function readGlobal(view: BlockView, specVersion: number): Promise<ChainState['global']> {
  const names = (Object.keys(GLOBAL_ITEMS) as (keyof typeof GLOBAL_ITEMS)[]).filter((k) =>
    itemLive(GLOBAL_ITEMS[k], specVersion),
  );
  const values = await view.read(names.map((k) => ({ item: GLOBAL_ITEMS[k], parts: [] })));
  const v: Partial<Record<keyof typeof GLOBAL_ITEMS, Decoded>> = {};
  names.forEach((k, i) => {
    if (values[i] === undefined) view.noteUnknown(GLOBAL_ITEMS[k], 'global');
    else v[k] = values[i];
  });
  const gate =
    v.gateBar !== undefined
      ? {
          bar: fixed('U64F64', v.gateBar),
          rank: v.gateRank as number | undefined,
          quantile: fixed('U64F64', v.gateQuantile),
          exponent: fixed('U64F64', v.gateExponent),
        }
      : undefined;
  return {
    totalIssuance: v.totalIssuance as bigint | undefined,
    totalStake: v.totalStake as bigint | undefined,
    taoWeight: v.taoWeight as bigint | undefined,
    stakeThreshold: v.stakeThreshold as bigint | undefined,
    subnetOwnerCut: v.subnetOwnerCut as number | undefined,
    subnetMovingAlpha: fixed('I96F32', v.subnetMovingAlpha),
    emissionGate: gate,
    subnetLimit: v.subnetLimit as number | undefined,
    networkMinLockCost: v.networkMinLockCost as bigint | undefined,
    networkLastLockCost: v.networkLastLockCost as bigint | undefined,
    networkLockReductionInterval: toNumber(v.networkLockReductionInterval),
  };
}

type SubnetField = keyof typeof SUBNET_ITEMS;
type HyperField = keyof typeof HYPERPARAMETER_ITEMS;

async function readSubnets(view: BlockView, netuids: readonly number[]): Promise<StateSubnet[]> {
  const subnetFields = Object.keys(SUBNET_ITEMS) as SubnetField[];
  const hyperFields = Object.keys(HYPERPARAMETER_ITEMS) as HyperField[];
  const items: [string, StorageItem][] = [
    ...subnetFields.map((f): [string, StorageItem] => [f, SUBNET_ITEMS[f]]),
    ...hyperFields.map((f): [string, StorageItem] => [`hp.${f}`, HYPERPARAMETER_ITEMS[f]]),
  ];
  const entries = netuids.flatMap((n) => items.map(([, item]) => ({ item, parts: [u16Bytes(n)] })));
  const values = await view.read(entries);
  return netuids.map((netuid, s) => {
    const v: Record<string, Decoded> = {};
    items.forEach(([field, item], i) => {
      const value = values[s * items.length + i];
      if (value === undefined) view.noteUnknown(item, String(netuid));
      else v[field] = value;
    });
    const identity = v.identity as readonly string[] | null | undefined;
    const alphaValues = v['hp.alphaValues'] as readonly number[] | undefined;
    return {
      netuid,
      name: identity?.[0] || undefined,
      registeredAt: toNumber(v.registeredAt),
      firstEmissionBlock: v.firstEmissionBlock === null ? null : toNumber(v.firstEmissionBlock),
      tempo: v.tempo as number | undefined,
      lastEpochBlock: toNumber(v.lastEpochBlock),
      emissionEnabled: v.emissionEnabled as boolean,
      commitReveal: v.commitReveal as boolean,
      yuma3: v.yuma3 as boolean,
      liquidAlpha: v.liquidAlpha as boolean,
      mechanismCount: v.mechanismCount as number,
      hyperparameters: {
        kappa: v['hp.kappa'] as number | undefined,
        bondsPenalty: v['hp.bondsPenalty'] as number | undefined,
        bondsMovingAverage: toNumber(v['hp.bondsMovingAverage']),
        immunityPeriod: v['hp.immunityPeriod'] as number | undefined,
        activityCutoff: v['hp.activityCutoff'] as number | undefined,
        minAllowedWeights: v['hp.minAllowedWeights'] as number | undefined,
        maxAllowedValidators: v['hp.maxAllowedValidators'] as number | undefined,
        weightsRateLimit: toNumber(v['hp.weightsRateLimit']),
        revealPeriodEpochs: toNumber(v['hp.revealPeriodEpochs']),
        rho: v['hp.rho'] as number | undefined,
        alphaLow: alphaValues?.[0],
        alphaHigh: alphaValues?.[1],
        alphaSigmoidSteepness: v['hp.alphaSigmoidSteepness'] as number | undefined,
        burn: v['hp.burn'] as bigint | undefined,
        minBurn: v['hp.minBurn'] as bigint | undefined,
        maxBurn: v['hp.maxBurn'] as bigint | undefined,
      },
      taoIn: v.taoIn as bigint,
      alphaIn: v.alphaIn as bigint,
      alphaOut: v.alphaOut as bigint,
      protocolAlpha: v.protocolAlpha as bigint,
      movingPrice: fixed('I96F32', v.movingPrice),
      minerBurned: fixed('U96F32', v.minerBurned),
      owner: v.owner as string,
      ownerHotkey: v.ownerHotkey as string,
      maxUids: v.maxUids as number | undefined,
      registeredUids: v.registeredUids as number,
      recycledForRegistration: v.recycledForRegistration as bigint | undefined,
      pending: {
        serverEmission: v.pendingServer as bigint,
        validatorEmission: v.pendingValidator as bigint,
        rootAlphaDivs: v.pendingRootAlphaDivs as bigint,
        ownerCut: v.pendingOwnerCut as bigint,
      },
    };
  });
}

type NeuronPart = Pick<ChainState, 'neurons' | 'childKeys' | 'takes'>;

/** Every registered uid of the subnets, with its stake, weights and bonds; child keys and takes. */
async function readNeurons(view: BlockView, subnets: readonly StateSubnet[]): Promise<NeuronPart> {
  const I = NEURON_ITEMS;
  const uidsOf = (s: StateSubnet) => Array.from({ length: s.registeredUids ?? 0 }, (_, uid) => uid);
  const perUid = [I.hotkey, I.registrationBlock, I.weights, I.bonds];
  const neuronCount = subnets.reduce((a, s) => a + (s.registeredUids ?? 0), 0);
  // The second pass reads six values per hotkey: say so now, so the progress total does not jump.
  view.total += neuronCount * (perUid.length + 6) + 2 * subnets.length;

  const first = subnets.flatMap((s) => {
    const net = u16Bytes(s.netuid);
    return [
      { item: I.validatorPermit, parts: [net] },
      { item: I.lastUpdate, parts: [net] },
      ...uidsOf(s).flatMap((uid) => perUid.map((item) => ({ item, parts: [net, u16Bytes(uid)] }))),
    ];
  });
  const a = await view.read(first);

  interface Row {
    netuid: number;
    uid: number;
    hotkey: string;
    registrationBlock: number;
    weights: [number, number][];
    bonds: [number, number][];
    permit?: boolean;
    lastUpdate?: number;
  }
  const rows: Row[] = [];
  const dropped = { weights: 0, bonds: 0, noHotkey: 0 };
  let at = 0;
  for (const s of subnets) {
    const permits = a[at++] as readonly boolean[];
    const updates = a[at++] as readonly bigint[];
    const n = s.registeredUids ?? 0;
    for (const uid of uidsOf(s)) {
      const [hotkey, reg, w, b] = a.slice(at, at + perUid.length);
      at += perUid.length;
      if (typeof hotkey !== 'string') {
        dropped.noHotkey++;
        continue;
      }
      rows.push({
        netuid: s.netuid,
        uid,
        hotkey,
        registrationBlock: toNumber(reg) ?? 0,
        weights: sparse(w as [number, number][], n, () => dropped.weights++),
        bonds: sparse(b as [number, number][], n, () => dropped.bonds++),
        permit: permits[uid],
        lastUpdate: toNumber(updates[uid]),
      });
    }
  }

  const second = rows.flatMap((r) => {
    const hot = accountBytes(r.hotkey);
    const net = u16Bytes(r.netuid);
    return [
      { item: I.coldkey, parts: [hot] },
      { item: I.stake, parts: [hot, net] },
      { item: I.stake, parts: [hot, u16Bytes(0)] },
      { item: I.delegateTake, parts: [hot] },
      { item: I.childKeys, parts: [hot, net] },
      { item: I.childKeyTake, parts: [hot, net] },
    ];
  });
  const b = await view.read(second);

  const neurons: Record<string, StateNeuron[]> = {};
  const childKeys: NonNullable<ChainState['childKeys']> = [];
  const delegateTakes = new Map<string, number>();
  const childKeyTakes: { hotkey: string; netuid: number; take: number }[] = [];
  rows.forEach((r, i) => {
    const [coldkey, alphaStake, rootStake, delegateTake, children, childTake] = b.slice(6 * i, 6 * i + 6);
    const list = neurons[String(r.netuid)] ?? [];
    neurons[String(r.netuid)] = list;
    list.push({
      uid: r.uid,
      hotkey: r.hotkey,
      coldkey: coldkey as string | undefined,
      registrationBlock: r.registrationBlock,
      alphaStake: alphaStake as bigint,
      rootStake: rootStake as bigint,
      validatorPermit: r.permit,
      lastUpdate: r.lastUpdate,
      weights: r.weights,
      bonds: r.bonds,
    });
    if (typeof delegateTake === 'number') delegateTakes.set(r.hotkey, delegateTake);
    const kids = children as readonly (readonly [bigint, string])[];
    if (kids.length) {
      childKeys.push({
        netuid: r.netuid,
        parent: r.hotkey,
        children: kids.map(([proportion, hotkey]) => ({ hotkey, proportion })),
      });
    }
    if (childTake !== 0) childKeyTakes.push({ hotkey: r.hotkey, netuid: r.netuid, take: childTake as number });
  });
  if (dropped.noHotkey) view.noteUnknown(I.hotkey, `${dropped.noHotkey} uids`);
  if (dropped.weights) view.noteUnknown(I.weights, `${dropped.weights} entries`);
  if (dropped.bonds) view.noteUnknown(I.bonds, `${dropped.bonds} entries`);

  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const delegate = [...delegateTakes].sort(([x], [y]) => byText(x, y)).map(([hotkey, take]) => ({ hotkey, take }));
  return {
    neurons,
    childKeys: childKeys.length ? childKeys : undefined,
    takes:
      delegate.length || childKeyTakes.length
        ? {
            delegate: delegate.length ? delegate : undefined,
            childKey: childKeyTakes.length ? childKeyTakes : undefined,
          }
        : undefined,
  };
}

/** [uid, value] pairs in ascending distinct uid below `n` (the format's rule); the rest are counted as dropped. */
function sparse(pairs: readonly [number, number][], n: number, drop: () => void): [number, number][] {
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const [uid, value] of [...pairs].sort((x, y) => x[0] - y[0])) {
    if (uid >= n || seen.has(uid)) {
      drop();
      continue;
    }
    seen.add(uid);
    out.push([uid, value]);
  }
  return out;
}

function fixed<T extends 'I96F32' | 'U96F32' | 'U64F64'>(type: T, bits: Decoded | undefined) {
  return bits === undefined ? undefined : ({ [type]: bits as bigint } as { [K in T]: bigint });
}

function toNumber(v: Decoded | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UsageError(`a block number or count above 2^53 in storage: ${v}`);
  return n;
}

/** The block time, UTC, to the second unless it has milliseconds. */
function isoTime(ms: bigint): string {
  return new Date(Number(ms)).toISOString().replace('.000Z', 'Z');
}

/** "1–5, 7, 9–10" for sorted numbers. */
function ranges(ns: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    parts.push(i === j ? `${ns[i]}` : `${ns[i]}–${ns[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** One sentence per storage item that was left unknown, in item order. */
function describeUnknown(unknown: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return [...unknown]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([name, where]) => {
      const list = [...where];
      if (name === 'Keys') return `Keys: ${list.join(', ')} without a hotkey in storage were left out`;
      if (name === 'Weights' || name === 'Bonds') {
        return `${name}: ${list.join(', ')} naming a uid at or above the subnet's registered uids, or repeated, were left out`;
      }
      const scope = list.includes('global')
        ? ''
        : ` for netuid${list.length > 1 ? 's' : ''} ${ranges(list.map(Number).sort((p, q) => p - q))}`;
      return `${name}: no value stored${scope}; the runtime's configured default applies there and is left unknown`;
    });
}
