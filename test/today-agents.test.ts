// Today's chain agents (sim/run/agents: nominators, validator-takes, owner-actions,
// emission-governance, root-claims): each acts in a small run, TAO and alpha are conserved to the
// RAO (checkpoints: test/checkpoint.test.ts, rich scenario `today`), the chain calls they use keep the chain's rules, and
// scenarios without an `agents` section are unchanged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseValidator } from '../models/stakers/nominator-switch.ts';
import { runPoolCoinbase } from '../sim/chain/network/coinbase.ts';
import {
  DEFAULT_DELEGATE_TAKE_LIMITS,
  decreaseTake,
  emptyDelegation,
  increaseTake,
} from '../sim/chain/network/delegation.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted, setOwnerCutEnabled } from '../sim/chain/network/subnet.ts';
import { type ActiveRun, advanceRun, finishRun, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';
import { RICH_SCENARIO_FILES } from './helpers/rich-scenarios.ts';

const today = (patch: (raw: Record<string, any>) => void = () => {}) => {
  const raw = structuredClone(RICH_SCENARIO_FILES.today) as Record<string, any>;
  patch(raw);
  return parseScenario(raw, 'today.json');
};
const tableRows = (run: ActiveRun, name: string) => finishRun(run).tables.find((t) => t.name === name)?.rows;
const conserved = (run: ActiveRun) => {
  const net = run.state.net;
  expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
  expect(taoHeld(net)).toBe(net.issuance);
  for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
};

describe("today's agents in a 2-day run (4 subnets, limit 4, queued registrations)", () => {
  const run = startRun(today(), 11);
  advanceRun(run, run.last);

  it('conserve TAO and alpha to the RAO', () => conserved(run));

  it('each kind acts', () => {
    // Validators (hotkey, take, increases, decreases, refused increases): 12 increases of one step
    // (655) once per 3600 blocks at most, 9 decreases after losing nominated stake, 14 refused.
    expect(tableRows(run, 'validator_takes')).toEqual([
      [1, 4035, 2, 5, 0],
      [2, 6000, 2, 2, 3],
      [3, 7965, 3, 0, 4],
      [4, 6000, 2, 2, 3],
      [5, 7965, 3, 0, 4],
    ]);
    expect([...(run.state.net.delegation?.delegateTakes.values() ?? [])]).toEqual([4035, 6000, 7965, 6000, 7965]);
    // Owners: 7 subnets set to 2 mechanisms, 13 owner-cut flips; every subnet now runs 2 mechanisms.
    expect(tableRows(run, 'owner_actions')).toEqual([[7, 13]]);
    for (const s of run.state.net.subnets) expect(s.mechanisms?.extra.length).toBe(1);
    // Root switched on the 3 subnets created (queued, emission off) at least half a day before the end.
    expect(tableRows(run, 'emission_governance')).toEqual([[3]]);
    // Root stakers redeemed basket shares 21 times for 3046.678279810 TAO staked on root.
    expect(tableRows(run, 'root_claims')).toEqual([[21, 18, '3128574990125', '3046678279810']]);
  });
  // A checkpoint resumes this run byte-identically: test/checkpoint.test.ts (rich scenario `today`).
});

describe('nominators move between validators by net yield', () => {
  it('without registrations, 8 nominators make moves and TAO and alpha stay conserved', () => {
    const run = startRun(
      today((raw) => {
        raw.subnets.registrationsPerDay = 0;
        raw.duration = { days: 1 };
      }),
      4,
    );
    advanceRun(run, run.last);
    conserved(run);
    const rows = tableRows(run, 'nominators') ?? [];
    expect(rows.length).toBe(8);
    const moves = rows.reduce((a, r) => a + Number(r[4]), 0);
    expect(moves).toBeGreaterThan(0);
    expect(rows.every((r) => Number(r[2]) > 0 && BigInt(r[3] as string) > 0n)).toBe(true);
  });

  it('stays unless the gain beats the margin and pays for the move', () => {
    const rule = { minGain: 0.1, horizonEpochs: 140 };
    const cur = { hotkey: 5, yield: 1e-4 };
    const better = [cur, { hotkey: 7, yield: 1.2e-4 }];
    expect(chooseValidator(cur, better, 1e12, 1e9, rule)).toBe(7); // gain 2.8e9 > cost 1e9
    expect(chooseValidator(cur, better, 1e12, 3e9, rule)).toBe(5); // the move costs more than it earns
    expect(chooseValidator(cur, [cur, { hotkey: 7, yield: 1.05e-4 }], 1e12, 0, rule)).toBe(5); // inside the margin
  });
});

describe('delegate take calls keep the chain rules (protocol-2026h2.md §5.2)', () => {
  it('increases are strictly higher, at most the max, once per rate limit; decreases strictly lower, at least the min', () => {
    const d = emptyDelegation();
    const lim = DEFAULT_DELEGATE_TAKE_LIMITS;
    expect(increaseTake(d, 1, 5000, 100, lim)).toBeNull();
    expect(increaseTake(d, 1, 6000, 100 + 216_000, lim)).toBe('rate-limit'); // block − last ≤ limit
    expect(increaseTake(d, 1, 6000, 100 + 216_001, lim)).toBeNull();
    expect(increaseTake(d, 1, 6000, 10 ** 7, lim)).toBe('not-higher');
    expect(increaseTake(d, 1, 11_797, 10 ** 7, lim)).toBe('too-high');
    expect(decreaseTake(d, 1, 6000, lim)).toBe('not-lower');
    expect(decreaseTake(d, 1, 100, { ...lim, min: 200 })).toBe('too-low');
    expect(decreaseTake(d, 1, 0, lim)).toBeNull();
    // A decrease does not restart the increase limit: the last increase was at 216 101.
    expect(increaseTake(d, 1, 1, 216_101 + 216_001, lim)).toBeNull();
    expect(d.delegateTakes.get(1)).toBe(1);
  });
});

describe('OwnerCutEnabled (run_coinbase: the cut is taken only when enabled)', () => {
  it('off: the owner gets nothing and the miners half of the whole alpha emission', () => {
    const net = testNetwork('dtao');
    const s = addSubnet(net, { netuid: 1, movingPrice: 0.5 });
    setOwnerCutEnabled(s, false);
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(s.pending.owner).toBe(0n);
    expect(s.pending.server).toBe(500_000_000n);
    setOwnerCutEnabled(s, true);
    runPoolCoinbase(net, 1_000_000_000n, 2);
    expect(s.pending.owner).toBe(179_995_422n); // 18 % again, as by default
  });
});

describe('the agents section', () => {
  it('absent: no agent kind of it takes part and the resolved scenario has no agents key', () => {
    const sc = parseScenario(JSON.parse(readFileSync('scenarios/mid-2025.json', 'utf8')), 'mid-2025.json');
    expect('agents' in sc).toBe(false);
    const run = startRun(
      today((raw) => delete raw.agents),
      1,
    );
    for (const k of ['nominators', 'validator-takes', 'owner-actions', 'emission-governance', 'root-claims'])
      expect(run.state.kinds[k]).toBeNull();
  });

  it('refuses more mechanisms than fit 256 uids, naming the path', () => {
    try {
      today((raw) => {
        raw.agents.owners.mechanisms = 9;
      });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).format()).toContain('$.agents.owners.mechanisms');
    }
  });

  it('the example scenario parses with every agent on', () => {
    const sc = parseScenario(JSON.parse(readFileSync('scenarios/today-agents.json', 'utf8')), 'today-agents.json');
    expect(Object.keys(sc.agents ?? {}).sort()).toEqual([
      'governance',
      'nominators',
      'owners',
      'rootClaims',
      'validatorTakes',
    ]);
  });
});
