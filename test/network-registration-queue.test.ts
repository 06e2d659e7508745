// Subnet registration queue, escrow, phased dissolution, pruning and SubnetEmissionEnabled
// (protocol-2026h2.md §3; §1 step 5). The queue tests restate the chain's registration-queue tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { U96F32 } from '../sim/chain/fixed/fixed.ts';
import { runPoolCoinbase } from '../sim/chain/network/coinbase.ts';
import type { NetworkState } from '../sim/chain/network/network-state.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { ERA_PRESETS } from '../sim/chain/network/protocol-rules.ts';
import {
  escrowHeld,
  medianAlphaPrice,
  processRegistrationQueue,
  registerNetworkQueued,
  type SubnetConfigFor,
  setSubnetEmissionEnabled,
} from '../sim/chain/network/registration-queue.ts';
import {
  type LockState,
  lockCost,
  MIN_LOCK,
  NETWORK_IMMUNITY_BLOCKS,
  subnetToDissolve,
} from '../sim/chain/network/subnet-registration.ts';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { checkpointPath, readCheckpoint, writeCheckpoint } from '../sim/run/checkpoint.ts';
import { advanceRun, finishRun, runScenario, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const TAO = 1_000_000_000n;
const NOW = NETWORK_IMMUNITY_BLOCKS + 1000; // the test subnets (created at 0) are past their immunity
const RESIDUAL = 0;
const REGISTRANT = 1;

const config: SubnetConfigFor = (netuid, lock, owner) => ({
  netuid,
  block: NOW,
  tempo: 360,
  params: { ...NEW_SUBNET_DEFAULTS, activityCutoff: 5000 },
  maxUids: 256,
  immunityPeriod: 5000,
  minAllowedWeights: 1,
  weightsRateLimit: 100,
  commitReveal: false,
  revealPeriodEpochs: 1,
  ownerColdkey: owner,
  ownerHotkey: owner,
  pool: { tao: lock, alphaIn: lock },
  alphaOut: 0n,
  movingPrice: 0n,
  burn: TAO,
  minBurn: TAO / 2000n,
  maxBurn: 100n * TAO,
});

/** A full network of `count` subnets at limit `limit`, moving prices 1, 2, 3 … (subnet 1 cheapest). */
function fullNetwork(limit: number, count: number): { net: NetworkState; locks: LockState } {
  const net = testNetwork('current', { subnetLimit: limit, subnetRegistration: 'queue-473' });
  for (let i = 1; i <= count; i++) addSubnet(net, { netuid: i, movingPrice: i });
  net.balance[RESIDUAL] = 0n;
  net.balance[REGISTRANT] = 10_000n * TAO;
  return { net, locks: { lastLock: MIN_LOCK, lastLockBlock: null } };
}

describe('the registration rule', () => {
  it("is 'lock' (today's behaviour) in every era preset", () => {
    for (const rules of Object.values(ERA_PRESETS)) expect(rules.subnetRegistration).toBe('lock');
  });
});

describe('pruning choice (§3: unchanged from the baseline)', () => {
  it('lowest moving price among non-immune subnets; immune ones are skipped; ties to the earlier registration', () => {
    const { net } = fullNetwork(4, 4);
    net.subnets[0].createdAt = NOW - 10; // subnet 1, the cheapest, is still immune
    expect(subnetToDissolve(net, NOW)?.netuid).toBe(2);
    net.subnets[2].movingPrice = net.subnets[1].movingPrice; // subnets 2 and 3 tie at price 2
    net.subnets[1].createdAt = 5;
    net.subnets[2].createdAt = 3;
    expect(subnetToDissolve(net, NOW)?.netuid).toBe(3);
    for (const s of net.subnets) s.createdAt = NOW;
    expect(subnetToDissolve(net, NOW)).toBeNull();
  });
});

describe('registration queue and escrow (§3)', () => {
  it('below the limit a subnet is created at once, seeded with exactly the lock, emission disabled', () => {
    const { net, locks } = fullNetwork(3, 2);
    const before = net.balance[REGISTRANT];
    const out = registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL);
    expect(out?.kind).toBe('created');
    const s = out?.kind === 'created' ? out.subnet : null;
    expect(s?.netuid).toBe(3);
    expect(s?.pool.tao).toBe(MIN_LOCK);
    expect(net.balance[REGISTRANT]).toBe(before - MIN_LOCK);
    expect(s?.emissionEnabled).toBe(false);
    // Median of the prices 1 and 2 (lower middle) = 1: alpha = TAO.
    expect(s?.pool.alphaIn).toBe(MIN_LOCK);
    expect(locks).toEqual({ lastLock: MIN_LOCK, lastLockBlock: NOW });
  });

  it('waiting for dissolve cleanup: limit 2, one subnet dissolved (cleanup pending) → queued, 1 network, no new subnet yet', () => {
    const { net, locks } = fullNetwork(2, 1);
    net.registrationQueue = { entries: [], nextId: 0, cleanup: [2] }; // subnet 2 dissolved, cleanup pending
    const lock = lockCost(locks, NOW);
    const out = registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL);
    expect(out?.kind).toBe('queued');
    expect(net.registrationQueue.entries).toHaveLength(1);
    expect(net.subnets.map((s) => s.netuid)).toEqual([1]); // c > r: nothing else pruned
    expect(escrowHeld(net.registrationQueue)).toBe(lock);
    // After cleanup the slot is free: the queue empties, 2 networks, owned by the registrant.
    const settled = processRegistrationQueue(net, locks, NOW + 1, config);
    expect(net.registrationQueue.entries).toHaveLength(0);
    expect(net.subnets).toHaveLength(2);
    expect(settled?.subnet.ownerColdkey).toBe(REGISTRANT);
    expect(settled?.subnet.netuid).toBe(2); // the pruned netuid, reusable once cleaned up
  });

  it('at the limit with no cleanup pending: prunes the cheapest non-immune subnet (phase 1 now), escrows the lock', () => {
    const { net, locks } = fullNetwork(2, 2);
    const issued = taoHeld(net);
    const lock = lockCost(locks, NOW);
    const out = registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL);
    expect(out?.kind).toBe('queued');
    // Phase 1: subnet 1 stops emitting (no longer added) and its pool is paid out; netuid 1 awaits cleanup.
    expect(net.subnets.map((s) => s.netuid)).toEqual([2]);
    expect(net.registrationQueue?.cleanup).toEqual([1]);
    expect(net.balance[RESIDUAL]).toBe(1_000n * TAO);
    // The coldkey is charged exactly the lock, held in escrow: every RAO still accounted for.
    expect(net.balance[REGISTRANT]).toBe(10_000n * TAO - lock);
    expect(escrowHeld(net.registrationQueue)).toBe(lock);
    expect(taoHeld(net)).toBe(issued);
    // The lock memory moves at settlement, not at queueing.
    expect(locks.lastLockBlock).toBeNull();
    // Phase 2 (on_idle): cleanup frees netuid 1, then the entry settles from escrow exactly.
    const settled = processRegistrationQueue(net, locks, NOW + 1, config);
    expect(settled?.subnet.netuid).toBe(1);
    expect(settled?.subnet.pool.tao).toBe(lock);
    expect(settled?.subnet.alphaOut).toBe(0n);
    expect(escrowHeld(net.registrationQueue)).toBe(0n);
    expect(taoHeld(net)).toBe(issued);
    expect(locks).toEqual({ lastLock: lock, lastLockBlock: NOW + 1 });
  });

  it('processes one entry per call: limit 3, two dissolved, two queued → the first call settles only the first', () => {
    const { net, locks } = fullNetwork(3, 3);
    net.balance[2] = 10_000n * TAO;
    const a = registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL);
    const b = registerNetworkQueued(net, locks, 2, NOW, config, RESIDUAL);
    expect([a?.kind, b?.kind]).toEqual(['queued', 'queued']);
    expect(net.subnets.map((s) => s.netuid)).toEqual([3]);
    expect(net.registrationQueue?.cleanup).toEqual([1, 2]);
    const first = processRegistrationQueue(net, locks, NOW + 1, config);
    expect(first?.subnet.ownerColdkey).toBe(REGISTRANT);
    expect(net.registrationQueue?.entries.map((e) => e.coldkey)).toEqual([2]);
    // Netuid 2 is still being cleaned up, so the first settlement takes netuid 1.
    expect(first?.subnet.netuid).toBe(1);
    const second = processRegistrationQueue(net, locks, NOW + 2, config);
    expect(second?.subnet.ownerColdkey).toBe(2);
    expect(second?.subnet.netuid).toBe(2);
    expect(net.registrationQueue?.entries).toHaveLength(0);
  });

  it('fails (SubnetLimitReached) when every subnet is immune, and when the owner cannot pay; nothing moves', () => {
    const { net, locks } = fullNetwork(2, 2);
    for (const s of net.subnets) s.createdAt = NOW;
    expect(registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL)).toBeNull();
    expect(net.balance[REGISTRANT]).toBe(10_000n * TAO);
    net.balance[REGISTRANT] = MIN_LOCK - 1n;
    for (const s of net.subnets) s.createdAt = 0;
    expect(registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL)).toBeNull();
    expect(net.subnets).toHaveLength(2);
  });

  it('the new pool starts at the median alpha price snapshotted at registration: alpha = floor(TAO / median)', () => {
    const { net, locks } = fullNetwork(4, 3);
    net.subnets[0].pool.alphaIn = 4n * TAO * 1000n; // price 1/4
    net.subnets[2].pool.alphaIn = 500n * TAO; // price 2
    net.subnets[1].pool.tao = 1_500n * TAO; // price 3/2: prices 1/4, 3/2, 2 → median 3/2
    expect(medianAlphaPrice(net.subnets)).toBe(U96F32.fromNum(1.5));
    const out = registerNetworkQueued(net, locks, REGISTRANT, NOW, config, RESIDUAL);
    const s = out?.kind === 'created' ? out.subnet : null;
    expect(s?.pool.tao).toBe(MIN_LOCK);
    expect(s?.pool.alphaIn).toBe(666_666_666_666n); // 1000 TAO / 1.5, floored
  });
});

describe('SubnetEmissionEnabled (§1 step 5)', () => {
  it('a disabled subnet gets no TAO and the enabled ones share the block (prices 1:2:1, subnet 2 disabled → 1/2 : 0 : 1/2)', () => {
    const net = testNetwork('current');
    const subnets = [1, 2, 3].map((netuid) => addSubnet(net, { netuid, movingPrice: netuid === 2 ? 2 : 1 }));
    setSubnetEmissionEnabled(subnets[1], false);
    const before = subnets.map((s) => s.pool.tao);
    runPoolCoinbase(net, 1_000_000_000n, 1);
    // Shares 1/4, 2/4, 1/4 → 1/4 ⊘ 1/2 = 1/2 each (U64F64 bits 2^63): 10^9 × 2^63 / 2^64.
    expect(subnets.map((s, i) => s.pool.tao - before[i])).toEqual([500_000_000n, 0n, 500_000_000n]);
  });
  it('absent or true leaves the shares as they were (1/3 : 2/3)', () => {
    const net = testNetwork('current');
    const a = addSubnet(net, { netuid: 1, movingPrice: 1 });
    const b = addSubnet(net, { netuid: 2, movingPrice: 2 });
    setSubnetEmissionEnabled(b, true);
    const before = a.pool.tao;
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(a.pool.tao - before).toBe(333_333_333n);
  });
});

const queueScenario = () =>
  parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'regqueue',
      duration: { days: 2 },
      subnets: { count: 3, initialUids: 12, validators: 4, registrationsPerDay: 4 },
      protocol: { preset: 'current', overrides: { subnetLimit: 3, subnetRegistration: 'queue-473' } },
    },
    'inline',
  );

describe('a run with the queue rule on', () => {
  it('saved and restored mid-run (checkpoint), it ends with the same network', () => {
    const whole = startRun(queueScenario(), 5);
    advanceRun(whole, whole.last);
    const dir = mkdtempSync(join(tmpdir(), 'taosim-regq-'));
    let run = startRun(queueScenario(), 5);
    for (const b of [run.sim.now + 3000, run.sim.now + 9000]) {
      advanceRun(run, b);
      writeCheckpoint(dir, run);
      run = readCheckpoint(checkpointPath(dir)).run;
    }
    advanceRun(run, run.last);
    const a = finishRun(whole).network;
    const b = finishRun(run).network;
    expect(b.subnets.map((s) => [s.netuid, s.pool.tao])).toEqual(a.subnets.map((s) => [s.netuid, s.pool.tao]));
    expect(b.registrationQueue).toEqual(a.registrationQueue);
    expect(taoHeld(b)).toBe(b.issuance);
  });
  it('3 subnets at limit 3, 4 registrations a day for 2 days: queued, pruned, settled; TAO conserved to the RAO', () => {
    const sc = queueScenario();
    expect(sc.protocol.rules.subnetRegistration).toBe('queue-473');
    const r = runScenario(sc, 5);
    const net = r.network;
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    // The three original subnets (past immunity) were pruned for newcomers, which start disabled.
    const fresh = net.subnets.filter((s) => s.emissionEnabled === false);
    expect(fresh).toHaveLength(3);
    expect(net.subnets).toHaveLength(3);
    expect(net.registrationQueue?.entries).toHaveLength(0);
    expect(net.registrationQueue?.cleanup).toHaveLength(0);
    expect(Number(r.summary.subnetRegistrations)).toBe(3);
  });
});
