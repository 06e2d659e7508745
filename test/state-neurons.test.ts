// A run starting from a state file that holds neurons (issue 14 item 3): the file's uids, keys,
// stakes, permits, weights and bonds are taken as is on the subnets it gives them for, the other
// subnets keep the synthesised roster; child keys and takes land on the delegation state;
// snapshot → state → run is byte-deterministic.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { RandomStreams } from '../sim/engine/index.ts';
import { formatCsv } from '../sim/output/index.ts';
import { stateGenesis } from '../sim/run/genesis-state.ts';
import { advanceRun, finishRun, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario, type Scenario } from '../sim/scenario/scenario.ts';
import { snapshotWith } from '../sim/snapshot/run.ts';
import { UsageError } from '../sim/util/errors.ts';
import { FakeChain } from './helpers/fake-node.ts';
import { BLOCK, fixtureStorage } from './helpers/snapshot-fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'taosim-state-neurons-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const key = (i: number) => encodeAddress(new Uint8Array(32).fill(i + 1), 42);
const HOT = Array.from({ length: 8 }, (_, i) => key(i));
const COLD = key(20);

/** Subnet 1's neurons: uids 0 and 5 validators (permits, weights, bonds), the rest miners. */
function neurons() {
  return HOT.map((hotkey, uid) => {
    const validator = uid === 0 || uid === 5;
    return {
      uid,
      hotkey,
      coldkey: uid === 5 ? COLD : hotkey,
      registrationBlock: 4_000_000 + uid,
      alphaStake: String(validator ? 300_000_000_000_000 + uid : 1_000_000_000 * uid),
      rootStake: String(validator ? 50_000_000_000_000 * (uid + 1) : 0),
      validatorPermit: validator,
      lastUpdate: 8_999_900 - uid,
      ...(validator
        ? {
            weights: [
              [1, 65535],
              [2, 30000],
              [3, uid * 1000],
            ],
            bonds: [
              [1, 40000],
              [4, 123],
            ],
          }
        : { weights: [], bonds: [] }),
    };
  });
}

function state(extra: Record<string, unknown> = {}) {
  return {
    format: 'taosim-state/v1',
    block: 9_000_000,
    specVersion: 452,
    time: '2026-09-05T12:00:00Z',
    source: { description: 'a test state' },
    global: { totalIssuance: '10000000000000000' },
    subnets: [
      {
        netuid: 1,
        tempo: 99,
        maxUids: 16,
        registeredUids: 8,
        lastEpochBlock: 8_999_950,
        taoIn: '100000000000000',
        alphaIn: '1000000000000000',
        // The uids' alpha (validators 600 000.000 000 005, miners 23) plus 5 alpha on a hotkey without a uid.
        alphaOut: String(600_000_000_000_005n + 23_000_000_000n + 5_000_000_000n),
      },
      {
        netuid: 2,
        tempo: 99,
        maxUids: 16,
        registeredUids: 6,
        taoIn: '50000000000000',
        alphaIn: '800000000000000',
        alphaOut: '200000000000000',
        aggregates: { validatorCount: 2 },
      },
    ],
    neurons: { '1': neurons() },
    childKeys: [{ netuid: 1, parent: HOT[0], children: [{ hotkey: HOT[5], proportion: '4611686018427387904' }] }],
    takes: { delegate: [{ hotkey: HOT[0], take: 11796 }], childKey: [{ hotkey: HOT[5], netuid: 1, take: 1000 }] },
    ...extra,
  };
}

function scenarioFor(st: unknown, name: string, days = 1): Scenario {
  const stateFile = join(tmp, `${name}.state.json`);
  writeFileSync(stateFile, JSON.stringify(st));
  const doc = {
    format: 'taosim-scenario/v1',
    name,
    seed: 1,
    duration: { days },
    start: { state: `${name}.state.json` },
    stake: { rootTotal: 100_000, concentration: 1 },
  };
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return parseScenario(doc, file);
}

async function runTables(sc: Scenario, check?: (run: ReturnType<typeof startRun>) => void): Promise<string> {
  const run = startRun(sc, 1);
  check?.(run);
  while (run.sim.now < run.last) {
    advanceRun(run, Math.min(run.last, Math.max(run.sim.now, run.state.sc.start.block) + 400));
    check?.(run);
    await new Promise((r) => setImmediate(r));
  }
  return finishRun(run).tables.map(formatCsv).join('\n');
}

describe('a state with neurons', () => {
  const sc = scenarioFor(state(), 'two');
  const g = stateGenesis(sc, new RandomStreams(1));
  const [one, two] = g.network.subnets;
  const agentOf = (ss58: string) => g.agents.name.indexOf(`key/${ss58}`);

  it("starts from the file's uids, stakes, permits, weights and bonds exactly", () => {
    expect(one.neurons.n).toBe(8);
    expect(one.hotkeys).toEqual(HOT.map(agentOf));
    expect(one.alphaStake).toEqual(neurons().map((nr) => BigInt(nr.alphaStake)));
    expect(one.neurons.validatorPermit).toEqual([true, false, false, false, false, true, false, false]);
    expect(one.neurons.blockAtRegistration).toEqual(HOT.map((_, u) => 4_000_000 + u));
    expect(one.neurons.lastUpdate).toEqual(HOT.map((_, u) => 8_999_900 - u));
    expect(one.neurons.weights[0]).toEqual({ cols: [1, 2, 3], vals: Uint16Array.of(65535, 30000, 0) });
    expect(one.neurons.weights[5]).toEqual({ cols: [1, 2, 3], vals: Uint16Array.of(65535, 30000, 5000) });
    expect(one.neurons.weights[1]).toEqual({ cols: [], vals: new Uint16Array(0) });
    const b = one.neurons.bonds;
    expect(Array.from(b.ptr)).toEqual([0, 2, 2, 2, 2, 2, 4, 4, 4]);
    expect(Array.from(b.cols)).toEqual([1, 4, 1, 4]);
    expect(Array.from(b.vals)).toEqual([40000, 123, 40000, 123]);
    // Root stake per hotkey; the 5 alpha on no uid stays outstanding.
    expect(g.network.rootStake[agentOf(HOT[0])]).toBe(50_000_000_000_000n);
    expect(g.network.rootStake[agentOf(HOT[5])]).toBe(300_000_000_000_000n);
    expect(one.detachedAlpha).toBe(5_000_000_000n);
    expect(one.pool.alphaIn + one.alphaOut).toBe(1_000_000_000_000_000n + 600_028_000_000_005n);
    // Validators score (they are global validators); the miners have a quality; the coldkey owns uid 5.
    expect(g.agents.validators.slice(-2)).toEqual([agentOf(HOT[0]), agentOf(HOT[5])].sort((x, y) => x - y));
    expect(g.agents.role[agentOf(HOT[3])]).toBe('miner');
    expect(Number.isFinite(g.agents.quality[agentOf(HOT[3])])).toBe(true);
    expect(g.agents.role[agentOf(COLD)]).toBe('staker');
    expect(g.network.delegation?.owners.get(agentOf(HOT[5]))).toBe(agentOf(COLD));
    expect(g.network.delegation?.delegateTakes.get(agentOf(HOT[0]))).toBe(11796);
    expect(g.network.delegation?.childkeyTakes.get(`1:${agentOf(HOT[5])}`)).toBe(1000);
    expect(g.network.delegation?.childKeys).toEqual([
      { netuid: 1, parent: agentOf(HOT[0]), child: agentOf(HOT[5]), proportion: 4611686018427387904n },
    ]);
    // Subnet 2 keeps the synthesised roster: synthesised validators on uids 0..1, then miners.
    expect(two.neurons.n).toBe(6);
    expect(two.hotkeys.slice(0, 2)).toEqual(g.agents.validators.slice(0, 2));
    expect(two.genesisRoster).toEqual({ uids: 6, validators: 2 });
  });

  it('lists the neuron fields as from the file for subnet 1 only', () => {
    const p = g.provenance!;
    const fromFile = (field: string) => p.fromFile.find((e) => e.field === field);
    for (const f of ['hotkeys', 'coldkeys', 'alphaStake', 'rootStake', 'validatorPermit', 'weights', 'bonds'])
      expect(fromFile(`neurons.${f}`)?.netuids).toEqual([1]);
    expect(fromFile('childKeys')).toBeDefined();
    expect(p.synthesised.find((e) => e.field === 'neurons')?.netuids).toEqual([2]);
    expect(p.synthesised.find((e) => e.field === 'neurons.validatorStake')?.netuids).toEqual([2]);
  });

  it('runs a day conserving TAO and alpha to the RAO, byte-identical twice', async () => {
    const check = (run: ReturnType<typeof startRun>) => {
      const net = run.state.net;
      expect(taoHeld(net)).toBe(net.issuance);
      for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    };
    const a = await runTables(sc, check);
    expect(await runTables(scenarioFor(state(), 'two-again'))).toBe(a);
  }, 120_000);

  it('refuses delegations and a gap in the uids, naming the path', () => {
    const refused = (st: unknown, name: string) => {
      try {
        scenarioFor(st, name);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return `${(e as UsageError).path ?? ''} ${(e as Error).message}`;
      }
      throw new Error('not refused');
    };
    const delegations = [{ hotkey: HOT[0], coldkey: COLD, netuid: 1, alpha: '1' }];
    expect(refused(state({ delegations }), 'deleg')).toMatch(/\$\.delegations.*per-coldkey stake/);
    const gap = neurons().filter((nr) => nr.uid !== 3);
    expect(refused(state({ neurons: { '1': gap } }), 'gap')).toMatch(/\$\.neurons\.1\[3\]\.uid.*uid 3 is missing/);
  });
});

describe('snapshot → state → run', () => {
  it('runs the fake node fixture end to end, byte-deterministic', async () => {
    const chain = new FakeChain({ block: BLOCK, specVersion: 452, storage: fixtureStorage() });
    const text = await snapshotWith(chain, { url: 'wss://fake', block: BLOCK, neurons: true }, undefined, {
      sleep: async () => {},
    });
    const st = JSON.parse(text);
    const tables = async (name: string) => {
      const stateFile = join(tmp, `${name}.state.json`);
      writeFileSync(stateFile, text);
      const doc = {
        format: 'taosim-scenario/v1',
        name,
        seed: 1,
        duration: { blocks: 720 },
        start: { state: `${name}.state.json`, assume: { tempo: 99 } },
      };
      const file = join(tmp, `${name}.json`);
      writeFileSync(file, JSON.stringify(doc));
      const sc = parseScenario(doc, file);
      const g = stateGenesis(sc, new RandomStreams(1));
      expect(g.network.subnets[0].alphaStake).toEqual(
        st.neurons['1'].map((nr: { alphaStake: string }) => BigInt(nr.alphaStake)),
      );
      return runTables(sc);
    };
    const a = await tables('snap');
    expect(a.length).toBeGreaterThan(100);
    expect(await tables('snap-again')).toBe(a);
  }, 120_000);
});
