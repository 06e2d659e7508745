// A state file (`taosim-state/v1`, read and checked by sim/state/format.ts) mapped to what a run
// takes of it (./start-state.ts): chain units as the simulation holds them, settings named as a
// scenario names them. What the run cannot take yet (per-coldkey `delegations`: the model keeps one
// stake per hotkey, with no nominator shares) is refused with its JSON path rather than silently dropped.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProtocolRules } from '../chain/network/protocol-rules.ts';
import { UsageError } from '../util/errors.ts';
import { parseJson } from '../util/json.ts';
import type { ChainState, StateSubnet as FileSubnet } from './format.ts';
import { parseState } from './format.ts';
import type { StartState, StateSubnet, StateSubnetSettings } from './start-state.ts';

/** The state at `path` (named `name` in the scenario); a UsageError naming the file and JSON path if it cannot be used. */
export function readStartState(path: string, name: string): StartState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? 'state file not found' : `cannot read the state file (${code ?? e})`,
      path,
    );
  }
  const st = parseState(parseJson(bytes.toString('utf8'), path), path);
  if (st.delegations !== undefined)
    throw new UsageError(
      "a run cannot start from delegations (per-coldkey stake): the model keeps one stake per hotkey, without nominator shares; remove it (each hotkey's total is neurons[].alphaStake)",
      path,
      '$.delegations',
    );
  const subnets = st.subnets.filter((x) => x.netuid !== 0);
  if (subnets.length === 0) throw new UsageError('expected at least one subnet (netuid ≥ 1)', path, '$.subnets');
  const delegation = fileDelegation(st);
  return {
    file: name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    block: st.block,
    date: st.time.slice(0, 10),
    specVersion: st.specVersion,
    ...(st.global.totalIssuance === undefined ? {} : { issuance: st.global.totalIssuance }),
    rules: fileRules(st),
    ...(st.global.emissionGate?.bar === undefined ? {} : { emissionGateBar: st.global.emissionGate.bar.U64F64 }),
    subnets: subnets.map((x) => withNeurons(startSubnet(x), st, path)),
    ...(delegation === undefined ? {} : { delegation }),
  };
}

/** Subnet `out` with the file's neurons of it, checked to be every uid below SubnetworkN (0..n−1). */
function withNeurons(out: StateSubnet, st: ChainState, path: string): StateSubnet {
  const key = String(out.netuid);
  const rows = st.neurons?.[key];
  if (rows === undefined) return out;
  rows.forEach((nr, i) => {
    if (nr.uid !== i)
      throw new UsageError(
        `uid ${i} is missing: a run takes a subnet's neurons as uids 0..n−1`,
        path,
        `$.neurons.${key}[${i}].uid`,
      );
  });
  if (out.uids !== undefined && out.uids !== rows.length)
    throw new UsageError(
      `${rows.length} neurons for ${out.uids} registered uids (subnets[].registeredUids): a run needs every uid`,
      path,
      `$.neurons.${key}`,
    );
  out.uids = rows.length;
  out.neurons = rows.map((nr) => ({
    ...nr,
    weights: nr.weights?.map(([u, v]) => [u, v]),
    bonds: nr.bonds?.map(([u, v]) => [u, v]),
  }));
  return out;
}

/** The file's child keys and takes, hotkeys as SS58; absent when it has neither. */
function fileDelegation(st: ChainState): StartState['delegation'] {
  if (st.childKeys === undefined && st.takes === undefined) return undefined;
  return {
    childKeys: (st.childKeys ?? []).flatMap((c) =>
      c.children.map((k) => ({ netuid: c.netuid, parent: c.parent, child: k.hotkey, proportion: k.proportion })),
    ),
    delegateTakes: (st.takes?.delegate ?? []).map((t) => ({ hotkey: t.hotkey, take: t.take })),
    childkeyTakes: (st.takes?.childKey ?? []).map((t) => ({ hotkey: t.hotkey, netuid: t.netuid, take: t.take })),
  };
}

/** The protocol values the file states. */
function fileRules(st: ChainState): Partial<ProtocolRules> {
  const g = st.global;
  const r: Partial<ProtocolRules> = {};
  if (g.taoWeight !== undefined) r.taoWeight = g.taoWeight;
  if (g.subnetOwnerCut !== undefined) r.ownerCut = g.subnetOwnerCut;
  if (g.subnetLimit !== undefined) r.subnetLimit = g.subnetLimit;
  return r;
}

const raoToTao = (x: bigint) => Number(x) / 1e9;

/** Sets `o[k]` only where the file gives a value: absent stays absent (never a silent default). */
function putDefined<T, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

function startSubnet(x: FileSubnet): StateSubnet {
  const settings: StateSubnetSettings = {};
  const set = <K extends keyof StateSubnetSettings>(k: K, v: StateSubnetSettings[K] | undefined) =>
    putDefined(settings, k, v);
  set('tempo', x.tempo);
  set('maxUids', x.maxUids);
  set('commitReveal', x.commitReveal);
  set('yuma3', x.yuma3);
  set('liquidAlpha', x.liquidAlpha);
  set('mechanisms', x.mechanismCount);
  const h = x.hyperparameters ?? {};
  set('kappa', h.kappa);
  set('bondsPenalty', h.bondsPenalty);
  set('bondsMovingAverage', h.bondsMovingAverage);
  set('immunityPeriod', h.immunityPeriod);
  set('minAllowedWeights', h.minAllowedWeights);
  set('maxValidators', h.maxAllowedValidators);
  set('weightsRateLimit', h.weightsRateLimit);
  set('revealPeriodEpochs', h.revealPeriodEpochs);
  set('alphaLow', h.alphaLow);
  set('alphaHigh', h.alphaHigh);
  set('alphaSigmoidSteepness', h.alphaSigmoidSteepness);
  set('burnTao', h.burn === undefined ? undefined : raoToTao(h.burn));
  set('minBurnTao', h.minBurn === undefined ? undefined : raoToTao(h.minBurn));
  set('maxBurnTao', h.maxBurn === undefined ? undefined : raoToTao(h.maxBurn));

  const a = x.aggregates ?? {};
  const out: StateSubnet = { netuid: x.netuid, settings };
  const put = <K extends keyof StateSubnet>(k: K, v: StateSubnet[K] | undefined) => putDefined(out, k, v);
  put('registeredBlock', x.registeredAt);
  put('firstEmissionBlock', x.firstEmissionBlock);
  put('lastEpochBlock', x.lastEpochBlock);
  put('emissionEnabled', x.emissionEnabled);
  put('uids', x.registeredUids);
  put('validators', a.validatorCount);
  put('validatorStakeHhi', a.validatorStakeHhi);
  put('ownerStakeShare', a.ownerStakeShare);
  put('alphaIn', x.alphaIn);
  put('alphaProtocol', x.protocolAlpha);
  put('alphaBurned', x.alphaBurned);
  // The wallets' stake: what is outside the pool less burned and protocol-owned alpha.
  if (x.alphaOut !== undefined) {
    const rest = x.alphaOut - (x.protocolAlpha ?? 0n) - (x.alphaBurned ?? 0n);
    out.alphaStaked = rest > 0n ? rest : 0n;
  }
  put('poolTao', x.taoIn);
  // I96F32 bits to U64F64 bits (32 more fraction bits); a negative price is none.
  if (x.movingPrice !== undefined) out.movingPrice = x.movingPrice.I96F32 > 0n ? x.movingPrice.I96F32 << 32n : 0n;
  if (x.minerBurned !== undefined) out.minerBurned = x.minerBurned.U96F32 << 32n;
  if (x.pending !== undefined) {
    const p = x.pending;
    out.pending = {
      server: p.serverEmission ?? 0n,
      validator: p.validatorEmission ?? 0n,
      root: p.rootAlphaDivs ?? 0n,
      owner: p.ownerCut ?? 0n,
    };
  }
  return out;
}
