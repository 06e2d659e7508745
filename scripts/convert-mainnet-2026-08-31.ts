// Converts the public per-subnet mainnet data at block 8 968 186 (31 Aug 2026) into the chain state
// file scenarios/data/mainnet-2026-08-31.state.json (`taosim-state/v1`, docs/reference/state.md).
//
//   npx tsx scripts/convert-mainnet-2026-08-31.ts DATA_DIR [OUT_FILE]
//
// DATA_DIR holds the data set's subnets.csv, roster.csv and blocks.csv (its source and units:
// scenarios/data/README.md). A script rather than a `taosim` command: it reads one data set's
// column layout once; `taosim snapshot` is the general way to a state file. Same input, same bytes.
// Values the data lacks stay absent (SubnetTAO, moving prices, pending emissions, globals, four
// tempos): a scenario starting from the file states what it assumes for them.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChainStateJson, formatState, STATE_FORMAT, type StateSubnet } from '../sim/state/format.ts';

export const MAINNET_2026_08_31 = {
  block: 8_968_186,
  dataset: 'pkoellinger/bittensor-subnet-price-correlates',
  url: 'https://github.com/pkoellinger/bittensor-subnet-price-correlates',
  commit: 'e18ef6051e67f8310698eac30157572dc0e595ff',
} as const;

type Row = Record<string, string>;

/** Rows of a plain CSV file (the data set quotes nothing; a quote is refused rather than misread). */
export function readCsv(file: string): Row[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const head = lines[0].split(',');
  return lines.slice(1).map((line, i) => {
    if (line.includes('"')) throw new Error(`${file}:${i + 2}: quoted fields are not expected`);
    const cells = line.split(',');
    if (cells.length !== head.length)
      throw new Error(`${file}:${i + 2}: ${cells.length} cells, ${head.length} columns`);
    return Object.fromEntries(head.map((h, j) => [h, cells[j]]));
  });
}

/** Alpha written in whole alpha with up to 9 decimals, as alpha RAO exactly (decimal arithmetic). */
export function alphaToRao(text: string): string {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) throw new Error(`not an alpha amount: ${JSON.stringify(text)}`);
  return (BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'))).toString();
}

const present = (v: string | undefined): v is string => v !== undefined && v !== '';
const int = (v: string) => {
  if (!/^\d+$/.test(v)) throw new Error(`not an integer: ${JSON.stringify(v)}`);
  return Number(v);
};
const flag = (v: string) => {
  if (v !== '0' && v !== '1') throw new Error(`not a 0/1 flag: ${JSON.stringify(v)}`);
  return v === '1';
};
/** A ratio as the data set wrote it (a double); kept as that double. */
const ratio = (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`not a number: ${JSON.stringify(v)}`);
  return x;
};
/** The field when the cell has a value, nothing otherwise (an empty cell is unknown, not zero). */
const opt = <T>(v: string | undefined, f: (s: string) => T): T | undefined => (present(v) ? f(v) : undefined);

type SubnetJson = ChainStateJson['subnets'][number];

function subnetOf(row: Row, roster: Row | undefined, block: number): SubnetJson {
  const issued = alphaToRao(row.alpha_issued);
  const alphaIn = alphaToRao(row.alpha_in_pool);
  const out = (BigInt(issued) - BigInt(alphaIn)).toString();
  // The roster was read a month later: its fields describe this subnet only where the netuid still
  // held the subnet registered at the same block.
  const same = roster !== undefined && roster.registered_block === row.registered_block;
  const firstEmission = same && present(roster.first_emission_block) ? int(roster.first_emission_block) : undefined;
  const started = row.startup_mode === '0';
  const subnet: SubnetJson & Partial<Record<keyof StateSubnet, unknown>> = {
    netuid: int(row.netuid),
    name: same && present(roster.subnet_name) ? roster.subnet_name : undefined,
    registeredAt: int(row.registered_block),
    firstEmissionBlock: !started
      ? null
      : firstEmission !== undefined && firstEmission <= block
        ? firstEmission
        : undefined,
    tempo: same ? opt(roster.tempo, int) : undefined,
    commitReveal: flag(row.commit_reveal_on),
    yuma3: flag(row.yuma3_on),
    liquidAlpha: flag(row.liquid_alpha_on),
    mechanismCount: int(row.mech_count),
    alphaIn,
    alphaOut: out,
    alphaIssued: issued,
    protocolAlpha: alphaToRao(row.alpha_protocol_owned),
    alphaBurned: alphaToRao(row.alpha_burned),
    owner: row.owner_coldkey,
    ownerHotkey: same && roster.owner_coldkey === row.owner_coldkey ? opt(roster.owner_hotkey, String) : undefined,
    maxUids: int(row.max_neurons),
    registeredUids: int(row.uids_registered_now),
    recycledForRegistration: row.rao_recycled_cumulative,
    aggregates: {
      validatorCount: opt(row.validators_n, int),
      validatorStakeHhi: opt(row.validator_stake_hhi, ratio),
      ownerAlpha: opt(row.owner_alpha, alphaToRao),
      ownerStakeShare: opt(row.stake_share_owner_validator, ratio),
      ownerDividendShare: opt(row.owner_validator_div_share, ratio),
      alphaStakedTotal: opt(row.alpha_staked_total, alphaToRao),
    },
  };
  return subnet;
}

/** The state file's text from the data set's directory. */
export function convertMainnet20260831(dir: string): string {
  const { block, dataset, url, commit } = MAINNET_2026_08_31;
  const subnets = readCsv(join(dir, 'subnets.csv'));
  const roster = new Map(readCsv(join(dir, 'roster.csv')).map((r) => [r.netuid, r]));
  const at = readCsv(join(dir, 'blocks.csv')).find((r) => Number(r.block) === block);
  if (!at) throw new Error(`blocks.csv has no row for block ${block}`);
  for (const r of subnets) {
    if (Number(r.state_block) !== block)
      throw new Error(`subnets.csv: netuid ${r.netuid} is at block ${r.state_block}`);
  }
  const noTempo = subnets.filter(
    (r) => !present(roster.get(r.netuid)?.tempo) || roster.get(r.netuid)?.registered_block !== r.registered_block,
  );
  const state: ChainStateJson = {
    $schema: '../../schemas/state.schema.json',
    format: STATE_FORMAT,
    block,
    specVersion: int(at.spec),
    time: `${at.utc.replace(' ', 'T')}Z`,
    source: {
      description:
        'Per-subnet storage of all 128 mainnet subnets read from a public archive node with state_queryStorageAt at this ' +
        "block's hash, as published in a research data set (state_wave1.csv rows labelled lag, roster_wave1.csv, " +
        'blocks_wave1.csv); converted by the tool named here.',
      tool: 'scripts/convert-mainnet-2026-08-31.ts',
      url,
      dataset,
      commit,
      licence:
        'public research data; credit the data set when shipping anything derived from it (scenarios/data/README.md)',
    },
    global: {},
    subnets: subnets.map((r) => subnetOf(r, roster.get(r.netuid), block)),
    assumptions: [
      'Alpha amounts were published in whole alpha rounded to 6 decimals: every alpha figure is exact to 1000 alpha RAO, not to the RAO.',
      'alphaOut = alphaIssued - alphaIn (the data set gives SubnetAlphaIn and SubnetAlphaIn + SubnetAlphaOut).',
      `name, tempo, firstEmissionBlock and ownerHotkey come from a roster read about a month later, used only where the netuid still held the subnet registered at the same block (and, for ownerHotkey, the same owner coldkey); tempo is therefore unknown for netuids ${noTempo.map((r) => r.netuid).join(', ')}.`,
      'firstEmissionBlock is null where the subnet had not started emitting at this block (FirstEmissionBlockNumber absent).',
      'Not in the data, so absent: SubnetTAO (pool TAO reserves), SubnetMovingPrice, pending emissions, SubnetEmissionEnabled, hyperparameters other than the flags, every global value, and all neuron-level state.',
      'aggregates are the data set’s derived figures (validator count, stake HHI, owner holdings and shares), not chain storage.',
    ],
  };
  return formatState(state);
}

if (import.meta.filename === process.argv[1]) {
  const [dir, out = 'scenarios/data/mainnet-2026-08-31.state.json'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: npx tsx scripts/convert-mainnet-2026-08-31.ts DATA_DIR [OUT_FILE]');
    process.exit(2);
  }
  writeFileSync(out, convertMainnet20260831(dir));
  console.log(`wrote ${out}`);
}
