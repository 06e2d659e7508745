// A run's starting state as genesis reads it: the network values a state file holds (every field
// optional: absent = the file lacks it), and the provenance of each value of the built network
// (from the file, synthesised from the seed, or assumed by a named rule) that run.json lists.
// The file format itself (`taosim-state/v1`) is read by ./format.ts; ./read-start-state.ts maps it to this.

import type { ProtocolRules } from '../chain/network/protocol-rules.ts';

/** The subnet settings a state file can give, named as in a scenario's subnets.settings (same units). */
export interface StateSubnetSettings {
  tempo?: number;
  maxUids?: number;
  commitReveal?: boolean;
  yuma3?: boolean;
  liquidAlpha?: boolean;
  mechanisms?: number;
  kappa?: number;
  bondsPenalty?: number;
  bondsMovingAverage?: number;
  immunityPeriod?: number;
  minAllowedWeights?: number;
  maxValidators?: number;
  weightsRateLimit?: number;
  revealPeriodEpochs?: number;
  alphaLow?: number;
  alphaHigh?: number;
  alphaSigmoidSteepness?: number;
  burnTao?: number;
  minBurnTao?: number;
  maxBurnTao?: number;
}

/** One subnet of a starting state, in chain units (RAO, u16, blocks); absent = not in the file. */
export interface StateSubnet {
  netuid: number;
  /** NetworkRegisteredAt. */
  registeredBlock?: number;
  /** FirstEmissionBlockNumber; null = the subnet has not started emitting (startup mode). */
  firstEmissionBlock?: number | null;
  /** The block of its last epoch. */
  lastEpochBlock?: number;
  /** SubnetEmissionEnabled. */
  emissionEnabled?: boolean;
  /** Settings the file gives (tempo, maxUids, flags, hyperparameters), as a scenario's subnets.settings names them. */
  settings: StateSubnetSettings;
  /** SubnetworkN: uids registered. */
  uids?: number;
  /** Uids holding a validator permit. */
  validators?: number;
  /** Herfindahl index of the permitted validators' stake (1/validators = equal). */
  validatorStakeHhi?: number;
  /** Share of the wallets' alpha staked on the owner's hotkey. */
  ownerStakeShare?: number;
  /** SubnetAlphaIn, alpha RAO. */
  alphaIn?: bigint;
  /** Alpha staked by wallets (SubnetAlphaOut less burned and protocol alpha), alpha RAO. */
  alphaStaked?: bigint;
  /** SubnetProtocolAlpha, alpha RAO. */
  alphaProtocol?: bigint;
  /** AlphaBurned, alpha RAO. */
  alphaBurned?: bigint;
  /** SubnetTAO: the pool's TAO reserve, RAO. */
  poolTao?: bigint;
  /** SubnetMovingPrice as U64F64 bits. */
  movingPrice?: bigint;
  /** MinerBurned as U64F64 bits. */
  minerBurned?: bigint;
  /** Pending emission since the last epoch, alpha RAO. */
  pending?: { server: bigint; validator: bigint; root: bigint; owner: bigint };
  /** Its uids as the file holds them (uid k at index k, every uid below SubnetworkN); absent = synthesised. */
  neurons?: StateNeuron[];
}

/** One uid of a subnet as the file holds it; keys are SS58 (genesis maps each distinct key to one agent). */
export interface StateNeuron {
  uid: number;
  hotkey: string;
  coldkey?: string;
  registrationBlock?: number;
  /** TotalHotkeyAlpha on the subnet, alpha RAO. */
  alphaStake?: bigint;
  /** The hotkey's root stake, RAO. */
  rootStake?: bigint;
  validatorPermit?: boolean;
  lastUpdate?: number;
  /** Stored rows: [target uid, u16] pairs in ascending target uid. */
  weights?: [number, number][];
  bonds?: [number, number][];
}

/** Child keys and takes the file holds (hotkeys as SS58). */
export interface StateDelegation {
  /** ChildKeys: `parent` lends proportion / u64::MAX of its stake to `child` on `netuid`. */
  childKeys: { netuid: number; parent: string; child: string; proportion: bigint }[];
  /** Delegates: the validator take (u16) per hotkey. */
  delegateTakes: { hotkey: string; take: number }[];
  /** ChildkeyTake (u16) per (hotkey, netuid). */
  childkeyTakes: { hotkey: string; netuid: number; take: number }[];
}

/** A starting state: where it was read, the chain's global values, and its subnets by netuid. */
export interface StartState {
  /** The file as the scenario names it (relative to the scenario file). */
  file: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  block: number;
  /** UTC date of the block, YYYY-MM-DD. */
  date?: string;
  /** The runtime's spec_version at the block. */
  specVersion?: number;
  /** TotalIssuance, RAO. */
  issuance?: bigint;
  /** Protocol rules the file states (TaoWeight, the owner cut, the gate's rank), over the preset's. */
  rules: Partial<ProtocolRules>;
  /** EmissionGateBar θ, U64F64 bits. */
  emissionGateBar?: bigint;
  /** Ascending netuid. */
  subnets: StateSubnet[];
  /** Child keys and takes; absent = the file has none. */
  delegation?: StateDelegation;
}

/** Where one field of the starting network came from; `netuids` absent = every subnet of the state. */
export interface ProvenanceEntry {
  field: string;
  netuids?: number[];
  /** How it was synthesised or what was assumed (absent for values taken from the file). */
  rule?: string;
}

export interface Provenance {
  state: { file: string; sha256: string; block: number; specVersion: number | null; preset: string };
  fromFile: ProvenanceEntry[];
  synthesised: ProvenanceEntry[];
  assumed: ProvenanceEntry[];
}

/** Collects per-subnet sources field by field and lists them grouped (first-seen field order). */
export class ProvenanceBook {
  private readonly byField = new Map<
    string,
    Map<string, { kind: keyof Omit<Provenance, 'state'>; netuids: number[] }>
  >();

  constructor(private readonly allNetuids: readonly number[]) {}

  note(field: string, netuid: number, kind: 'fromFile' | 'synthesised' | 'assumed', rule = ''): void {
    const rules = this.rulesOf(field);
    const key = `${kind}\0${rule}`;
    const e = rules.get(key) ?? { kind, netuids: [] };
    rules.set(key, e);
    e.netuids.push(netuid);
  }

  /** A network-wide value (not per subnet). */
  global(field: string, kind: 'fromFile' | 'synthesised' | 'assumed', rule?: string): void {
    this.rulesOf(field).set(`${kind}\0${rule ?? ''}`, { kind, netuids: [...this.allNetuids] });
  }

  private rulesOf(field: string) {
    const rules = this.byField.get(field) ?? new Map();
    this.byField.set(field, rules);
    return rules;
  }

  build(state: Provenance['state']): Provenance {
    const out: Provenance = { state, fromFile: [], synthesised: [], assumed: [] };
    const all = this.allNetuids.length;
    for (const [field, rules] of this.byField) {
      for (const [key, { kind, netuids }] of rules) {
        const rule = key.slice(key.indexOf('\0') + 1);
        const entry: ProvenanceEntry = { field };
        if (netuids.length !== all) entry.netuids = netuids;
        if (rule) entry.rule = rule;
        out[kind].push(entry);
      }
    }
    return out;
  }
}

/** Stake shares of `count` validators by rank: (i + 1)^(−concentration), normalised. */
export function rankShares(count: number, concentration: number): number[] {
  const w = Array.from({ length: count }, (_, i) => Math.pow(i + 1, -concentration));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

export function herfindahl(shares: readonly number[]): number {
  return shares.reduce((a, x) => a + x * x, 0);
}

/** The concentration whose rank shares give Herfindahl index `hhi` (bisection; 0 when hhi ≤ 1/count). */
export function concentrationForHhi(count: number, hhi: number): number {
  if (count <= 1 || hhi <= 1 / count) return 0;
  let lo = 0;
  let hi = 64; // (i + 1)^−64: the top validator holds all but ~1e-19
  if (herfindahl(rankShares(count, hi)) <= hhi) return hi;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (herfindahl(rankShares(count, mid)) < hhi) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * `total` split by `shares` in RAO, each floor(total × share) from an integer share in parts per
 * 2^32, and what flooring left over to the first (largest) part, so the parts sum to `total` exactly.
 */
export function splitExactly(total: bigint, shares: readonly number[]): bigint[] {
  const parts = shares.map((x) => (total * BigInt(Math.floor(x * 2 ** 32))) >> 32n);
  const left = total - parts.reduce((a, b) => a + b, 0n);
  if (parts.length > 0) parts[0] += left;
  return parts;
}
