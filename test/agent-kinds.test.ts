// Agent kinds (sim/run/agents): every event a run queues belongs to the chain, the observers or a
// registered kind, between them the rich scenarios start every kind, a checkpoint naming an
// unknown kind is refused, and the transfer agents are funded with moves TAO without creating any.
import { describe, expect, it } from 'vitest';
import { transfer } from '../sim/chain/network/balances.ts';
import type { NetworkState } from '../sim/chain/network/network-state.ts';
import { AGENT_KIND_BY_NAME, AGENT_KINDS } from '../sim/run/agents/registry.ts';
import { resumeRun, startRun } from '../sim/run/run-scenario.ts';
import { RICH_SCENARIOS } from './helpers/rich-scenarios.ts';

const kindOf = (event: string) => event.split('/')[0];

describe('agent kinds', () => {
  it('names are unique, and every queued event is the chain, sampling or a registered kind', () => {
    expect(AGENT_KIND_BY_NAME.size).toBe(AGENT_KINDS.length);
    const started = new Set<string>();
    for (const make of Object.values(RICH_SCENARIOS)) {
      const run = startRun(make(), 5);
      for (const e of run.sim.snapshot().events) {
        const k = kindOf(e.name);
        if (k === 'chain' || k === 'sample') continue;
        expect(AGENT_KIND_BY_NAME.has(k), e.name).toBe(true);
        started.add(k);
      }
    }
    // The rich scenarios start every kind (which is what makes them a refactor's byte-identity check).
    expect([...started].sort()).toEqual(AGENT_KINDS.map((k) => k.name).sort());
  });

  it('a kind absent from the run keeps a null state, and a queue naming it or an unknown kind is refused', () => {
    const run = startRun(RICH_SCENARIOS.root(), 5);
    expect(run.state.kinds.stakers).toBeNull();
    expect(run.state.kinds['root-weights']).not.toBeNull();
    const queue = run.sim.snapshot();
    for (const name of ['stakers', 'nobody/3']) {
      const bad = { ...queue, events: [...queue.events, { ...queue.events[0], seq: 1e9, name }] };
      expect(() => resumeRun(run.state, bad)).toThrow(`checkpoint names an unknown event ${JSON.stringify(name)}`);
    }
  });

  it('transfer moves what the payer has, at most, and creates nothing', () => {
    const net = { balance: [100n, 5n] } as unknown as NetworkState;
    expect(transfer(net, 0, 2, 30n)).toBe(30n);
    expect(transfer(net, 1, 0, 8n)).toBe(5n);
    expect(net.balance).toEqual([75n, 0n, 30n]);
  });
});
