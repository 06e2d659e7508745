// Mechanisms (sub-subnets): several weight matrices on one subnet, each with its own epoch on its
// share of the subnet's emission, the results combined into what the chain stores for the subnet
// (protocol-2026h2.md §5.3, subtensor `subnets/mechanism.rs`).

import { U64F64 } from '../fixed/fixed.ts';
import { U16_MAX } from '../fixed/u16.ts';
import type { EpochResult } from '../yuma/epoch.ts';
import type { NeuronState } from '../yuma/neurons.ts';
import { emptyU16Csr } from '../yuma/sparse.ts';
import { emptyRow } from '../yuma/weights.ts';
import type { SubnetState } from './subnet.ts';

/** Storage indices of different mechanisms of one netuid are 4096 apart. */
export const MECHANISM_INDEX_STRIDE = 4096;
/** The chain's hard ceiling on MechanismCountCurrent. */
export const MAX_MECHANISM_COUNT = 16;
/** MaxAllowedUids × MechanismCountCurrent may not exceed this. */
export const MECHANISM_UID_LIMIT = 256;

/** The key of mechanism `mech` of `netuid` in per-mechanism storage (Weights, Bonds, Incentive, …). */
export function mechanismStorageIndex(netuid: number, mech: number): number {
  return netuid + MECHANISM_INDEX_STRIDE * mech;
}

/**
 * E split among `count` mechanisms. With a split (u16 shares summing to 65535) each gets
 * ⌊E·s_m/65535⌋, missing entries 0; without one each gets ⌊E/count⌋. What the floors leave goes to
 * mechanism 0, so the parts always sum to E.
 */
export function splitMechanismEmission(E: bigint, count: number, split?: readonly number[]): bigint[] {
  const parts = split
    ? Array.from({ length: count }, (_, m) => (E * BigInt(split[m] ?? 0)) / BigInt(U16_MAX))
    : new Array<bigint>(count).fill(count === 0 ? 0n : E / BigInt(count));
  let sum = 0n;
  for (const p of parts) sum += p;
  if (count > 0 && E > sum) parts[0] += E - sum;
  return parts;
}

/** A mechanism's weight in the stored averages: E_m ⊘ E in U64F64; with E = 0, 1 for mechanism 0, else 0. */
export function mechanismWeight(Em: bigint, E: bigint, mech: number): bigint {
  if (E === 0n) return U64F64.fromInt(mech === 0 ? 1 : 0);
  return U64F64.div(U64F64.fromInt(Em), U64F64.fromInt(E));
}

/** ⌊acc + x ⊗ w⌋ in U64F64: one step of the chain's weighted accumulation of a stored term. */
export function weightedAccumulate(acc: bigint, x: bigint, w: bigint): bigint {
  return U64F64.toInt(U64F64.add(U64F64.fromInt(acc), U64F64.mul(U64F64.fromInt(x), w)));
}

function accU16(acc: number[], xs: number[], w: bigint): void {
  for (let i = 0; i < acc.length; i++) {
    const v = weightedAccumulate(BigInt(acc[i]), BigInt(xs[i]), w);
    acc[i] = Number(v > BigInt(U16_MAX) ? BigInt(U16_MAX) : v);
  }
}

/**
 * What the subnet gets from its mechanisms' epochs (results[m] ran on parts[m], E = Σ parts):
 * server and validator emission summed per uid; dividends, stake weight, consensus, validator trust,
 * incentive and `Emission` accumulated in mechanism order as ⌊acc + x ⊗ (E_m ⊘ E)⌋; active and the
 * permit ORed. Bonds and the unrounded values are mechanism 0's (bonds stay per mechanism).
 */
export function combineMechanismResults(results: EpochResult[], parts: bigint[]): EpochResult {
  let E = 0n;
  for (const p of parts) E += p;
  const first = results[0];
  const n = first.active.length;
  const zeros = () => new Array<number>(n).fill(0);
  const out: EpochResult = {
    active: new Array<boolean>(n).fill(false),
    stakeWeight: zeros(),
    validatorPermit: new Array<boolean>(n).fill(false),
    consensus: zeros(),
    incentive: zeros(),
    dividends: zeros(),
    validatorTrust: zeros(),
    bonds: first.bonds,
    serverEmission: new Array<bigint>(n).fill(0n),
    validatorEmission: new Array<bigint>(n).fill(0n),
    emission: new Array<bigint>(n).fill(0n),
    exact: first.exact,
  };
  results.forEach((r, m) => {
    const w = mechanismWeight(parts[m], E, m);
    for (let i = 0; i < n; i++) {
      out.active[i] ||= r.active[i];
      out.validatorPermit[i] ||= r.validatorPermit[i];
      out.serverEmission[i] += r.serverEmission[i];
      out.validatorEmission[i] += r.validatorEmission[i];
      out.emission[i] = weightedAccumulate(out.emission[i], r.emission[i], w);
    }
    accU16(out.stakeWeight, r.stakeWeight, w);
    accU16(out.consensus, r.consensus, w);
    accU16(out.incentive, r.incentive, w);
    accU16(out.dividends, r.dividends, w);
    accU16(out.validatorTrust, r.validatorTrust, w);
  });
  return out;
}

/**
 * Give the subnet `count` mechanisms (1 removes the others). A new mechanism starts with the uids,
 * registration blocks, permits and LastUpdate of mechanism 0, and no weights or bonds.
 */
export function setMechanismCount(s: SubnetState, count: number, split?: readonly number[]): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_MECHANISM_COUNT) {
    throw new Error(`mechanism count must be an integer 1..${MAX_MECHANISM_COUNT}, got ${count}`);
  }
  if (count === 1) {
    delete s.mechanisms;
    return;
  }
  const extra: NeuronState[] = s.mechanisms?.extra.slice(0, count - 1) ?? [];
  while (extra.length < count - 1) extra.push(copyOfUids(s.neurons));
  s.mechanisms = split ? { split: split.slice(), extra } : { extra };
}

function copyOfUids(n0: NeuronState): NeuronState {
  const n = n0.n;
  return {
    n,
    weights: Array.from({ length: n }, emptyRow),
    bonds: emptyU16Csr(n),
    lastUpdate: n0.lastUpdate.slice(),
    blockAtRegistration: n0.blockAtRegistration.slice(),
    validatorPermit: n0.validatorPermit.slice(),
    lastStepBlock: n0.lastStepBlock,
  };
}
