// From a scenario to the chain's starting state and the agents in it. Every random choice comes from
// a named stream, so adding a subnet or a miner never changes anyone else's draws.

import { drawQuality } from '../../models/miners/static-quality.ts';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { U64F64 } from '../chain/fixed/fixed.ts';
import { setMechanismCount } from '../chain/network/mechanisms.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import { PERQUINTILL, type Pool } from '../chain/network/pool.ts';
import { assignUid, createSubnet, type SubnetConfig, type SubnetState } from '../chain/network/subnet.ts';
import type { YumaParams } from '../chain/yuma/epoch.ts';
import { appendUids } from '../chain/yuma/neurons.ts';
import type { RandomStreams, Rng } from '../engine/index.ts';
import type { Scenario, SubnetSettings, SubnetsSection } from '../scenario/scenario.ts';
import { GENESIS_ALPHA_ISSUANCE_LIMIT, taoToRao } from '../scenario/scenario.ts';
import { type Provenance, rankShares } from '../state/start-state.ts';
import { UsageError } from '../util/errors.ts';
import { drawMix, drawValidatorCounts } from './network-shape.ts';

/** Agent ids: one id per actor, used both as hotkey and coldkey. */
export const MARKET = 0;

export type Role = 'market' | 'validator' | 'owner' | 'miner' | 'staker';

export interface Agents {
  role: Role[];
  /** Miner quality by agent id (NaN for non-miners). */
  quality: number[];
  /** Global validator agents, strongest first. */
  validators: number[];
  /** Block each agent joined. */
  joined: number[];
  /**
   * A stable name per agent, independent of how many other agents exist: it names the agent's random
   * streams, so adding an agent to a scenario leaves every other agent's draws unchanged.
   */
  name: string[];
}

export function addAgent(a: Agents, role: Role, quality: number, block: number, name: string): number {
  a.role.push(role);
  a.name.push(name);
  a.quality.push(quality);
  a.joined.push(block);
  return a.role.length - 1;
}

/** What genesis reads of a scenario: everything but the validators', the market's and the metrics' sections. */
export type GenesisParams = Pick<Scenario, 'start' | 'protocol' | 'subnets' | 'pools' | 'stake' | 'miners'>;

/**
 * What a subnet is built from, at genesis and when one registers during the run: the subnet
 * settings with their per-subnet overrides, and the pool model of the protocol rules.
 */
export interface SubnetRecipe {
  subnets: Pick<SubnetsSection, 'settings' | 'overrides'>;
  protocol: { rules: Pick<Scenario['protocol']['rules'], 'pool'> };
}

/** Settings of subnet `netuid`: the defaults with its overrides applied. */
export function subnetSettings(subnets: SubnetRecipe['subnets'], netuid: number): SubnetSettings {
  const o = subnets.overrides.filter((x) => x.netuid === netuid);
  return Object.assign({}, subnets.settings, ...o.map(({ netuid: _n, ...rest }) => rest));
}

function yumaParams(x: SubnetSettings): YumaParams {
  return {
    kappa: x.kappa,
    bondsMovingAverage: x.bondsMovingAverage,
    bondsPenalty: x.bondsPenalty,
    yuma3: x.yuma3,
    liquidAlpha: x.liquidAlpha,
    alphaLow: x.alphaLow,
    alphaHigh: x.alphaHigh,
    alphaSigmoidSteepness: x.alphaSigmoidSteepness,
    maxAllowedValidators: x.maxValidators,
    activityCutoff: 0, // set per epoch from the rules (§3.2)
    stakeThreshold: 0n,
    taoWeight: 0n,
  };
}

/**
 * A subnet as `init_new_network` creates it (protocol.md §5.4) with the scenario's settings: the lock
 * seeds the pool at price 1 (TAO = alpha = lock).
 */
export function newSubnetConfig(
  sc: SubnetRecipe,
  netuid: number,
  block: number,
  owner: number,
  lock: bigint,
  x: SubnetSettings = subnetSettings(sc.subnets, netuid),
): SubnetConfig {
  return {
    netuid,
    block,
    tempo: x.tempo,
    params: yumaParams(x),
    maxUids: x.maxUids,
    immunityPeriod: x.immunityPeriod,
    minAllowedWeights: x.minAllowedWeights,
    weightsRateLimit: x.weightsRateLimit,
    commitReveal: x.commitReveal,
    revealPeriodEpochs: x.revealPeriodEpochs,
    ownerColdkey: owner,
    ownerHotkey: owner,
    pool: withPoolModel(sc, { tao: lock, alphaIn: lock }),
    alphaOut: 0n,
    movingPrice: 0n,
    burn: taoToRao(x.burnTao),
    minBurn: taoToRao(x.minBurnTao),
    maxBurn: taoToRao(x.maxBurnTao),
    epochConsensus: x.epochConsensus,
  };
}

/** A balancer pool starts at equal weights (w_q = 0.5): the same price as the constant product. */
export function withPoolModel(sc: SubnetRecipe, pool: Pool): Pool {
  return sc.protocol.rules.pool === 'balancer' ? { ...pool, quoteWeight: PERQUINTILL / 2n } : pool;
}

/** floor(total × share) in RAO, computed from an integer share in parts per 2^32. */
function shareOf(total: bigint, share: number): bigint {
  return (total * BigInt(Math.floor(share * 2 ** 32))) >> 32n;
}

export interface Genesis {
  network: NetworkState;
  agents: Agents;
  /** What genesis had to change in the scenario's draws, one line each (stderr and run.json). */
  warnings: string[];
  /** From a state file: where each starting value came from (run.json); absent otherwise. */
  provenance?: Provenance;
}

export function genesis(sc: GenesisParams, streams: RandomStreams): Genesis {
  const warnings: string[] = [];
  const agents = newAgents(sc.start.block);
  const { network, shares } = genesisNetwork(sc, agents, sc.stake.validators);
  const validatorCounts = drawValidatorCounts(sc.subnets, streams);
  const mix = drawMix(sc.subnets, streams, warnings);
  for (let netuid = 1; netuid <= sc.subnets.count; netuid++) {
    // The mix on the scenario's settings, and a subnet's own overrides over both.
    const mixed: SubnetSettings = { ...sc.subnets.settings, ...mix[netuid - 1] };
    const settings = subnetSettings({ settings: mixed, overrides: sc.subnets.overrides }, netuid);
    const shape = { settings, validators: validatorCounts[netuid - 1] };
    network.subnets.push(genesisSubnet(sc, agents, netuid, shape, streams, shares, warnings));
  }
  settleBalances(sc, network, agents, 'pools.taoMedian, pools.taoSpread', '$.start.issuanceTao');
  return { network, agents, warnings };
}

/** The agents before anyone joins: the market alone. */
export function newAgents(block: number): Agents {
  const agents: Agents = { role: [], quality: [], validators: [], joined: [], name: [] };
  addAgent(agents, 'market', NaN, block, 'market');
  return agents;
}

/**
 * The network before its subnets: `count` global validators (strongest first) with their root stake
 * (stake.rootTotal split by rank at stake.concentration), and the start's issuance.
 */
export function genesisNetwork(
  sc: Pick<GenesisParams, 'start' | 'protocol' | 'stake'>,
  agents: Agents,
  count: number,
): { network: NetworkState; shares: number[] } {
  const block = sc.start.block;
  const shares = rankShares(count, sc.stake.concentration);
  const rootTotal = taoToRao(sc.stake.rootTotal);
  const rootStake: bigint[] = [0n];
  for (let i = 0; i < count; i++) {
    agents.validators.push(addAgent(agents, 'validator', NaN, block, `validator/${i}`));
    rootStake.push(
      sc.protocol.rules.era === 'root' || sc.protocol.rules.taoWeight > 0n ? shareOf(rootTotal, shares[i]) : 0n,
    );
  }
  let rootSum = 0n;
  for (const x of rootStake) rootSum += x;

  const network: NetworkState = {
    rules: sc.protocol.rules,
    block,
    issuance: sc.start.issuance,
    minted: 0n,
    recycled: 0n,
    startIssuance: sc.start.issuance,
    subnets: [],
    rootStake,
    rootTotal: rootSum,
    balance: [0n],
    rootDividendsTao: 0n,
    unattributedTao: 0n,
    rootEmissionValues: new Map(),
    rootWeights: new Map(),
  };
  return { network, shares };
}

/**
 * Balances once the subnets exist: each miner's budget, and the rest of the issuance to the market
 * (it stakes and unstakes through the pools). Refused, naming `path` and what to lower (`pools`),
 * when root stake, pools and budgets exceed the issuance.
 */
export function settleBalances(
  sc: Pick<GenesisParams, 'miners'>,
  network: NetworkState,
  agents: Agents,
  pools: string,
  path: string,
): void {
  while (network.balance.length < agents.role.length) network.balance.push(0n);
  for (let id = 0; id < agents.role.length; id++) {
    if (agents.role[id] === 'miner') network.balance[id] = taoToRao(sc.miners.budgetTao);
  }
  let budgets = 0n;
  for (const b of network.balance) budgets += b;
  let poolTao = 0n;
  for (const s of network.subnets) poolTao += s.pool.tao;
  const held = network.rootTotal + budgets + poolTao;
  if (held > network.issuance) {
    // The scenario check bounds the medians; the pools drawn around them (pools.taoSpread) and the
    // miners' budgets can still add up to more than the issuance.
    const tao = (x: bigint) => String(x / 1_000_000_000n);
    throw new UsageError(
      `at the start, root stake (${tao(network.rootTotal)} TAO) plus the pools as drawn (${tao(poolTao)} TAO) plus miner budgets (${tao(budgets)} TAO) ` +
        `exceed the starting issuance (${tao(network.issuance)} TAO); raise it, or lower ${pools}, stake.rootTotal or miners.budgetTao`,
      undefined,
      path,
    );
  }
  network.balance[MARKET] = network.issuance - held;
}

/**
 * Subnet `netuid`'s pool as drawn (lognormal TAO and price around the scenario's medians), clipped
 * if the alpha it holds plus the validators' `alphaOut` would reach GENESIS_ALPHA_ISSUANCE_LIMIT:
 * both reserves shrink by the same factor, so the drawn price (and with it the subnet's share of
 * emission) is kept and only the pool's depth changes.
 */
export function genesisPool(
  sc: Pick<Scenario, 'protocol' | 'pools'>,
  netuid: number,
  rng: Rng,
  alphaOut: bigint,
  warnings: string[],
): { tao: bigint; alpha: bigint; price: number } {
  const root = sc.protocol.rules.era === 'root';
  const tao = root ? 0n : taoToRao(sc.pools.taoMedian * Math.exp(sc.pools.taoSpread * rng.normal()));
  const price = sc.pools.priceMedian * Math.exp(sc.pools.priceSpread * rng.normal());
  const alpha = root ? 0n : taoToRao(Number(tao) / 1e9 / price);
  if (alpha + alphaOut < GENESIS_ALPHA_ISSUANCE_LIMIT) return { tao, alpha, price };
  // The scenario check keeps the median pool plus stake.alphaPerSubnet below the limit, so some
  // alpha always remains.
  const clipped = GENESIS_ALPHA_ISSUANCE_LIMIT - 1n - alphaOut;
  const clippedTao = (tao * clipped) / alpha;
  const whole = (x: bigint) => String(x / 1_000_000_000n);
  warnings.push(
    `subnet ${netuid}: pool drawn at ${whole(alpha)} alpha and ${whole(tao)} TAO (${whole(alpha + alphaOut)} alpha issued with the ${whole(alphaOut)} staked; ` +
      `the supply is 21000000) clipped at the same price to ${whole(clipped)} alpha and ${whole(clippedTao)} TAO, below the first alpha halving ` +
      `(${whole(GENESIS_ALPHA_ISSUANCE_LIMIT)} issued) where a scenario's subnets start (see pools.taoSpread, pools.priceSpread)`,
  );
  return { tao: clippedTao, alpha: clipped, price };
}

/** A starting subnet's own settings (the mix and its overrides applied) and its validator uids. */
interface SubnetShape {
  settings: SubnetSettings;
  validators: number;
}

function genesisSubnet(
  sc: GenesisParams,
  agents: Agents,
  netuid: number,
  { settings: x, validators }: SubnetShape,
  streams: RandomStreams,
  shares: number[],
  warnings: string[],
): SubnetState {
  const block = sc.start.block;
  const root = sc.protocol.rules.era === 'root';
  // The validators' alpha stakes (ranks 0 .. validators − 1); they are outstanding alpha.
  const alphaTotal = taoToRao(sc.stake.alphaPerSubnet);
  const stakes = Array.from({ length: validators }, (_, u) => (root ? 0n : shareOf(alphaTotal, shares[u])));
  const alphaOut = stakes.reduce((a, b) => a + b, 0n);
  const pool = genesisPool(sc, netuid, streams.stream(`genesis/sn${netuid}`), alphaOut, warnings);
  const owner = addAgent(agents, 'owner', NaN, block, `owner/sn${netuid}`);
  const s = createSubnet({
    ...newSubnetConfig(sc, netuid, block, owner, 0n, x),
    pool: withPoolModel(sc, { tao: pool.tao, alphaIn: pool.alpha }),
    movingPrice: U64F64.fromNum(Math.min(pool.price, 1)),
  });
  // Subnets in the scenario are established: registered 180 days and emitting 90 days before the run.
  s.createdAt = Math.max(0, block - 180 * BLOCKS_PER_DAY);
  s.firstEmissionBlock = Math.max(0, block - 90 * BLOCKS_PER_DAY);
  seatSynthesisedNeurons(s, sc, agents, streams, { uids: sc.subnets.initialUids, validators }, stakes, x.maxValidators);
  if (x.mechanisms !== undefined && x.mechanisms > 1) setMechanismCount(s, x.mechanisms, x.mechanismSplit);
  if (x.emissionEnabled === false) s.emissionEnabled = false;
  return s;
}

/**
 * Fills a new subnet's uids as genesis synthesises them: the global validators on uids
 * 0 .. validators − 1 with their alpha `stakes` (outstanding alpha), then new miners whose quality is
 * drawn from their own stream; permits for validator uids below `maxValidators`.
 */
export function seatSynthesisedNeurons(
  s: SubnetState,
  sc: Pick<GenesisParams, 'start' | 'miners'>,
  agents: Agents,
  streams: RandomStreams,
  roster: { uids: number; validators: number },
  stakes: readonly bigint[],
  maxValidators: number,
): void {
  const block = sc.start.block;
  const first = appendUids(s.neurons, roster.uids, block);
  for (let u = 0; u < roster.uids; u++) {
    const isValidator = u < roster.validators;
    const hotkey = isValidator
      ? agents.validators[u]
      : addAgent(agents, 'miner', NaN, block, `miner/sn${s.netuid}/uid${u}`);
    if (!isValidator) agents.quality[hotkey] = drawQuality(sc.miners, streams.stream(agents.name[hotkey]));
    assignUid(s, first + u, hotkey);
    s.emission.push(0n);
    const stake = isValidator ? stakes[u] : 0n;
    s.alphaStake.push(stake);
    s.alphaOut += stake;
    s.neurons.validatorPermit[u] = isValidator && u < maxValidators;
  }
}
