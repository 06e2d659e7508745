// Small hand-built networks for chain tests.
import { U64F64 } from '../../sim/chain/fixed/fixed.ts';
import type { NetworkState } from '../../sim/chain/network/network-state.ts';
import { type EmissionEra, ERA_PRESETS, type ProtocolRules } from '../../sim/chain/network/protocol-rules.ts';
import { assignUid, createSubnet, type SubnetState } from '../../sim/chain/network/subnet.ts';
import { NEW_SUBNET_DEFAULTS } from '../../sim/chain/params.ts';
import { appendUid } from '../../sim/chain/yuma/neurons.ts';

export function testNetwork(era: EmissionEra, overrides: Partial<ProtocolRules> = {}): NetworkState {
  return {
    rules: { ...ERA_PRESETS[era], ...overrides },
    block: 0,
    issuance: 1_000_000_000_000_000n,
    minted: 0n,
    recycled: 0n,
    startIssuance: 1_000_000_000_000_000n,
    subnets: [],
    rootStake: [],
    rootTotal: 0n,
    balance: [],
    rootDividendsTao: 0n,
    unattributedTao: 0n,
    rootEmissionValues: new Map(),
    rootWeights: new Map(),
  };
}

export interface SubnetSpec {
  netuid: number;
  tao?: bigint;
  alphaIn?: bigint;
  alphaOut?: bigint;
  movingPrice?: number;
  tempo?: number;
  maxUids?: number;
  immunityPeriod?: number;
  commitReveal?: boolean;
  /** hotkeys to register at block 0, in uid order */
  hotkeys?: number[];
  ownerHotkey?: number;
}

export function addSubnet(net: NetworkState, spec: SubnetSpec): SubnetState {
  const s = createSubnet({
    netuid: spec.netuid,
    block: 0,
    tempo: spec.tempo ?? 360,
    params: { ...NEW_SUBNET_DEFAULTS, activityCutoff: 5000 },
    maxUids: spec.maxUids ?? 256,
    immunityPeriod: spec.immunityPeriod ?? 5000,
    minAllowedWeights: 1,
    weightsRateLimit: 100,
    commitReveal: spec.commitReveal ?? false,
    revealPeriodEpochs: 1,
    ownerColdkey: spec.ownerHotkey ?? 9999,
    ownerHotkey: spec.ownerHotkey ?? 9999,
    pool: { tao: spec.tao ?? 1_000_000_000_000n, alphaIn: spec.alphaIn ?? 1_000_000_000_000n },
    alphaOut: spec.alphaOut ?? 0n,
    movingPrice: U64F64.fromNum(spec.movingPrice ?? 1),
    burn: 1_000_000_000n,
    minBurn: 500_000n,
    maxBurn: 100_000_000_000n,
  });
  s.firstEmissionBlock = 0;
  for (const h of spec.hotkeys ?? []) {
    assignUid(s, appendUid(s.neurons, 0), h);
    s.alphaStake.push(0n);
    s.emission.push(0n);
  }
  net.subnets.push(s);
  return s;
}
