// The runtime presets after `current` (docs/explanation/eras.md): each is `current` plus the rules
// live from its runtime spec on, cumulatively; `today` is the newest; every rule stays overridable;
// a month of a small network conserves TAO and alpha to the RAO under each.
import { describe, expect, it } from 'vitest';
import { QUANTILE_EMISSION_GATE, RANK_EMISSION_GATE } from '../sim/chain/network/emission-gate.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import {
  ERA_PRESETS,
  PROTOCOL_PRESETS,
  type ProtocolRules,
  RUNTIME_PRESETS,
  type RuntimePreset,
} from '../sim/chain/network/protocol-rules.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';

/** The rules each runtime preset sets on top of `current` (protocol-2026h2.md Summary, §1–§4). */
const EXPECTED: Record<RuntimePreset, Partial<ProtocolRules>> = {
  'spec-440': { emissionGate: QUANTILE_EMISSION_GATE },
  'spec-441': { emissionGate: RANK_EMISSION_GATE, rootDividends: 'baskets-441' },
  'spec-442': { emissionGate: RANK_EMISSION_GATE, rootDividends: 'baskets-442' },
  'spec-473': { emissionGate: RANK_EMISSION_GATE, rootDividends: 'baskets-442', subnetRegistration: 'queue-473' },
  'spec-475': {
    emissionGate: RANK_EMISSION_GATE,
    rootDividends: 'baskets-442',
    subnetRegistration: 'queue-473',
    scheduler: 'mainline-475',
    injection: 'reservoir-475',
  },
};

const scenario = (preset: string, extra: Record<string, unknown> = {}) =>
  parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: `eras-${preset}`,
      duration: { days: 30 },
      subnets: { count: 4, initialUids: 16, validators: 4, registrationsPerDay: 0.2 },
      stake: { validators: 6 },
      protocol: { preset, overrides: { subnetLimit: 4 } },
      ...extra,
    },
    'inline',
  );

describe('runtime presets', () => {
  it.each(Object.keys(EXPECTED) as RuntimePreset[])('%s is `current` plus exactly its rules', (name) => {
    expect(RUNTIME_PRESETS[name]).toEqual({ ...ERA_PRESETS.current, ...EXPECTED[name] });
    expect(RUNTIME_PRESETS[name].era).toBe('current');
  });

  it('today is spec-475; the four era presets are unchanged and set none of the runtime rules', () => {
    expect(PROTOCOL_PRESETS.today).toEqual(RUNTIME_PRESETS['spec-475']);
    expect(Object.keys(PROTOCOL_PRESETS)).toEqual([
      'root',
      'dtao',
      'flow',
      'current',
      'spec-440',
      'spec-441',
      'spec-442',
      'spec-473',
      'spec-475',
      'today',
    ]);
    for (const era of ['root', 'dtao', 'flow', 'current'] as const) {
      const rules = PROTOCOL_PRESETS[era];
      expect(rules).toBe(ERA_PRESETS[era]);
      expect(rules.emissionGate).toBeNull();
      expect(rules.rootDividends).toBeUndefined();
      expect(rules.subnetRegistration).toBe('lock');
      expect(rules.scheduler).not.toBe('mainline-475');
    }
  });

  it('a scenario names a runtime preset and overrides its rules one at a time', () => {
    expect(scenario('today').protocol.rules).toEqual({ ...PROTOCOL_PRESETS.today, subnetLimit: 4 });
    const off = parseScenario(
      { format: 'taosim-scenario/v1', protocol: { preset: 'today', overrides: { emissionGate: null } } },
      'inline',
    ).protocol;
    expect(off.preset).toBe('today');
    expect(off.rules).toEqual({ ...PROTOCOL_PRESETS.today, emissionGate: null });
    const sell = parseScenario(
      { format: 'taosim-scenario/v1', protocol: { preset: 'spec-442', overrides: { rootDividends: 'sell' } } },
      'inline',
    ).protocol.rules;
    expect(sell).toEqual({ ...PROTOCOL_PRESETS['spec-442'], rootDividends: 'sell' });
  });

  it('an unknown preset or rootDividends value is refused with its JSON path', () => {
    const refusal = (protocol: unknown) => {
      try {
        parseScenario({ format: 'taosim-scenario/v1', protocol }, 'inline');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return `${(e as UsageError).path}: ${(e as UsageError).message}`;
      }
      throw new Error('accepted');
    };
    expect(refusal({ preset: '475' })).toBe(
      '$.protocol.preset: expected one of root, dtao, flow, current, spec-440, spec-441, spec-442, spec-473, spec-475, today, got "475"',
    );
    expect(refusal({ preset: 'today', overrides: { rootDividends: 'buy' } })).toMatch(
      /^\$\.protocol\.overrides\.rootDividends: expected "sell", "baskets-441" or "baskets-442"/,
    );
  });
});

// The emission gate's Hill power costs about 50 µs a block on 4 subnets, so a month under every
// preset would take over a minute: `today` (every rule but spec 441's split) runs a month, the
// other presets a week each.
describe('4 subnets × 16 uids with registrations conserve TAO and alpha to the RAO', () => {
  it.each([
    ['spec-440', 7],
    ['spec-441', 7],
    ['spec-442', 7],
    ['spec-473', 7],
    ['today', 30],
  ] as const)('%s over %i days', (preset, days) => {
    const { network: net, summary } = runScenario(scenario(preset, { duration: { days } }), 3);
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    expect(Number(summary.epochs)).toBeGreaterThan(4 * days * 19);
    expect(net.emissionGateBar ?? 0n).toBeGreaterThan(0n);
    if (preset !== 'spec-440') expect(net.baskets).toBeDefined();
    // From 473 a registration at the limit prunes and settles through the queue: the newcomer starts disabled.
    const queued = net.subnets.filter((s) => s.emissionEnabled === false).length;
    expect(queued > 0).toBe(preset === 'spec-473' || preset === 'today');
  });
});
