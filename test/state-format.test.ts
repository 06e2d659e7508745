// The chain state format (`taosim-state/v1`, docs/reference/state.md): canonical round trip, every
// refusal with its JSON path, the shipped mainnet file against its source data, and the converter
// reproducing that file byte for byte where the source data is at hand.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alphaToRao, convertMainnet20260831 } from '../scripts/convert-mainnet-2026-08-31.ts';
import {
  type ChainStateJson,
  formatState,
  loadState,
  parseState,
  presetForSpecVersion,
  STATE_FORMAT,
} from '../sim/state/format.ts';
import { UsageError } from '../sim/util/errors.ts';
import { parseJson } from '../sim/util/json.ts';
import { taosimInProcess } from './helpers/cli.ts';

const A = '5HCFWvRqzSHWRPecN7q8J6c7aKQnrCZTMHstPv39xL1wgDHh';
const B = '5EcYQ3W77ndrmMWdvVQusoFqY8doxfP3U2zrh7xZQiaz7avY';
const C = '5CFxLBvpyQq3TCP7zLcu8dLcPBxhA6MdLvXiCyvJVojuK17J';

/** A state with every section, written in a shuffled key order and with safe JSON integers. */
function fullState(): ChainStateJson {
  return {
    subnets: [
      {
        alphaIssued: '3000000000000000',
        netuid: 1,
        tempo: 360,
        registeredAt: 100,
        firstEmissionBlock: 200,
        lastEpochBlock: 9_000,
        emissionEnabled: true,
        commitReveal: true,
        yuma3: true,
        liquidAlpha: false,
        mechanismCount: 1,
        hyperparameters: {
          kappa: 32767,
          alphaLow: 45875,
          alphaHigh: 58982,
          burn: 1_000_000_000,
          maxAllowedValidators: 4,
        },
        taoIn: '50000000000000',
        alphaIn: '1000000000000000',
        alphaOut: '2000000000000000',
        protocolAlpha: 5,
        alphaBurned: '7',
        movingPrice: { I96F32: '4294967296' },
        minerBurned: { U96F32: '0' },
        owner: A,
        ownerHotkey: B,
        maxUids: 4,
        registeredUids: 3,
        recycledForRegistration: '123',
        pending: { serverEmission: '1', validatorEmission: '2', rootAlphaDivs: '3', ownerCut: '4' },
        aggregates: { validatorCount: 1, validatorStakeHhi: 1 },
      },
      { netuid: 7, firstEmissionBlock: null, maxUids: 256 },
    ],
    format: STATE_FORMAT,
    specVersion: 452,
    block: 10_000,
    time: '2026-08-31T22:23:48Z',
    source: { description: 'made up for the test', tool: 'test' },
    global: {
      totalIssuance: '10000000000000000',
      totalStake: '9000000000000000',
      taoWeight: '3320413933267719290',
      subnetOwnerCut: 11796,
      emissionGate: { bar: { U64F64: '147573952589676412' }, rank: 32 },
      subnetLimit: 128,
      networkLastLockCost: 1_000_000_000,
    },
    neurons: {
      '1': [
        {
          uid: 0,
          hotkey: B,
          coldkey: A,
          alphaStake: '100',
          rootStake: '5',
          validatorPermit: true,
          weights: [[1, 65535]],
        },
        {
          uid: 2,
          hotkey: C,
          registrationBlock: 150,
          lastUpdate: 9_999,
          bonds: [
            [0, 10],
            [2, 20],
          ],
        },
      ],
    },
    childKeys: [{ netuid: 1, parent: B, children: [{ hotkey: C, proportion: '18446744073709551615' }] }],
    takes: { delegate: [{ hotkey: B, take: 11796 }], childKey: [{ hotkey: C, netuid: 1, take: 0 }] },
    delegations: [{ hotkey: B, coldkey: A, netuid: 0, alpha: '5' }],
    assumptions: ['none'],
  };
}

const refusal = (json: unknown): string => {
  try {
    parseState(json, 's.json');
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  return 'accepted';
};

describe('canonical writing', () => {
  it('writes the schema order, amounts as strings, and reads back to the same bytes', () => {
    const text = formatState(fullState());
    expect(text.startsWith('{\n  "format": "taosim-state/v1",\n  "block": 10000,\n  "specVersion": 452,')).toBe(true);
    expect(text).toContain('"networkLastLockCost": "1000000000"');
    expect(text).toContain('"protocolAlpha": "5"');
    expect(text).toContain('"bonds": [[0, 10], [2, 20]]');
    expect(text).toContain('"firstEmissionBlock": null');
    const again = parseState(parseJson(text, 'w.json'), 'w.json');
    expect(formatState(again)).toBe(text);
    // Amounts and bits read as bigint, exactly.
    expect(again.global.taoWeight).toBe(3_320_413_933_267_719_290n);
    expect(again.subnets[0].movingPrice).toEqual({ I96F32: 4_294_967_296n });
    expect(again.childKeys?.[0].children[0].proportion).toBe(18_446_744_073_709_551_615n);
  });

  it('leaves unknown fields absent: nothing is filled in', () => {
    const s = parseState(
      {
        format: STATE_FORMAT,
        block: 1,
        specVersion: 475,
        time: '2026-10-08T00:00:00Z',
        source: { description: 'x' },
        global: {},
        subnets: [{ netuid: 3 }],
      },
      'm.json',
    );
    expect(s.subnets[0]).toEqual({ netuid: 3 });
    expect(s.global).toEqual({});
    expect('neurons' in s).toBe(false);
  });

  it('maps runtime spec versions to the protocol preset in force', () => {
    expect([432, 439, 440, 441, 442, 452, 472, 473, 474, 475].map(presetForSpecVersion)).toEqual([
      'current',
      'current',
      'spec-440',
      'spec-441',
      'spec-442',
      'spec-442',
      'spec-442',
      'spec-473',
      'spec-473',
      'spec-475',
    ]);
  });
});

describe('refusals name the JSON path', () => {
  const base = fullState();
  const sub = (i: number, patch: object) => ({
    ...base,
    subnets: base.subnets.map((s, j) => (j === i ? { ...s, ...patch } : s)),
  });
  const neuron = (i: number, patch: object) => ({
    ...base,
    neurons: { '1': base.neurons!['1'].map((n, j) => (j === i ? { ...n, ...patch } : n)) },
  });
  it.each<[string, unknown, string | RegExp]>([
    ['valid', base, 'accepted'],
    [
      'wrong format',
      { ...base, format: 'taosim-state/v2' },
      's.json: at $.format: expected "taosim-state/v1", got "taosim-state/v2"',
    ],
    [
      'unknown runtime',
      { ...base, specVersion: 999 },
      's.json: at $.specVersion: unknown runtime: expected a spec version in [432, 475] (the runtimes taosim models), got 999',
    ],
    ['time not UTC', { ...base, time: '2026-08-31 22:23:48' }, /^s\.json: at \$\.time: expected a UTC time/],
    [
      'unknown field',
      { ...base, colour: 1 },
      /^s\.json: at \$\.colour: unknown field "colour" \(allowed: \$schema, format, /,
    ],
    [
      'amount as a fraction',
      sub(0, { alphaIn: 1.5 }),
      's.json: at $.subnets[0].alphaIn: expected an amount in alpha RAO (a decimal string, or a safe JSON integer), got 1.5',
    ],
    [
      'amount as an unsafe JSON number',
      { ...base, global: { totalIssuance: 2 ** 60 } },
      /^s\.json: at \$\.global\.totalIssuance: expected an amount in RAO \(a decimal string, or a safe JSON integer\), got 1152921504606847000$/,
    ],
    [
      'amount above u64',
      { ...base, global: { totalStake: '18446744073709551616' } },
      /\$\.global\.totalStake: expected a value that fits in u64/,
    ],
    [
      'fixed point of the wrong type',
      sub(0, { movingPrice: { U64F64: '1' } }),
      's.json: at $.subnets[0].movingPrice.U64F64: unknown field "U64F64" (allowed: I96F32)',
    ],
    [
      'fixed point out of range',
      sub(0, { minerBurned: { U96F32: '-1' } }),
      /\$\.subnets\[0\]\.minerBurned\.U96F32: expected the U96F32 bits/,
    ],
    ['not an SS58 address', sub(0, { owner: '0xabc' }), /\$\.subnets\[0\]\.owner: expected an SS58 address/],
    [
      'duplicate netuid',
      { ...base, subnets: [base.subnets[0], base.subnets[0]] },
      's.json: at $.subnets[1].netuid: duplicate netuid 1 (also at $.subnets[0])',
    ],
    [
      'netuids out of order',
      { ...base, subnets: [base.subnets[1], base.subnets[0]] },
      's.json: at $.subnets[1].netuid: subnets must be in ascending netuid: 1 comes after 7',
    ],
    [
      'uids above max',
      sub(0, { registeredUids: 5 }),
      's.json: at $.subnets[0].registeredUids: 5 uids registered, above maxUids 4',
    ],
    [
      'block in the future',
      sub(0, { lastEpochBlock: 10_001 }),
      "s.json: at $.subnets[0].lastEpochBlock: block 10001 is after the state's block 10000",
    ],
    [
      'pool reserve above issued',
      sub(0, { alphaIn: '3000000000000001', alphaOut: undefined }),
      's.json: at $.subnets[0].alphaIn: pool reserve 3000000000000001 alpha RAO is above the alpha issued (3000000000000000)',
    ],
    [
      'in + out not the issued',
      sub(0, { alphaOut: '1999999999999999' }),
      's.json: at $.subnets[0].alphaIssued: expected alphaIn + alphaOut = 2999999999999999 alpha RAO, got 3000000000000000',
    ],
    [
      'alpha above the 21M supply',
      sub(0, { alphaIssued: undefined, alphaIn: '11000000000000000', alphaOut: '10000000000000001' }),
      's.json: at $.subnets[0].alphaOut: alphaIn + alphaOut = 21000000000000001 alpha RAO, above the supply of 21M alpha',
    ],
    [
      'burned above issued',
      sub(0, { alphaBurned: '3000000000000001' }),
      's.json: at $.subnets[0].alphaBurned: 3000000000000001 alpha RAO is above the alpha issued (3000000000000000)',
    ],
    [
      'pool TAO above issuance',
      sub(0, { taoIn: '10000000000000001' }),
      's.json: at $.subnets[0].taoIn: pool reserve 10000000000000001 RAO is above the total issuance 10000000000000000 RAO',
    ],
    [
      'stake above issuance',
      { ...base, global: { ...base.global, totalStake: '10000000000000001' } },
      's.json: at $.global.totalStake: total stake 10000000000000001 RAO exceeds total issuance 10000000000000000 RAO',
    ],
    [
      'validators above max uids',
      sub(0, { hyperparameters: { maxAllowedValidators: 5 } }),
      's.json: at $.subnets[0].hyperparameters.maxAllowedValidators: 5 validators, above maxUids 4',
    ],
    [
      'alphaLow above alphaHigh',
      sub(0, { hyperparameters: { alphaLow: 2, alphaHigh: 1 } }),
      's.json: at $.subnets[0].hyperparameters.alphaLow: alphaLow 2 is above alphaHigh 1',
    ],
    [
      'fixed point not an object',
      { ...base, global: { emissionGate: { bar: '5' } } },
      's.json: at $.global.emissionGate.bar: expected { "U64F64": "<bits as a decimal string>" }, got "5"',
    ],
    [
      'first emission neither a block nor null',
      sub(1, { firstEmissionBlock: 'no' }),
      's.json: at $.subnets[1].firstEmissionBlock: expected a block number (an integer ≥ 0) or null, got "no"',
    ],
    [
      'neurons under a key that is not a netuid',
      { ...base, neurons: { '01': [] } },
      's.json: at $.neurons["01"]: expected a netuid as the key ("1", "64"), got "01"',
    ],
    [
      'neurons of an unknown netuid',
      { ...base, neurons: { '9': [] } },
      's.json: at $.neurons["9"]: netuid 9 is not among $.subnets',
    ],
    [
      'neuron uid not below registered',
      neuron(1, { uid: 3 }),
      's.json: at $.neurons["1"][1].uid: uid 3 is not below the subnet\'s registeredUids 3',
    ],
    [
      'neuron uids out of order',
      neuron(1, { uid: 0 }),
      's.json: at $.neurons["1"][1].uid: uids must be ascending and distinct: 0 comes after 0',
    ],
    [
      'one hotkey on two uids',
      neuron(1, { hotkey: B }),
      's.json: at $.neurons["1"][1].hotkey: hotkey also holds uid 0 on this subnet',
    ],
    [
      'weight to a uid not registered',
      neuron(0, { weights: [[3, 1]] }),
      's.json: at $.neurons["1"][0].weights[0][0]: uid 3 is not below the subnet\'s registeredUids 3',
    ],
    [
      'child keys on an unknown netuid',
      { ...base, childKeys: [{ ...base.childKeys![0], netuid: 2 }] },
      's.json: at $.childKeys[0].netuid: netuid 2 is not among $.subnets',
    ],
    [
      'children above all the stake',
      {
        ...base,
        childKeys: [
          {
            ...base.childKeys![0],
            children: [
              { hotkey: C, proportion: '18446744073709551615' },
              { hotkey: A, proportion: '1' },
            ],
          },
        ],
      },
      's.json: at $.childKeys[0].children[1].proportion: the children’s proportions add up to more than u64::MAX (all)',
    ],
    [
      'delegation on an unknown netuid',
      { ...base, delegations: [{ ...base.delegations![0], netuid: 5 }] },
      's.json: at $.delegations[0].netuid: netuid 5 is not among $.subnets',
    ],
    [
      'more subnets than the limit',
      { ...base, global: { ...base.global, subnetLimit: 1 } },
      's.json: at $.global.subnetLimit: 2 subnets listed, above the subnet limit 1',
    ],
  ])('%s', (_name, json, expected) => {
    const line = refusal(json);
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
  });

  it('a key repeated in one object is refused with its path', () => {
    const text = formatState(fullState()).replace('"tempo": 360,', '"tempo": 360,\n      "tempo": 99,');
    expect(() => parseJson(text, 'd.json')).toThrow(/duplicate key "tempo"/);
    try {
      parseJson(text, 'd.json');
    } catch (e) {
      expect((e as UsageError).path).toBe('$.subnets[0]');
    }
  });
});

const SHIPPED = 'scenarios/data/mainnet-2026-08-31.state.json';

describe('the shipped mainnet state at block 8 968 186', () => {
  const state = loadState(SHIPPED);
  const subnet = (netuid: number) => state.subnets.find((s) => s.netuid === netuid)!;

  it('has the block, runtime and time of blocks.csv, and all 128 subnets', () => {
    expect([state.block, state.specVersion, state.time]).toEqual([8_968_186, 452, '2026-08-31T22:23:48Z']);
    expect(state.subnets.map((s) => s.netuid)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
    expect(state.global).toEqual({});
    expect(state.source.commit).toBe('e18ef6051e67f8310698eac30157572dc0e595ff');
  });

  it('subnet 1 matches its subnets.csv row to the alpha RAO', () => {
    expect(subnet(1)).toMatchObject({
      registeredAt: 1_497_824,
      firstEmissionBlock: 5_228_683,
      tempo: 99,
      owner: A,
      alphaIssued: 5_805_049_370_022_000n, // 5805049.370022 alpha
      alphaIn: 3_288_310_598_958_000n, // 3288310.598958
      alphaOut: 2_516_738_771_064_000n, // issued − in
      protocolAlpha: 17_184_489_564_000n, // 17184.489564
      alphaBurned: 858_284_241_057_000n, // 858284.241057
      recycledForRegistration: 102_625_879_099_377n,
      commitReveal: true,
      yuma3: false,
      liquidAlpha: false,
      maxUids: 256,
      registeredUids: 256,
      aggregates: { validatorCount: 9, validatorStakeHhi: 0.524846128119266, ownerAlpha: 267_880_109_866_000n },
    });
    expect(subnet(1).taoIn).toBeUndefined();
    expect(subnet(1).movingPrice).toBeUndefined();
    expect(subnet(1).pending).toBeUndefined();
  });

  it('subnets 2, 54 and 116: flags, small amounts and ratios as published', () => {
    expect(subnet(2)).toMatchObject({
      yuma3: true,
      liquidAlpha: true,
      tempo: 360,
      ownerHotkey: C,
      protocolAlpha: 277_903_743_000n,
    });
    expect(subnet(54).aggregates).toMatchObject({ ownerAlpha: 341_522_034_000n, ownerStakeShare: 0.3353155109915045 });
    expect(subnet(116)).toMatchObject({
      registeredAt: 8_294_730,
      alphaIssued: 870_884_012_426_000n,
      recycledForRegistration: 1_691_411_961n,
    });
  });

  it('leaves unknown what the data lacks: tempos of re-registered netuids, first emission of new subnets', () => {
    for (const n of [35, 76, 82, 108]) {
      expect(subnet(n).tempo).toBeUndefined();
      expect(subnet(n).name).toBeUndefined();
    }
    expect(state.subnets.filter((s) => s.tempo === undefined).map((s) => s.netuid)).toEqual([35, 76, 82, 108]);
    // Not yet emitting at this block (startup_mode 1): FirstEmissionBlockNumber is none.
    expect(state.subnets.filter((s) => s.firstEmissionBlock === null)).toHaveLength(3);
    expect(subnet(36).firstEmissionBlock).toBeNull();
  });

  it('is in canonical form', () => {
    expect(formatState(state)).toBe(readFileSync(SHIPPED, 'utf8'));
  });

  it('alpha with 6 decimals converts to alpha RAO exactly', () => {
    expect(['0.000001', '0.0', '5805049.370022', '20999999.999999999'].map(alphaToRao)).toEqual([
      '1000',
      '0',
      '5805049370022000',
      '20999999999999999',
    ]);
  });

  // The source data lives beside the repository, not in it (CI's clone lacks it).
  const data = process.env.TAOSIM_MAINNET_DATA ?? resolve('..', 'shared', 'data', 'mainnet-2026-08-31');
  const haveData = existsSync(resolve(data, 'subnets.csv'));
  if (!haveData) console.warn(`state-format.test: ${data} not found; skipping the byte-for-byte conversion check`);
  it.skipIf(!haveData)('the converter reproduces the shipped file byte for byte from the source data', () => {
    expect(convertMainnet20260831(data)).toBe(readFileSync(SHIPPED, 'utf8'));
  });
});

describe('taosim validate on state files', () => {
  it('prints a summary of a valid state file', async () => {
    const r = await taosimInProcess(['validate', SHIPPED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${SHIPPED}: valid chain state at block 8968186 (spec 452, 2026-08-31T22:23:48Z): 128 subnets (neuron state for 0)\n`,
    );
  });

  it('refuses a contradictory one with exit code 2 and the JSON path', async () => {
    const r = await taosimInProcess(['validate', 'test/fixtures/state-uids-above-max.state.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'taosim: error: test/fixtures/state-uids-above-max.state.json: at $.subnets[0].registeredUids: 300 uids registered, above maxUids 256\n',
    );
  });
});
