// A heterogeneous network from the seed: validators per subnet from a list or a lognormal, and
// `subnets.mix` giving settings to seeded shares of the starting subnets. Same seed, same network;
// entries setting one field never overlap; overrides win; bad values are refused in one line.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { formatCsv } from '../sim/output/table.ts';
import { checkpointPath, readCheckpoint, writeCheckpoint } from '../sim/run/checkpoint.ts';
import { genesis } from '../sim/run/genesis.ts';
import { type ActiveRun, advanceRun, finishRun, runScenario, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';

type Doc = Record<string, unknown>;
const base = (subnets: Doc, extra: Doc = {}): Doc => ({
  format: 'taosim-scenario/v1',
  duration: { blocks: 400 },
  subnets: { count: 8, initialUids: 16, ...subnets },
  stake: { validators: 16 },
  ...extra,
});
const VALUES = [1, 2, 3, 4, 5, 6, 7, 8];

function world(doc: Doc, seed: number | string = 1) {
  const sc = parseScenario(doc, 'shape.json');
  const { network, agents, warnings } = genesis(sc, new RandomStreams(seed));
  const validators = network.subnets.map((s) => s.hotkeys.filter((h) => agents.role[h] === 'validator').length);
  return { sc, subnets: network.subnets, validators, warnings };
}

function refusal(doc: Doc): string {
  try {
    parseScenario(doc, 'shape.json');
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  throw new Error('accepted');
}

describe('validators per subnet', () => {
  it('"shuffle" deals each value to one subnet, in an order drawn from the seed', () => {
    const doc = base({ validators: { values: VALUES } });
    const a = world(doc, 1).validators;
    expect([...a].sort((x, y) => x - y)).toEqual(VALUES);
    expect(world(doc, 1).validators).toEqual(a);
    expect(world(doc, 2).validators).not.toEqual(a);
    expect(a).toEqual([5, 7, 4, 2, 1, 8, 3, 6]);
  });

  it('"sample" draws each subnet a value with replacement; a lognormal is rounded and clamped', () => {
    const sampled = world(base({ count: 8, validators: { values: [2, 9], draw: 'sample' } })).validators;
    expect(sampled.every((v) => v === 2 || v === 9)).toBe(true);
    expect(new Set(sampled).size).toBe(2);
    const logn = world(base({ count: 8, validators: { median: 5, spread: 1, min: 2, max: 9 } })).validators;
    expect(logn.every((v) => Number.isInteger(v) && v >= 2 && v <= 9)).toBe(true);
    expect(logn).toEqual([9, 4, 9, 5, 2, 4, 9, 3]);
  });

  it('a number gives every subnet that many, and draws nothing (the streams are not touched)', () => {
    const streams = new RandomStreams(1);
    genesis(parseScenario(base({ validators: 4 }), 'shape.json'), streams);
    expect(Object.keys(streams.toJSON().streams).filter((n) => n.startsWith('genesis/v') || n.includes('mix'))).toEqual(
      [],
    );
  });

  it('a subnet registered during the run gets a count sampled from the list', () => {
    const doc = base(
      { count: 4, validators: { values: [2, 3, 5, 7] }, registrationsPerDay: 40 },
      {
        duration: { blocks: 720 },
      },
    );
    const r = runScenario(parseScenario(doc, 'shape.json'), 3, undefined, { backend: 'cpu' });
    const agents = r.network.subnets.map((s) => s.hotkeys.filter((h) => h >= 1 && h <= 16).length);
    const registered = agents.slice(4);
    expect(registered.length).toBeGreaterThan(2);
    expect(registered.every((v) => [2, 3, 5, 7].includes(v))).toBe(true);
    expect(new Set(registered).size).toBeGreaterThan(1);
  }, 60_000);

  it('bad lists are refused, naming the path', () => {
    expect(refusal(base({ validators: { values: [1, 2] } }))).toBe(
      'shape.json: at $.subnets.validators.values: expected exactly subnets.count (8) values for draw "shuffle" (or draw "sample"), got an array of 2',
    );
    expect(refusal(base({ validators: { values: [1, 2, 3, 4, 5, 6, 7, 17] } }))).toBe(
      'shape.json: at $.subnets.validators.values[7]: expected an integer in [1, 16], got 17',
    );
    expect(refusal(base({ validators: { values: [0], draw: 'sample' } }))).toBe(
      'shape.json: at $.subnets.validators.values[0]: expected an integer in [1, 65535], got 0',
    );
    expect(refusal(base({ validators: { median: 5, spread: 1, min: 6, max: 4 } }))).toBe(
      'shape.json: at $.subnets.validators.min: expected an integer in [1, 4], got 6',
    );
    // The option the value most looks like names the problem.
    expect(refusal(base({ validators: { values: VALUES, draw: 'deal' } }))).toBe(
      'shape.json: at $.subnets.validators.draw: expected "shuffle" or "sample", got "deal"',
    );
    expect(refusal(base({ validators: { values: VALUES, median: 3 } }))).toBe(
      'shape.json: at $.subnets.validators.median: unknown field "median" (allowed: values, draw)',
    );
    expect(refusal(base({ validators: 'many' }))).toMatch(
      /^shape\.json: at \$\.subnets\.validators: expected an integer/,
    );
  });

  it('copiers and attackers rank among the validators of the subnet with the most', () => {
    expect(refusal(base({ validators: { values: VALUES } }, { validators: { copiers: 8 } }))).toBe(
      'shape.json: at $.validators.copiers: expected fewer than subnets.validators (8), got 8',
    );
    expect(refusal(base({ validators: { values: VALUES } }, { stake: { validators: 7 } }))).toBe(
      'shape.json: at $.stake.validators: expected an integer in [8, 4096], got 7',
    );
  });
});

describe('subnets.mix', () => {
  const mix = [
    { share: 0.25, settings: { yuma3: true } },
    { share: 0.75, settings: { commitReveal: true } },
    { subnets: 1, settings: { emissionEnabled: false } },
    { subnets: 2, settings: { tempo: 99 } },
    { subnets: 3, settings: { tempo: 1440 } },
  ];
  const doc = base({ settings: { yuma3: false, commitReveal: false }, mix });

  it('gives each entry its share or count of the subnets; entries setting one field pick different subnets', () => {
    const { subnets } = world(doc);
    const count = (p: (s: (typeof subnets)[number]) => boolean) => subnets.filter(p).length;
    expect(count((s) => s.params.yuma3)).toBe(2);
    expect(count((s) => s.commitReveal)).toBe(6);
    expect(count((s) => s.emissionEnabled === false)).toBe(1);
    expect(count((s) => s.tempo === 99)).toBe(2);
    expect(count((s) => s.tempo === 1440)).toBe(3);
    expect(count((s) => s.tempo === 360)).toBe(3);
    expect(subnets.filter((s) => s.params.yuma3).map((s) => s.netuid)).toEqual(
      world(doc)
        .subnets.filter((s) => s.params.yuma3)
        .map((s) => s.netuid),
    );
  });

  it("a subnet's overrides win over the mix", () => {
    const overrides = Array.from({ length: 8 }, (_, i) => ({ netuid: i + 1, tempo: 500 }));
    const { subnets } = world({ ...doc, subnets: { ...(doc.subnets as Doc), overrides } });
    expect(subnets.every((s) => s.tempo === 500)).toBe(true);
    expect(subnets.filter((s) => s.params.yuma3).length).toBe(2);
  });

  it('a subnet with emission off gets no TAO; the others share the block', () => {
    const sc = parseScenario({ ...doc, duration: { blocks: 50 } }, 'shape.json');
    const r = runScenario(sc, 1, undefined, { backend: 'cpu' });
    const off = r.network.subnets.filter((s) => s.emissionEnabled === false);
    expect(off.length).toBe(1);
    expect(off[0].totals.taoInjected).toBe(0n);
    expect(r.network.subnets.filter((s) => s.emissionEnabled !== false).every((s) => s.totals.taoInjected > 0n)).toBe(
      true,
    );
  }, 60_000);

  it('refuses shares of one field adding up to more than the subnets, and an entry with both share and subnets', () => {
    const over = base({
      mix: [
        { share: 0.5, settings: { tempo: 99 } },
        { subnets: 5, settings: { tempo: 7200 } },
      ],
    });
    expect(refusal(over)).toBe(
      'shape.json: at $.subnets.mix[1]: expected entries setting "tempo" to pick at most subnets.count (8) subnets in all (these pick 9), got 5',
    );
    expect(refusal(base({ mix: [{ share: 0.5, subnets: 2, settings: {} }] }))).toMatch(
      /^shape\.json: at \$\.subnets\.mix\[0\]: expected either "share" or "subnets", not both/,
    );
    expect(refusal(base({ mix: [{ share: 0.5, settings: { tempo: 0 } }] }))).toBe(
      'shape.json: at $.subnets.mix[0].settings.tempo: expected an integer in [1, 65535], got 0',
    );
    expect(refusal(base({ mix: [{ share: 0.5, settings: { alphaLow: 60000, alphaHigh: 100 } }] }))).toBe(
      'shape.json: at $.subnets.mix[0].settings.alphaHigh: expected a value ≥ alphaLow (60000), got 100',
    );
  });
});

describe('a heterogeneous network across a checkpoint', () => {
  it('saved and restored mid-run (registrations drawing counts after it), it ends with identical outputs', () => {
    const doc = base(
      {
        count: 6,
        validators: { values: [1, 3, 4, 6, 8, 11] },
        registrationsPerDay: 40,
        settings: { yuma3: false },
        mix: [
          { share: 0.5, settings: { yuma3: true } },
          { subnets: 1, settings: { emissionEnabled: false } },
          { subnets: 2, settings: { tempo: 99 } },
        ],
      },
      { duration: { blocks: 900 } },
    );
    const digest = (run: ActiveRun) => {
      const h = createHash('sha256');
      for (const t of finishRun(run).tables) h.update(`${t.name}\n${formatCsv(t)}`);
      return h.digest('hex');
    };
    const sc = () => parseScenario(doc, 'shape.json');
    const whole = startRun(sc(), 5, { backend: 'cpu' });
    advanceRun(whole, whole.last);
    let run = startRun(sc(), 5, { backend: 'cpu' });
    advanceRun(run, run.sim.now + 300);
    const dir = mkdtempSync(join(tmpdir(), 'taosim-shape-'));
    writeCheckpoint(dir, run);
    run = readCheckpoint(checkpointPath(dir)).run;
    advanceRun(run, run.last);
    expect(digest(run)).toBe(digest(whole));
    expect(whole.state.net.subnets.length).toBeGreaterThan(6);
  }, 60_000);
});
