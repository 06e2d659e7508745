// Validators set weights when the chain allows them to (current_block − last_update ≥
// weights_set_rate_limit, protocol.md §5.5): in oct-2023 they used to submit every tempo (99 blocks)
// against a limit of 100, so every other submission was refused, and in every scenario the first
// round (one block after the uids were registered) was refused too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { weightInterval } from '../sim/run/agents/validator-scoring.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario, type Scenario } from '../sim/scenario/scenario.ts';

/** A shipped scenario, shrunk: `subnets` subnets of 32 uids, `validators` validators each, `blocks` long. */
function small(file: string, blocks: number, extra: (doc: Record<string, any>) => void = () => {}): Scenario {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  doc.duration = { blocks };
  doc.subnets = { ...doc.subnets, count: 4, initialUids: 32, validators: 8 };
  doc.stake = { ...doc.stake, validators: 16 };
  extra(doc);
  return parseScenario(doc, file);
}

describe('weights rate limit', () => {
  it('the interval: the requested one (default the tempo), but never below the rate limit', () => {
    const oct = small('scenarios/oct-2023.json', 100);
    expect(weightInterval(oct, { tempo: 99, weightsRateLimit: 100 })).toBe(100);
    expect(weightInterval(oct, { tempo: 360, weightsRateLimit: 100 })).toBe(360);
    const every50 = small('scenarios/oct-2023.json', 100, (d) => (d.validators.weightsEveryBlocks = 50));
    expect(weightInterval(every50, { tempo: 99, weightsRateLimit: 100 })).toBe(100);
    expect(weightInterval(every50, { tempo: 99, weightsRateLimit: 0 })).toBe(50);
  });

  it('an oct-2023-like run (tempo 99, limit 100): no submission refused, one every 100 blocks', () => {
    const r = runScenario(small('scenarios/oct-2023.json', 2000), 2023);
    expect(r.summary.weightRejections).toBe(0);
    // Rounds at blocks 1, 101, …, 1901 after the start: the first comes one block after genesis
    // registered the uids, so validators wait; 19 rounds × 4 subnets × 8 validators.
    expect(r.summary.weightSets).toBe(19 * 4 * 8);
  }, 120_000);

  it('a dTAO run (tempo 360, commit-reveal): no submission refused', () => {
    const r = runScenario(small('scenarios/mid-2025.json', 1500), 2025);
    expect(r.summary.weightRejections).toBe(0);
    expect(r.summary.weightSets).toBe(4 * 4 * 8); // rounds at 361, 721, 1081, 1441
  }, 120_000);

  it('weightsEveryBlocks below the limit: validators submit as often as the limit allows, none refused', () => {
    const r = runScenario(
      small('scenarios/oct-2023.json', 1000, (d) => (d.validators.weightsEveryBlocks = 30)),
      7,
    );
    expect(r.summary.weightRejections).toBe(0);
    expect(r.summary.weightSets).toBe(9 * 4 * 8); // every 100 blocks: 101, …, 901
  }, 120_000);
});
