// One run of a scenario: build the starting state, schedule the chain's blocks and the agents'
// actions on the discrete-event engine, collect metrics, and return the output tables.
// Phases within a block: the chain first (protocol.md §2.1), then agents, then observers.

import type { Scenario } from '../../scenarios/scenario.ts';
import { taoToRao } from '../../scenarios/scenario.ts';
import { honestWeights } from '../../models/validators/honest.ts';
import { drawQuality, nextArrivalDays } from '../../models/miners/static-quality.ts';
import { stepTaoPrice } from '../../models/market/tao-price.ts';
import { drawFlowTao } from '../../models/market/stake-flow.ts';
import { stepBlock } from '../chain/network/block-step.ts';
import { registerNeuron } from '../chain/network/neuron-registration.ts';
import { stakeTao, unstakeAlpha } from '../chain/network/staking.ts';
import { submitWeights } from '../chain/network/weight-submission.ts';
import type { SubnetState } from '../chain/network/subnet.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import { RandomStreams, Simulation } from '../engine/index.ts';
import type { Table } from '../output/index.ts';
import { addAgent, genesis, MARKET, subnetSettings } from './genesis.ts';
import { RunMetrics } from './metrics.ts';

export const PHASE = { chain: 0, agents: 10, market: 20, observe: 30 } as const;

export interface RunResult {
  tables: Table[];
  summary: Record<string, string | number>;
  /** The final chain state (for checks such as conservation). */
  network: NetworkState;
}

export function runScenario(sc: Scenario, seed: number | string, onProgress?: (done: number, total: number) => void): RunResult {
  const streams = new RandomStreams(seed);
  const { network: n, agents } = genesis(sc, streams);
  const sim = new Simulation();
  const first = sc.start.block + 1;
  const last = sc.start.block + sc.durationBlocks;
  const metrics = new RunMetrics(sc, n, agents);

  // The chain: every block.
  sim.every(first, 1, PHASE.chain, (b) => metrics.recordBlock(stepBlock(n, b)));

  // Validators: each sets weights on each subnet it holds a uid on, once per tempo by default.
  for (const s of n.subnets) {
    const interval = sc.validators.weightsEveryBlocks ?? s.tempo;
    const qualities = qualityView(s, agents.quality);
    for (const hotkey of agents.validators) {
      if (!s.uidOf.has(hotkey)) continue;
      const rng = streams.stream(`validator/${hotkey}/sn${s.netuid}`);
      const offset = (s.netuid * 7 + hotkey * 13) % interval;
      sim.every(first + offset, interval, PHASE.agents, (b) => {
        const uid = s.uidOf.get(hotkey);
        if (uid === undefined) return;
        const w = honestWeights(qualities(), sc.validators.noise, rng);
        if (w) metrics.recordWeights(submitWeights(s, uid, w.dests, w.values, b));
      });
    }
  }

  // Miners arrive on each subnet as a Poisson process and register if they can pay the burn.
  for (const s of n.subnets) {
    const rng = streams.stream(`arrivals/sn${s.netuid}`);
    const scheduleNext = (from: number) => {
      const days = nextArrivalDays(sc.miners.arrivalsPerSubnetPerDay, rng);
      const at = from + Math.max(1, Math.ceil(days * 7200));
      if (Number.isFinite(at) && at <= last) sim.schedule(at, PHASE.agents, (b) => arrive(s, b));
    };
    const arrive = (s2: SubnetState, b: number) => {
      const id = addAgent(agents, 'miner', NaN, b);
      agents.quality[id] = drawQuality(sc.miners, streams.stream(`miner/${id}`));
      // The newcomer buys its budget from the market (TAO changes hands; none is created).
      const budget = taoToRao(sc.miners.budgetTao);
      const paid = budget < n.balance[MARKET] ? budget : n.balance[MARKET];
      n.balance[MARKET] -= paid;
      n.balance[id] = paid;
      metrics.recordRegistration(s2, registerNeuron(n, s2, id, id, b), id, b);
      scheduleNext(b);
    };
    scheduleNext(sc.start.block);
  }

  // The market: net staking flow per subnet every tempo, delegated to a stake-weighted validator.
  if (sc.market.stakeFlowTaoPerDay > 0 && n.rules.era !== 'root') {
    for (const s of n.subnets) {
      const rng = streams.stream(`flow/sn${s.netuid}`);
      sim.every(first + (s.netuid % s.tempo), s.tempo, PHASE.market, () => {
        const flow = drawFlowTao(sc.market.stakeFlowTaoPerDay, s.tempo, rng);
        const uid = pickValidator(s, rng.next());
        if (uid < 0) return;
        if (flow > 0) stakeTao(n, s, MARKET, uid, taoToRao(flow));
        else if (flow < 0) unstakeAlpha(n, s, MARKET, uid, alphaForTao(s, -flow));
      });
    }
  }

  // Root era: root validators weight subnets by what they see of them (mean miner quality + noise).
  if (n.rules.era === 'root') {
    for (const hotkey of agents.validators) {
      const rng = streams.stream(`root-validator/${hotkey}`);
      sim.every(first, n.rules.rootTempo, PHASE.agents, () => {
        const values = n.subnets.map((s) => {
          const q = s.hotkeys.map((h) => agents.quality[h]).filter((x) => !Number.isNaN(x));
          const mean = q.length ? q.reduce((a, b) => a + b, 0) / q.length : 0;
          return Math.max(0, Math.round(65535 * Math.min(1, mean * (1 + sc.validators.noise * rng.normal()))));
        });
        n.rootWeights.set(hotkey, { netuids: n.subnets.map((s) => s.netuid), values });
      });
    }
  }

  // TAO price (USD), daily; observers, at the sampling interval.
  const priceRng = streams.stream('market/tao-price');
  sim.every(first, 7200, PHASE.market, () => metrics.setTaoPrice(stepTaoPrice(metrics.taoPriceUsd, sc.market.taoPriceUsd, priceRng)));
  sim.every(first + sc.metrics.sampleEveryBlocks - 1, sc.metrics.sampleEveryBlocks, PHASE.observe, (b) => metrics.sample(b));

  const total = last - sc.start.block;
  sim.runUntil(last, onProgress ? (b) => onProgress(b - sc.start.block, total) : undefined);
  return { tables: metrics.tables(), summary: metrics.summary(), network: n };
}

/** Each uid's miner quality (NaN for non-miners), rebuilt only when a uid changes hands. */
function qualityView(s: SubnetState, quality: number[]): () => Float64Array {
  let version = -1;
  let view = new Float64Array(0);
  return () => {
    if (s.hotkeysVersion !== version) {
      version = s.hotkeysVersion;
      view = new Float64Array(s.hotkeys.length);
      for (let uid = 0; uid < view.length; uid++) view[uid] = quality[s.hotkeys[uid]];
    }
    return view;
  };
}

/** The validator uid a unit of delegation goes to: stake-weighted, by a uniform draw u in [0, 1). */
function pickValidator(s: SubnetState, u: number): number {
  let total = 0n;
  for (let i = 0; i < s.neurons.n; i++) if (s.neurons.validatorPermit[i]) total += s.alphaStake[i];
  if (total === 0n) return -1;
  const target = BigInt(Math.floor(u * 2 ** 32));
  let acc = 0n;
  for (let i = 0; i < s.neurons.n; i++) {
    if (!s.neurons.validatorPermit[i]) continue;
    acc += s.alphaStake[i];
    if ((acc << 32n) > target * total) return i;
  }
  return -1;
}

/** Alpha worth about `tao` TAO at the pool's spot price. */
function alphaForTao(s: SubnetState, tao: number): bigint {
  if (s.pool.tao === 0n) return 0n;
  return (taoToRao(tao) * s.pool.alphaIn) / s.pool.tao;
}

export { subnetSettings };
