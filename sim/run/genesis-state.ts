// Genesis from a state file (scenario start.state): every value the file holds is taken as is; what
// it lacks is synthesised from the seed consistently with the file's per-subnet aggregates
// (validator count and stake concentration, registered uids, the owner's share), or assumed by the
// rule start.assume names. Each value's source is noted for run.json (Provenance).
//
// Layout of a subnet: uid r < validators is held by global validator r (the same strongest-first
// validators on every subnet, as on mainnet where the large validators run everywhere); the other
// uids by miners. Validators split the wallets' alpha less the owner's share by rank at the
// concentration that reproduces the file's Herfindahl index; the owner's share is held for the
// owner (its hotkey holds no uid here).

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { U64F64 } from '../chain/fixed/fixed.ts';
import { setMechanismCount } from '../chain/network/mechanisms.ts';
import { createSubnet, type SubnetState } from '../chain/network/subnet.ts';
import type { RandomStreams } from '../engine/index.ts';
import type { Scenario, SubnetSettings } from '../scenario/scenario.ts';
import { mostValidators, taoToRao } from '../scenario/scenario.ts';
import { presetForSpecVersion } from '../state/format.ts';
import {
  concentrationForHhi,
  ProvenanceBook,
  rankShares,
  type StartState,
  type StateSubnet,
  splitExactly,
} from '../state/start-state.ts';
import { UsageError } from '../util/errors.ts';
import {
  type Agents,
  addAgent,
  type Genesis,
  type GenesisParams,
  genesisNetwork,
  genesisPool,
  newAgents,
  newSubnetConfig,
  type SubnetRecipe,
  seatSynthesisedNeurons,
  settleBalances,
  subnetSettings,
  withPoolModel,
} from './genesis.ts';
import { applyFileDelegation, fileKeyAgents, type KeyAgents, placeFileNeurons } from './genesis-neurons.ts';

/** What a state genesis reads of the scenario. */
export type StateGenesisParams = GenesisParams & Pick<Scenario, 'startState'>;

/** A subnet that never started emitting (startup mode) keeps its FirstEmissionBlock unset: it never emits in the run. */
export const NOT_STARTED = Number.MAX_SAFE_INTEGER;

export function stateGenesis(sc: StateGenesisParams, streams: RandomStreams): Genesis {
  const st = sc.startState!;
  const book = new ProvenanceBook(st.subnets.map((x) => x.netuid));
  const warnings: string[] = [];
  const agents = newAgents(sc.start.block);
  // Settings: the scenario's defaults, then what the file says of each subnet, then the scenario's
  // per-subnet overrides (a what-if on top of the state).
  const recipe: SubnetRecipe = {
    subnets: {
      settings: sc.subnets.settings,
      overrides: [...st.subnets.map((x) => fileSettings(x, sc.start.assume?.tempo)), ...sc.subnets.overrides],
    },
    protocol: sc.protocol,
  };
  const rosters = st.subnets.map((x) => roster(sc, recipe, x, book));
  // The synthesised validators: as many as the subnets without neurons in the file need.
  const synthesised = rosters.filter((_, i) => st.subnets[i].neurons === undefined);
  const count = Math.max(sc.stake.validators, ...synthesised.map((r) => r.validators));
  const { network } = genesisNetwork(sc, agents, count);
  if (st.emissionGateBar !== undefined) network.emissionGateBar = st.emissionGateBar;
  const keyAgents = fileKeyAgents(sc, st, agents, network, streams);
  for (const [i, x] of st.subnets.entries()) {
    network.subnets.push(stateSubnet(sc, recipe, agents, x, rosters[i], streams, book, warnings, keyAgents));
  }
  applyFileDelegation(network, st, keyAgents, book, warnings);
  settleBalances(sc, network, agents, 'the pools (start.assume.poolTao)', '$.start.assume.poolTao');
  noteGlobals(sc, st, book);
  return {
    network,
    agents,
    warnings,
    provenance: book.build({
      file: st.file,
      sha256: st.sha256,
      block: st.block,
      specVersion: st.specVersion ?? null,
      preset: sc.protocol.preset,
    }),
  };
}

/** The file's settings of subnet `x` as an override of the scenario's defaults (and the assumed tempo if it has none). */
function fileSettings(x: StateSubnet, assumedTempo: number | undefined): SubnetRecipe['subnets']['overrides'][number] {
  const tempo = x.settings.tempo ?? assumedTempo;
  return { ...x.settings, ...(tempo === undefined ? {} : { tempo }), netuid: x.netuid };
}

interface Roster {
  uids: number;
  validators: number;
  settings: SubnetSettings;
}

/** How many uids and validators subnet `x` starts with, and its settings; notes their sources. */
function roster(sc: StateGenesisParams, recipe: SubnetRecipe, x: StateSubnet, book: ProvenanceBook): Roster {
  const settings = subnetSettings(recipe.subnets, x.netuid);
  const byScenario = new Set(sc.subnets.overrides.filter((o) => o.netuid === x.netuid).flatMap((o) => Object.keys(o)));
  for (const k of Object.keys(settings) as (keyof SubnetSettings)[]) {
    const field = `subnets.${k}`;
    if (byScenario.has(k)) book.note(field, x.netuid, 'assumed', 'subnets.overrides (the scenario)');
    else if ((x.settings as Partial<SubnetSettings>)[k] !== undefined) book.note(field, x.netuid, 'fromFile');
    else if (k === 'tempo') book.note(field, x.netuid, 'assumed', `start.assume.tempo (${settings.tempo})`);
    else book.note(field, x.netuid, 'assumed', `subnets.settings.${k}`);
  }
  if (x.neurons !== undefined) {
    // The file's uids as they are: a subnet cannot start with more than it admits.
    if (x.neurons.length > settings.maxUids)
      throw new UsageError(
        `subnet ${x.netuid}: the state file has ${x.neurons.length} neurons, above its maxUids ${settings.maxUids}; raise subnets.overrides maxUids or drop the neurons`,
        undefined,
        '$.subnets.overrides',
      );
    const validators = x.neurons.filter((nr) => nr.validatorPermit).length;
    book.note('subnets.uids', x.netuid, 'fromFile');
    book.note('subnets.validators', x.netuid, 'fromFile', '');
    return { uids: x.neurons.length, validators, settings };
  }
  const uids = Math.min(x.uids ?? sc.subnets.initialUids, settings.maxUids);
  book.note(
    'subnets.uids',
    x.netuid,
    x.uids === undefined ? 'assumed' : 'fromFile',
    x.uids === undefined ? 'subnets.initialUids' : '',
  );
  // A subnet the file gives no count for takes the scenario's (its largest, where it gives several).
  const validators = Math.min(x.validators ?? mostValidators(sc.subnets), uids);
  book.note(
    'subnets.validators',
    x.netuid,
    x.validators === undefined ? 'assumed' : 'fromFile',
    x.validators === undefined ? 'subnets.validators' : '',
  );
  return { uids, validators, settings };
}

function stateSubnet(
  sc: StateGenesisParams,
  recipe: SubnetRecipe,
  agents: Agents,
  x: StateSubnet,
  r: Roster,
  streams: RandomStreams,
  book: ProvenanceBook,
  warnings: string[],
  keyAgents: KeyAgents,
): SubnetState {
  const block = sc.start.block;
  const netuid = x.netuid;
  const note = (field: string, inFile: boolean, rule: string) =>
    book.note(field, netuid, inFile ? 'fromFile' : 'assumed', inFile ? '' : rule);

  // Alpha outside the pool: the wallets' stake (from the file's neurons: each uid's stake, the rest
  // on hotkeys without a uid; else the owner's share held for the owner, the rest on the validators
  // by rank), burned and protocol alpha.
  const staked =
    x.alphaStaked ??
    (x.neurons ? sumOf(x.neurons.map((nr) => nr.alphaStake ?? 0n)) : taoToRao(sc.stake.alphaPerSubnet));
  note(
    'subnets.alphaStaked',
    x.alphaStaked !== undefined,
    x.neurons ? "the sum of the neurons' alpha stake" : 'stake.alphaPerSubnet',
  );
  const { validatorStakes: stakes, ownerAlpha } = x.neurons
    ? { validatorStakes: [], ownerAlpha: 0n }
    : synthesisedStakes(sc, x, r, staked, book);
  const protocolAlpha = x.alphaProtocol ?? 0n;
  note('subnets.alphaProtocol', x.alphaProtocol !== undefined, '0');
  const alphaBurned = x.alphaBurned ?? 0n;
  note('subnets.alphaBurned', x.alphaBurned !== undefined, '0');

  const pool = statePool(sc, x, staked + protocolAlpha + alphaBurned, streams, book, warnings);
  const owner = addAgent(agents, 'owner', NaN, block, `owner/sn${netuid}`);
  note('subnets.movingPrice', x.movingPrice !== undefined, "spot price capped at 1 (start.assume.movingPrice: 'spot')");
  const s = createSubnet({
    ...newSubnetConfig(recipe, netuid, block, owner, 0n),
    pool: withPoolModel(recipe, { tao: pool.tao, alphaIn: pool.alpha }),
    movingPrice: x.movingPrice ?? U64F64.fromNum(Math.min(pool.price, 1)),
  });
  if (x.lastEpochBlock !== undefined) s.lastEpochBlock = x.lastEpochBlock;
  note(
    'subnets.lastEpochBlock',
    x.lastEpochBlock !== undefined,
    'block − (netuid mod tempo), as a new subnet staggers',
  );
  if (x.emissionEnabled !== undefined) s.emissionEnabled = x.emissionEnabled;
  note('subnets.emissionEnabled', x.emissionEnabled !== undefined, 'enabled');
  if (x.minerBurned !== undefined) s.minerBurned = x.minerBurned;
  note('subnets.minerBurned', x.minerBurned !== undefined, '0');
  s.createdAt = x.registeredBlock ?? Math.max(0, block - 180 * BLOCKS_PER_DAY);
  note('subnets.registeredBlock', x.registeredBlock !== undefined, '180 days before the start');
  s.firstEmissionBlock =
    x.firstEmissionBlock === null ? NOT_STARTED : (x.firstEmissionBlock ?? Math.max(0, block - 90 * BLOCKS_PER_DAY));
  note('subnets.firstEmissionBlock', x.firstEmissionBlock !== undefined, '90 days before the start');
  s.protocolAlpha = protocolAlpha;
  s.alphaBurned = alphaBurned;
  s.ownerAlphaHeld = ownerAlpha;
  s.alphaOut = protocolAlpha + alphaBurned + ownerAlpha;
  if (x.pending) {
    Object.assign(s.pending, x.pending);
    s.alphaOut += x.pending.server + x.pending.validator + x.pending.root + x.pending.owner;
  }
  note('subnets.pending', x.pending !== undefined, 'no pending emission (0)');
  book.note('subnets.flowEma', netuid, 'assumed', '0');
  if (x.neurons) {
    placeFileNeurons(s, x.neurons, keyAgents, block, book);
    const onUids = sumOf(s.alphaStake);
    // Stake of hotkeys without a uid (the owner's unregistered hotkey, deregistered ones) stays theirs.
    if (staked > onUids) s.detachedAlpha = staked - onUids;
    else if (staked < onUids)
      warnings.push(
        `state: subnet ${netuid}: its neurons' alpha stake (${onUids} RAO) is above the wallets' alpha (alphaOut less protocol and burned alpha, ${staked} RAO); alphaOut starts at their sum`,
      );
    s.alphaOut += s.detachedAlpha;
    book.note('neurons.minerQuality', netuid, 'synthesised', 'drawn from the seed per miner hotkey');
  } else {
    book.note(
      'neurons',
      netuid,
      'synthesised',
      'validators on uids 0..validators−1, miners after them with quality drawn from the seed; no weights or bonds yet',
    );
    seatSynthesisedNeurons(s, sc, agents, streams, r, stakes, r.settings.maxValidators);
  }
  s.genesisRoster = { uids: r.uids, validators: r.validators };
  const mechanisms = r.settings.mechanisms;
  if (x.validators !== undefined && x.validators > r.settings.maxValidators)
    book.note('subnets.validators', netuid, 'assumed', `capped at maxValidators (${r.settings.maxValidators}) permits`);
  if (mechanisms !== undefined && mechanisms > 1) setMechanismCount(s, mechanisms, r.settings.mechanismSplit);
  return s;
}

/** The validators' stakes (rank shares at the concentration of the file's HHI) and the owner's share, synthesised. */
function synthesisedStakes(
  sc: StateGenesisParams,
  x: StateSubnet,
  r: Roster,
  staked: bigint,
  book: ProvenanceBook,
): { validatorStakes: bigint[]; ownerAlpha: bigint } {
  const ownerShare = x.ownerStakeShare ?? 0;
  book.note(
    'subnets.ownerStakeShare',
    x.netuid,
    x.ownerStakeShare === undefined ? 'assumed' : 'fromFile',
    x.ownerStakeShare === undefined ? '0 (no owner stake)' : '',
  );
  const [validatorAlpha, ownerAlpha] = splitExactly(staked, [1 - ownerShare, ownerShare]);
  const concentration =
    x.validatorStakeHhi === undefined ? sc.stake.concentration : concentrationForHhi(r.validators, x.validatorStakeHhi);
  book.note(
    'neurons.validatorStake',
    x.netuid,
    'synthesised',
    x.validatorStakeHhi === undefined
      ? 'rank shares (i + 1)^-stake.concentration'
      : "rank shares (i + 1)^-c, c solved for the file's validator stake HHI",
  );
  return { validatorStakes: splitExactly(validatorAlpha, rankShares(r.validators, concentration)), ownerAlpha };
}

function sumOf(xs: readonly bigint[]): bigint {
  let t = 0n;
  for (const x of xs) t += x;
  return t;
}

/**
 * The pool of subnet `x`: its alpha from the file, its TAO from the file, else from a price (the
 * file's, else start.assume.poolTao's rule). Without the pool's alpha in the file, the pool is drawn
 * as in a scenario without a state (pools.*).
 */
function statePool(
  sc: StateGenesisParams,
  x: StateSubnet,
  alphaOut: bigint,
  streams: RandomStreams,
  book: ProvenanceBook,
  warnings: string[],
): { tao: bigint; alpha: bigint; price: number } {
  const netuid = x.netuid;
  if (x.alphaIn === undefined) {
    const drawn = genesisPool(sc, netuid, streams.stream(`genesis/sn${netuid}`), alphaOut, warnings);
    book.note('subnets.pool', netuid, 'synthesised', 'drawn from pools.* with the seed');
    return drawn;
  }
  book.note('subnets.alphaIn', netuid, 'fromFile');
  const alpha = x.alphaIn;
  const rule = sc.start.assume?.poolTao ?? null;
  const key = String(netuid);
  let tao: bigint;
  if (x.poolTao !== undefined) {
    tao = x.poolTao;
    book.note('subnets.poolTao', netuid, 'fromFile');
  } else {
    const listed = rule?.tao?.[key];
    const listedPrice = rule?.prices?.[key];
    if (listed !== undefined) {
      tao = taoToRao(listed);
      book.note('subnets.poolTao', netuid, 'assumed', 'start.assume.poolTao.tao[netuid]');
    } else if (listedPrice !== undefined) {
      tao = priceTimes(alpha, listedPrice);
      book.note('subnets.poolTao', netuid, 'assumed', 'start.assume.poolTao.prices[netuid] × pool alpha');
    } else if (rule?.price !== undefined) {
      // One price for all, spread lognormally from the seed if asked: log-price ~ N(ln price, spread²).
      const z = rule.spread > 0 ? streams.stream(`genesis/sn${netuid}/price`).normal() : 0;
      tao = priceTimes(alpha, rule.price * Math.exp(rule.spread * z));
      book.note(
        'subnets.poolTao',
        netuid,
        'assumed',
        rule.spread > 0
          ? `start.assume.poolTao: pool alpha × ${rule.price} TAO/alpha × exp(${rule.spread}·z), z ~ N(0, 1) drawn from the seed`
          : `start.assume.poolTao.price: pool alpha × ${rule.price} TAO/alpha`,
      );
    } else {
      // parseScenario refuses a state whose pools have no rule; this is a bug if reached.
      throw new Error(`subnet ${netuid}: no pool TAO and no rule for it`);
    }
  }
  const price = alpha === 0n ? 0 : Number(tao) / Number(alpha);
  return { tao, alpha, price };
}

/** alpha × price in RAO (price in TAO per alpha, to 1e-12). */
function priceTimes(alpha: bigint, price: number): bigint {
  return (alpha * BigInt(Math.round(price * 1e12))) / 1_000_000_000_000n;
}

function noteGlobals(sc: StateGenesisParams, st: StartState, book: ProvenanceBook): void {
  book.global('start.block', 'fromFile');
  book.global(
    'start.date',
    st.date === undefined ? 'assumed' : 'fromFile',
    st.date === undefined ? 'start.date' : undefined,
  );
  book.global(
    'start.issuance',
    st.issuance === undefined ? 'assumed' : 'fromFile',
    st.issuance === undefined ? 'start.issuanceTao' : undefined,
  );
  const byFile = st.specVersion !== undefined && presetForSpecVersion(st.specVersion) === sc.protocol.preset;
  book.global(
    'protocol.preset',
    byFile ? 'fromFile' : 'assumed',
    byFile
      ? `runtime preset of specVersion ${st.specVersion}: ${sc.protocol.preset}`
      : `protocol.preset (${sc.protocol.preset})`,
  );
  book.global(
    'emissionGateBar',
    st.emissionGateBar === undefined ? 'assumed' : 'fromFile',
    st.emissionGateBar === undefined ? 'not computed yet (0): set at the next bar interval' : undefined,
  );
  book.global('rootStake', 'assumed', 'stake.rootTotal split by rank at stake.concentration');
  book.global('balances', 'assumed', "miners' budgets (miners.budgetTao); the market holds the rest of the issuance");
}
