// Registration price, pruning choice and registration itself (protocol.md §5.1–§5.3, §4.8).
import { describe, expect, it } from 'vitest';
import { subnetByNetuid } from '../sim/chain/network/network-state.ts';
import { registerNeuron } from '../sim/chain/network/neuron-registration.ts';
import {
  adjustBurnInterval,
  bumpBurn,
  burnDecayFactor,
  decayBurn,
  uidToReplace,
} from '../sim/chain/network/registration.ts';
import { dissolveSubnet } from '../sim/chain/network/subnet-registration.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

describe('registration price (§5.1 current, §5.2 legacy)', () => {
  it('the per-block decay factor for half-life 360 is 4286705684 / 2^32', () => {
    expect(burnDecayFactor(360)).toBe(4286705684n);
  });
  it('decays every block after block 1, by floor(burn × f), and 360 blocks roughly halve it', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1 });
    s.burn = 1_000_000_000n;
    decayBurn(s, net.rules, 1);
    expect(s.burn).toBe(1_000_000_000n);
    decayBurn(s, net.rules, 2);
    expect(s.burn).toBe((1_000_000_000n * 4286705684n) >> 32n);
    for (let b = 3; b <= 361; b++) decayBurn(s, net.rules, b);
    expect(Number(s.burn) / 1e9).toBeCloseTo(0.5, 4);
  });
  it('a registration multiplies it by 1.26, within [MinBurn, MaxBurn]', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1 });
    s.burn = 1_000_000_000n;
    bumpBurn(s, net.rules);
    expect(s.burn).toBe(1_260_000_000n);
    s.burn = 99_000_000_000n;
    bumpBurn(s, net.rules);
    expect(s.burn).toBe(100_000_000_000n); // MaxBurn
  });
  it('legacy: every interval the burn moves by (r + t)/2t when burns outnumber the target, halves with no registrations', () => {
    const net = testNetwork('dtao'); // adjustment interval 100, target 2
    const s = addSubnet(net, { netuid: 1 });
    s.burn = 1_000_000_000n;
    s.registrationsThisInterval = 4;
    adjustBurnInterval(s, net.rules, 100);
    expect(s.burn).toBe(1_500_000_000n); // ×6/4
    s.registrationsThisInterval = 1;
    adjustBurnInterval(s, net.rules, 200);
    expect(s.burn).toBe(1_500_000_000n); // r ≤ t with burns only: the PoW difficulty moves instead
    adjustBurnInterval(s, net.rules, 300);
    expect(s.burn).toBe(750_000_000n); // no registrations: ×2/4
    adjustBurnInterval(s, net.rules, 350);
    expect(s.burn).toBe(750_000_000n); // not an interval boundary
  });
});

describe('which uid a newcomer replaces (§5.3)', () => {
  function fullSubnet(immunityPeriod = 100) {
    const net = testNetwork('current', { minNonImmuneUids: 2 });
    const s = addSubnet(net, {
      netuid: 1,
      maxUids: 6,
      immunityPeriod,
      hotkeys: [10, 11, 12, 13, 14, 15],
      ownerHotkey: 10,
    });
    s.emission = [0n, 50n, 20n, 20n, 70n, 90n];
    s.neurons.blockAtRegistration = [0, 5, 9, 3, 1, 2];
    return { net, s };
  }
  it('lowest Emission, ties to the earliest registration; the owner hotkey is never chosen', () => {
    const { net, s } = fullSubnet();
    // uid 0 (the owner, emission 0) is immortal; uids 2 and 3 tie at 20: uid 3 registered earlier.
    expect(uidToReplace(s, net.rules, 1000)).toBe(3);
  });
  it('ties in emission and registration go to the lowest uid', () => {
    const { net, s } = fullSubnet();
    s.neurons.blockAtRegistration[2] = 3;
    expect(uidToReplace(s, net.rules, 1000)).toBe(2);
  });
  it('immune uids are spared while more than MinNonImmuneUids non-immune ones exist', () => {
    const { net, s } = fullSubnet(100);
    net.rules.minNonImmuneUids = 1;
    s.neurons.blockAtRegistration = [0, 950, 960, 970, 10, 20]; // uids 1–3 immune at block 1000
    expect(uidToReplace(s, net.rules, 1000)).toBe(4); // non-immune: 4 (emission 70) and 5 (90)
  });
  it('with MinNonImmuneUids or fewer non-immune uids, the best immune one is replaced instead', () => {
    const { net, s } = fullSubnet(100);
    net.rules.minNonImmuneUids = 3;
    s.neurons.blockAtRegistration = [0, 950, 960, 970, 10, 20];
    // immune: 1 (50), 2 (20, registered 960), 3 (20, registered 970) → 2
    expect(uidToReplace(s, net.rules, 1000)).toBe(2);
  });
  it('all immune: the best immune uid', () => {
    const { net, s } = fullSubnet(100);
    s.neurons.blockAtRegistration = [0, 950, 960, 970, 980, 990];
    expect(uidToReplace(s, net.rules, 1000)).toBe(2);
  });
});

describe('registering (§4.8)', () => {
  it('pays the burn into the pool, recycles the bought alpha, bumps the price, appends while not full', () => {
    const net = testNetwork('dtao');
    const s = addSubnet(net, { netuid: 1 });
    net.balance[7] = 5_000_000_000n;
    const pool = { ...s.pool };
    const issuance = net.issuance;
    const r = registerNeuron(net, s, 7, 7, 10);
    expect(r).toEqual({ uid: 0, replacedHotkey: null, paid: 1_000_000_000n });
    expect(net.balance[7]).toBe(4_000_000_000n);
    expect(s.pool.tao - pool.tao).toBe(1_000_000_000n);
    expect(s.pool.alphaIn < pool.alphaIn).toBe(true);
    expect(s.alphaOut).toBe(0n); // the alpha bought is recycled: not outstanding
    expect(net.issuance).toBe(issuance); // TAO issuance is not reduced
    expect(s.burn).toBe(1_260_000_000n);
    expect(s.neurons.blockAtRegistration[0]).toBe(10);
  });
  it('refuses without funds or when already registered; in the root era the burn is recycled TAO', () => {
    const net = testNetwork('root');
    const s = addSubnet(net, { netuid: 1 });
    net.balance[7] = 500_000_000n;
    expect(registerNeuron(net, s, 7, 7, 10)).toEqual({ refused: 'balance' });
    net.balance[7] = 3_000_000_000n;
    const issuance = net.issuance;
    registerNeuron(net, s, 7, 7, 10);
    expect(net.issuance).toBe(issuance - 1_000_000_000n);
    expect(net.recycled).toBe(1_000_000_000n);
    expect(registerNeuron(net, s, 7, 7, 11)).toEqual({ refused: 'registered' });
  });
  it("in a full subnet the newcomer takes the chosen uid; the old hotkey's stake leaves with it", () => {
    const net = testNetwork('dtao');
    const s = addSubnet(net, { netuid: 1, maxUids: 2, immunityPeriod: 10, hotkeys: [1, 2] });
    s.emission = [5n, 3n];
    s.alphaStake = [100n, 40n];
    s.alphaOut = 140n;
    net.balance[9] = 2_000_000_000n;
    const r = registerNeuron(net, s, 9, 9, 50);
    expect(r).toEqual({ uid: 1, replacedHotkey: 2, paid: 1_000_000_000n });
    expect(s.hotkeys).toEqual([1, 9]);
    expect(s.alphaStake).toEqual([100n, 0n]);
    expect(s.detachedAlpha).toBe(40n);
    expect(s.uidOf.get(2)).toBeUndefined();
  });
});

describe('subnetByNetuid', () => {
  it('finds subnets added later, forgets a dissolved one, and finds the subnet that reuses its netuid', () => {
    const net = testNetwork('current');
    const one = addSubnet(net, { netuid: 1, hotkeys: [1] });
    expect(subnetByNetuid(net, 1)).toBe(one);
    expect(subnetByNetuid(net, 2)).toBeUndefined();
    const two = addSubnet(net, { netuid: 2, hotkeys: [2] });
    expect(subnetByNetuid(net, 2)).toBe(two);
    dissolveSubnet(net, one, 0);
    expect(subnetByNetuid(net, 1)).toBeUndefined();
    const again = addSubnet(net, { netuid: 1, hotkeys: [3] });
    expect(subnetByNetuid(net, 1)).toBe(again);
    expect(subnetByNetuid(net, 2)).toBe(two);
  });
});
