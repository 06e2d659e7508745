// Adding an agent to a scenario leaves every other agent's random draws unchanged: streams are named
// after the agent (validator/3, miner/sn2/uid17), never after its position among all agents.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { genesis } from '../sim/run/genesis.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

const scenario = (validators: number) =>
  parseScenario(
    {
      format: 'taosim-scenario/v1',
      duration: { blocks: 100 },
      subnets: { count: 3, initialUids: 16, validators: 4 },
      stake: { validators },
    },
    'streams.json',
  );

function qualityByName(validators: number): Map<string, number> {
  const { agents } = genesis(scenario(validators), new RandomStreams(5));
  return new Map(
    agents.name.flatMap((name, id) =>
      agents.role[id] === 'miner' ? [[name, agents.quality[id]] as [string, number]] : [],
    ),
  );
}

describe('named random streams', () => {
  it("one more validator shifts every agent id but not one miner's quality draw", () => {
    const before = qualityByName(8);
    const after = qualityByName(9);
    expect(before.size).toBe(3 * 12);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, q] of before) expect(after.get(name), name).toBe(q);
    // and the draws are not all the same number
    expect(new Set(before.values()).size).toBe(before.size);
  });
});
