// Genesis respects the alpha supply: a subnet's pool drawn so deep that the subnet would start with
// as much alpha issued as its 21M supply would never emit alpha (protocol.md §4.1). Such a pool is
// clipped, at the drawn price, below the subnet's first alpha halving, with a warning naming the
// subnet (stderr and run.json); a scenario whose median subnet is already there is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockEmission } from '../sim/chain/emission/halving-schedule.ts';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { alphaIssuance } from '../sim/chain/network/subnet.ts';
import { RandomStreams } from '../sim/engine/index.ts';
import { genesis } from '../sim/run/genesis.ts';
import { advanceRun, startRun } from '../sim/run/run-scenario.ts';
import { GENESIS_ALPHA_ISSUANCE_LIMIT, loadScenario, parseScenario, type Scenario } from '../sim/scenario/scenario.ts';
import { parseStudyConfig } from '../sim/studies/config.ts';
import { HALVINGS_DEFAULTS, type HalvingsConfig, halvingScenario } from '../sim/studies/halvings.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosim } from './helpers/cli.ts';

const ALPHA = 1_000_000_000n;

/** Every subnet at genesis starts below its first alpha halving, so it emits a full alpha a block. */
function expectAllEmitting(sc: Scenario, seed: number | string): string[] {
  const { network, warnings } = genesis(sc, new RandomStreams(seed));
  for (const s of network.subnets) {
    expect(alphaIssuance(s), `sn${s.netuid}`).toBeLessThan(GENESIS_ALPHA_ISSUANCE_LIMIT);
    expect(blockEmission(alphaIssuance(s)), `sn${s.netuid}`).toBe(ALPHA);
    expect(s.pool.alphaIn, `sn${s.netuid}`).toBeGreaterThan(0n);
  }
  return warnings;
}

describe('genesis and the alpha supply', () => {
  it('the mid-2025 scenario (the default until 0.3): subnet 23 (drawn at 33.9M alpha) is clipped to 10.3M at its drawn price; every subnet emits alpha', () => {
    const sc = loadScenario('scenarios/mid-2025.json');
    const warnings = expectAllEmitting(sc, sc.seed);
    expect(warnings).toEqual([
      'subnet 23: pool drawn at 33946366 alpha and 292526 TAO (34151101 alpha issued with the 204734 staked; the supply is 21000000) ' +
        'clipped at the same price to 10295265 alpha and 88717 TAO, below the first alpha halving (10500000 issued) ' +
        "where a scenario's subnets start (see pools.taoSpread, pools.priceSpread)",
    ]);
    const sn23 = genesis(sc, new RandomStreams(sc.seed)).network.subnets[22];
    expect(sn23.pool.alphaIn + sn23.alphaOut).toBe(GENESIS_ALPHA_ISSUANCE_LIMIT - 1n);
    // The spot price is the drawn one (the moving price starts at it, below 1).
    const spot = Number(sn23.pool.tao) / Number(sn23.pool.alphaIn);
    expect(Math.abs(spot / U64F64.toNumber(sn23.movingPrice) - 1)).toBeLessThan(1e-9);
  });

  it('the mid-2025 scenario on the chain: after its first blocks every one of the 64 subnets has emitted alpha', () => {
    const sc = loadScenario('scenarios/mid-2025.json');
    const run = startRun(sc, sc.seed, { backend: 'cpu' });
    advanceRun(run, sc.start.block + 3);
    const dead = run.state.net.subnets.filter((s) => s.totals.alphaEmitted === 0n).map((s) => s.netuid);
    expect(dead).toEqual([]);
    expect(run.state.net.subnets.length).toBe(64);
  }, 60_000);

  it("the halvings study's network (sn12 was drawn past the supply): every subnet emits alpha", () => {
    const c = parseStudyConfig(
      JSON.parse(readFileSync('scenarios/studies/halvings.json', 'utf8')),
      'halvings.json',
      HALVINGS_DEFAULTS,
      'taosim-study/halvings/v1',
    ) as HalvingsConfig;
    const warnings = expectAllEmitting(halvingScenario(c), c.seed);
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['subnet 12']);
  });

  it('many seeds of the mid-2025 scenario: no subnet ever starts at or past the limit', () => {
    const sc = loadScenario('scenarios/mid-2025.json');
    let clipped = 0;
    for (let seed = 0; seed < 10; seed++) clipped += expectAllEmitting(sc, seed).length;
    expect(clipped).toBeGreaterThan(0); // the tail is reached, and handled
  });

  it('a scenario whose median subnet starts past its first alpha halving is refused, naming the field', () => {
    const base = JSON.parse(readFileSync('scenarios/mid-2025.json', 'utf8'));
    const refuse = (doc: object) => {
      try {
        parseScenario(doc, 'big.json');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as UsageError).format();
      }
      return null;
    };
    expect(refuse({ ...base, pools: { ...base.pools, priceMedian: 0.001 } })).toBe(
      'big.json: at $.pools.priceMedian: the median subnet would start at or past its first alpha halving: pools.taoMedian / pools.priceMedian ' +
        '(20000000 alpha in its pool) plus stake.alphaPerSubnet (300000) is 20300000 alpha issued, expected less than 10500000; ' +
        'lower pools.taoMedian or stake.alphaPerSubnet, or raise pools.priceMedian',
    );
    expect(refuse({ ...base, stake: { ...base.stake, alphaPerSubnet: 10_000_000 } })).toMatch(
      /^big\.json: at \$\.pools\.priceMedian: .* is 11000000 alpha issued/,
    );
    // The root era has no pools and no alpha: nothing to check.
    expect(
      refuse({
        ...base,
        protocol: { preset: 'root' },
        subnets: { ...base.subnets, count: 32 },
        pools: { ...base.pools, priceMedian: 0.001 },
      }),
    ).toBeNull();
  });

  it('taosim run warns on stderr, naming file and subnet, and records the clipping in run.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-genesis-'));
    const file = join(dir, 'deep.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'taosim-scenario/v1',
        seed: 3,
        duration: { blocks: 5 },
        subnets: { count: 4, initialUids: 8, validators: 2 },
        stake: { validators: 2 },
        pools: { taoMedian: 20000, taoSpread: 0.1, priceMedian: 0.002, priceSpread: 0.1 },
      }),
    );
    const r = taosim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('taosim: warning:'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatch(
        new RegExp(
          `^taosim: warning: ${file}: subnet \\d: pool drawn at \\d+ alpha .* clipped at the same price to \\d+ alpha`,
        ),
      );
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8'));
    expect(manifest.warnings).toEqual(lines.map((l) => l.slice(`taosim: warning: ${file}: `.length)));
  }, 60_000);
});
