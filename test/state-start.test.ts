// Runs that start from a state file (scenario start.state): the shipped mainnet state at block
// 8 968 186, conservation to the RAO from the first block, byte-determinism, the provenance run.json
// lists, synthesised validators against the file's aggregates, per-subnet what-ifs, sweeps, errors.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { RandomStreams } from '../sim/engine/index.ts';
import { formatCsv } from '../sim/output/index.ts';
import { validatorGroup } from '../sim/run/agents/validator-groups.ts';
import { stateGenesis } from '../sim/run/genesis-state.ts';
import { type ActiveRun, advanceRun, finishRun, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { loadState } from '../sim/state/format.ts';
import { herfindahl } from '../sim/state/start-state.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosimInProcess } from './helpers/cli.ts';

const STATE = resolve('scenarios/data/mainnet-2026-08-31.state.json');
const SHIPPED = resolve('scenarios/mainnet-2026-08-31.json');
const file = loadState(STATE);
const NETUIDS = file.subnets.map((x) => x.netuid);
const tmp = mkdtempSync(join(tmpdir(), 'taosim-state-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The shipped scenario, shortened, with at most `uids` uids per subnet (a per-subnet override each). */
function shipped(extra: Record<string, unknown> = {}, uids = 12) {
  const doc = JSON.parse(readFileSync(SHIPPED, 'utf8'));
  return {
    ...doc,
    duration: { days: 1 },
    subnets: { overrides: NETUIDS.map((netuid) => ({ netuid, maxUids: uids })) },
    ...extra,
  };
}
const parse = (doc: unknown) => parseScenario(doc, SHIPPED);

/** Runs to `until` a few hundred blocks at a time, yielding between (a long synchronous run starves vitest's worker RPC). */
async function advanceInSlices(run: ActiveRun, until: number): Promise<void> {
  while (run.sim.now < until) {
    advanceRun(run, Math.min(until, Math.max(run.sim.now, run.state.sc.start.block) + 300));
    await new Promise((r) => setImmediate(r));
  }
}

describe('a run from the shipped mainnet state', () => {
  it('conserves TAO and alpha to the RAO from the first block, and lists where every value came from', async () => {
    const run = startRun(parse(shipped()), 1);
    const net = run.state.net;
    const check = () => {
      expect(taoHeld(net)).toBe(net.issuance);
      expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
      for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    };
    check(); // at genesis
    advanceRun(run, run.state.sc.start.block + 1);
    check(); // after the first block
    await advanceInSlices(run, run.last);
    check();
    expect(net.minted).toBe(7200n * 500_000_000n); // after the first halving: 0.5 TAO a block

    // Alpha as the file has it: pool alpha untouched at genesis is the file's (checked on a fresh genesis below).
    const p = run.state.provenance!;
    expect(p.state).toMatchObject({
      file: 'data/mainnet-2026-08-31.state.json',
      block: 8968186,
      specVersion: 452,
      preset: 'spec-442',
    });
    const fields = (kind: 'fromFile' | 'synthesised' | 'assumed') => p[kind].map((e) => e.field);
    expect(fields('fromFile')).toEqual(
      expect.arrayContaining([
        'subnets.alphaIn',
        'subnets.alphaStaked',
        'subnets.validators',
        'subnets.uids',
        'start.block',
        'protocol.preset',
      ]),
    );
    expect(fields('synthesised')).toEqual(['neurons.validatorStake', 'neurons']);
    expect(fields('assumed')).toEqual(
      expect.arrayContaining([
        'subnets.poolTao',
        'subnets.movingPrice',
        'subnets.pending',
        'start.issuance',
        'rootStake',
      ]),
    );
    // Tempo: from the file except for the four netuids the roster lacks.
    expect(p.assumed.find((e) => e.field === 'subnets.tempo' && e.rule?.startsWith('start.assume'))?.netuids).toEqual([
      35, 76, 82, 108,
    ]);
    // The uid cap of this test is the scenario's override, and says so.
    expect(p.assumed.find((e) => e.field === 'subnets.maxUids')?.rule).toBe('subnets.overrides (the scenario)');
  }, 600_000);

  it('the same state and seed give the same bytes; another seed other bytes', async () => {
    const tables = async (seed: number) => {
      const run = startRun(parse(shipped({ duration: { blocks: 400 } }, 8)), seed);
      await advanceInSlices(run, run.last);
      return finishRun(run).tables.map(formatCsv).join('\n');
    };
    const a = await tables(3);
    expect(await tables(3)).toBe(a);
    expect(await tables(4)).not.toBe(a);
  }, 300_000);
});

describe('genesis from the state', () => {
  const sc = parse({ ...shipped(), subnets: {} });
  const g = stateGenesis(sc, new RandomStreams(1));

  it("takes the file's alpha as is and matches its validator count and stake HHI (to 1e-6)", () => {
    for (const [i, x] of file.subnets.entries()) {
      const s = g.network.subnets[i];
      expect(s.netuid).toBe(x.netuid);
      expect(s.pool.alphaIn).toBe(x.alphaIn);
      expect(s.pool.alphaIn + s.alphaOut).toBe(x.alphaIssued);
      expect(s.neurons.n).toBe(x.registeredUids);
      const v = x.aggregates!.validatorCount!;
      expect(s.genesisRoster).toEqual({ uids: x.registeredUids, validators: v });
      const stakes = s.alphaStake.slice(0, v).map(Number);
      const total = stakes.reduce((a, b) => a + b, 0);
      if (total > 0)
        expect(Math.abs(herfindahl(stakes.map((y) => y / total)) - x.aggregates!.validatorStakeHhi!)).toBeLessThan(
          1e-6,
        );
      // The owner's share of the wallets' stake is held for the owner.
      const staked = x.alphaOut! - x.protocolAlpha! - x.alphaBurned!;
      const ownerShare = Number(s.ownerAlphaHeld) / Number(staked);
      if (staked > 0n) expect(Math.abs(ownerShare - (x.aggregates!.ownerStakeShare ?? 0))).toBeLessThan(1e-8);
    }
    // Subnets that had not started emitting never start here.
    for (const netuid of [36, 59, 86])
      expect(g.network.subnets[netuid - 1].firstEmissionBlock).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('an override of one subnet changes only that subnet; a cabal placed on it acts only there', () => {
    const what = parse({
      ...shipped(),
      subnets: { overrides: [{ netuid: 64, tempo: 99, kappa: 40000 }] },
      validators: { attack: { validators: 2, ownMiners: 4, netuids: [64] } },
    });
    const h = stateGenesis(what, new RandomStreams(1));
    g.network.subnets.forEach((s, i) => {
      const t = h.network.subnets[i];
      if (s.netuid === 64) {
        expect([t.tempo, t.params.kappa]).toEqual([99, 40000]);
        expect(s.tempo).toBe(file.subnets[63].tempo);
      } else {
        expect([t.tempo, t.params, t.pool, t.alphaStake]).toEqual([s.tempo, s.params, s.pool, s.alphaStake]);
      }
    });
    const v64 = file.subnets[63].aggregates!.validatorCount!;
    const on64 = h.network.subnets[63];
    expect(validatorGroup(what, v64 - 1, on64)).toBe('cabal');
    expect(validatorGroup(what, v64 - 3, on64)).toBe('honest');
    expect(validatorGroup(what, v64 - 1, h.network.subnets[0])).toBe('honest');
  });
});

describe('state files: errors and sweeps', () => {
  const scenarioFile = (doc: unknown, name: string) => {
    const f = join(tmp, name);
    writeFileSync(f, JSON.stringify(doc));
    return f;
  };

  it('a missing state file, a state without a pool rule and an invalid state are refused with exit 2 and one line', async () => {
    const missing = scenarioFile({ ...shipped(), start: { state: 'nope.state.json' } }, 'missing.json');
    let r = await taosimInProcess(['validate', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.state.json');
    expect(r.stderr).toContain('not found');

    const noRule = () =>
      parse({ ...shipped(), start: { state: 'data/mainnet-2026-08-31.state.json', issuanceTao: 11234093 } });
    expect(noRule).toThrow(UsageError);
    expect(noRule).toThrow(expect.objectContaining({ path: '$.start.assume.poolTao' }));

    const bad = JSON.parse(readFileSync(STATE, 'utf8'));
    bad.subnets[5].alphaIssued = '1';
    writeFileSync(join(tmp, 'bad.state.json'), JSON.stringify(bad));
    const badScenario = scenarioFile(
      { ...shipped(), start: { ...shipped().start, state: 'bad.state.json' } },
      'bad.json',
    );
    r = await taosimInProcess(['validate', badScenario]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad.state.json: at $.subnets[5].alphaIn: ');
    expect(() =>
      parseScenario({ ...shipped(), start: { ...shipped().start, state: 'bad.state.json' } }, badScenario),
    ).toThrow(UsageError);
  });

  it('a sweep over a state-based scenario runs each point from the state', async () => {
    const base = scenarioFile(
      {
        ...shipped({ duration: { blocks: 300 } }, 8),
        start: { ...shipped().start, state: STATE },
        protocol: { overrides: { emissionGate: { mode: 'rank', rank: 32 } } },
      },
      'base.json',
    );
    const sweep = scenarioFile(
      {
        format: 'taosim-sweep/v1',
        name: 'gate-rank',
        scenario: base,
        design: { type: 'grid', parameters: { 'protocol.overrides.emissionGate.rank': [32, 8] } },
        replicates: 1,
        seed: 5,
      },
      'sweep.json',
    );
    const out = join(tmp, 'sweep-out');
    mkdirSync(out, { recursive: true });
    const r = await taosimInProcess(['sweep', sweep, '--out', out, '--workers', '1', '--force', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(3);
    const runs = readdirSync(join(out, 'runs')).sort();
    expect(runs).toHaveLength(2);
    const manifests = runs.map((id) => JSON.parse(readFileSync(join(out, 'runs', id, 'run.json'), 'utf8')));
    expect(manifests.map((m) => m.provenance.state.block)).toEqual([8968186, 8968186]);
    expect(manifests.map((m) => m.scenario.protocol.rules.emissionGate.rank)).toEqual([32, 8]);
  }, 300_000);
});
