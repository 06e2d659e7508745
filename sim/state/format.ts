// Reading and writing chain state files (`taosim-state/v1`, declared in ./schema.ts,
// docs/reference/state.md). `parseState` validates the fields and then the state as a whole: a file
// that contradicts itself (reserves above the supply, uids above the maximum, a runtime taosim does
// not model) is refused with the JSON path of the value at fault. `formatState` writes the one
// canonical form (schema field order, amounts as decimal strings), so the same state always gives
// the same bytes.

import type { PresetName } from '../chain/network/protocol-rules.ts';
import { parseWith } from '../schema/parse.ts';
import { UsageError } from '../util/errors.ts';
import { formatJson, jsonPath, readJsonFile } from '../util/json.ts';
import { type ChainState, type ChainStateJson, NETUID_KEY, STATE_SCHEMA } from './schema.ts';

export * from './schema.ts';

/** The runtime spec versions taosim models (protocol.md's code through protocol-2026h2.md's spec 475). */
export const SPEC_VERSIONS = { min: 432, max: 475 } as const;

/** Alpha a subnet can ever issue: 21M alpha in alpha RAO. */
export const ALPHA_SUPPLY_RAO = 21_000_000n * 1_000_000_000n;

/**
 * The protocol preset whose rules were live under a runtime spec version (docs/explanation/eras.md):
 * the newest runtime preset at or below it, `current` before spec 440.
 */
export function presetForSpecVersion(spec: number): PresetName {
  if (spec >= 475) return 'spec-475';
  if (spec >= 473) return 'spec-473';
  if (spec >= 442) return 'spec-442';
  if (spec === 441) return 'spec-441';
  if (spec === 440) return 'spec-440';
  return 'current';
}

export function loadState(file: string): ChainState {
  return parseState(readJsonFile(file), file);
}

/** A validated state, or a UsageError naming the file, the JSON path and what was expected. */
export function parseState(json: unknown, file: string): ChainState {
  const state = parseWith(STATE_SCHEMA, json, file);
  checkConsistency(state, file);
  return state;
}

/** The canonical text of a state (validated first: the writer never emits a file the reader refuses). */
export function formatState(state: ChainState | ChainStateJson): string {
  // Through JSON and the schema again: key order becomes the schema's, amounts become bigint.
  const plain = JSON.parse(formatJson(state));
  const canonical = parseState(plain, '(state being written)');
  return `${formatJson(canonical)}\n`;
}

type Path = (string | number)[];

/** The checks that span fields; the first failure is thrown. */
function checkConsistency(s: ChainState, file: string): void {
  const fail = (path: Path, message: string): never => {
    throw new UsageError(message, file, jsonPath(path));
  };

  if (s.specVersion < SPEC_VERSIONS.min || s.specVersion > SPEC_VERSIONS.max) {
    fail(
      ['specVersion'],
      `unknown runtime: expected a spec version in [${SPEC_VERSIONS.min}, ${SPEC_VERSIONS.max}] (the runtimes taosim models), got ${s.specVersion}`,
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(s.time) || Number.isNaN(Date.parse(s.time))) {
    fail(['time'], `expected a UTC time as YYYY-MM-DDTHH:MM:SSZ, got ${JSON.stringify(s.time)}`);
  }

  const g = s.global;
  if (g.totalStake !== undefined && g.totalIssuance !== undefined && g.totalStake > g.totalIssuance) {
    fail(['global', 'totalStake'], `total stake ${g.totalStake} RAO exceeds total issuance ${g.totalIssuance} RAO`);
  }
  if (g.subnetLimit !== undefined && s.subnets.filter((n) => n.netuid !== 0).length > g.subnetLimit) {
    fail(['global', 'subnetLimit'], `${s.subnets.length} subnets listed, above the subnet limit ${g.subnetLimit}`);
  }

  const where = new Map<number, number>();
  let poolTao = 0n;
  s.subnets.forEach((n, i) => {
    const at = (...rest: Path): Path => ['subnets', i, ...rest];
    const seen = where.get(n.netuid);
    if (seen !== undefined) fail(at('netuid'), `duplicate netuid ${n.netuid} (also at $.subnets[${seen}])`);
    if (i > 0 && n.netuid < s.subnets[i - 1].netuid) {
      fail(at('netuid'), `subnets must be in ascending netuid: ${n.netuid} comes after ${s.subnets[i - 1].netuid}`);
    }
    where.set(n.netuid, i);

    for (const key of ['registeredAt', 'firstEmissionBlock', 'lastEpochBlock'] as const) {
      const b = n[key];
      if (typeof b === 'number' && b > s.block) fail(at(key), `block ${b} is after the state's block ${s.block}`);
    }
    if (n.registeredUids !== undefined && n.maxUids !== undefined && n.registeredUids > n.maxUids) {
      fail(at('registeredUids'), `${n.registeredUids} uids registered, above maxUids ${n.maxUids}`);
    }
    const hp = n.hyperparameters;
    if (hp?.maxAllowedValidators !== undefined && n.maxUids !== undefined && hp.maxAllowedValidators > n.maxUids) {
      fail(
        at('hyperparameters', 'maxAllowedValidators'),
        `${hp.maxAllowedValidators} validators, above maxUids ${n.maxUids}`,
      );
    }
    if (hp?.alphaLow !== undefined && hp.alphaHigh !== undefined && hp.alphaLow > hp.alphaHigh) {
      fail(at('hyperparameters', 'alphaLow'), `alphaLow ${hp.alphaLow} is above alphaHigh ${hp.alphaHigh}`);
    }
    if (hp?.minBurn !== undefined && hp.maxBurn !== undefined && hp.minBurn > hp.maxBurn) {
      fail(at('hyperparameters', 'minBurn'), `minBurn ${hp.minBurn} RAO is above maxBurn ${hp.maxBurn} RAO`);
    }

    // Alpha: in the pool plus outside it is what was issued, and never more than the supply.
    const { alphaIn, alphaOut, alphaIssued } = n;
    if (alphaIn !== undefined && alphaOut !== undefined && alphaIn + alphaOut > ALPHA_SUPPLY_RAO) {
      fail(at('alphaOut'), `alphaIn + alphaOut = ${alphaIn + alphaOut} alpha RAO, above the supply of 21M alpha`);
    }
    if (alphaIssued !== undefined) {
      if (alphaIssued > ALPHA_SUPPLY_RAO)
        fail(at('alphaIssued'), `${alphaIssued} alpha RAO, above the supply of 21M alpha`);
      if (alphaIn !== undefined && alphaIn > alphaIssued) {
        fail(at('alphaIn'), `pool reserve ${alphaIn} alpha RAO is above the alpha issued (${alphaIssued})`);
      }
      if (alphaOut !== undefined && alphaOut > alphaIssued) {
        fail(at('alphaOut'), `alphaOut ${alphaOut} alpha RAO is above the alpha issued (${alphaIssued})`);
      }
      if (alphaIn !== undefined && alphaOut !== undefined && alphaIn + alphaOut !== alphaIssued) {
        fail(at('alphaIssued'), `expected alphaIn + alphaOut = ${alphaIn + alphaOut} alpha RAO, got ${alphaIssued}`);
      }
    }
    for (const key of ['protocolAlpha', 'alphaBurned'] as const) {
      const v = n[key];
      const cap = alphaIssued ?? ALPHA_SUPPLY_RAO;
      if (v !== undefined && v > cap) fail(at(key), `${v} alpha RAO is above the alpha issued (${cap})`);
    }
    if (n.taoIn !== undefined) {
      if (g.totalIssuance !== undefined && n.taoIn > g.totalIssuance) {
        fail(at('taoIn'), `pool reserve ${n.taoIn} RAO is above the total issuance ${g.totalIssuance} RAO`);
      }
      poolTao += n.taoIn;
    }
  });
  if (g.totalIssuance !== undefined && poolTao > g.totalIssuance) {
    fail(['global', 'totalIssuance'], `the pools hold ${poolTao} RAO, above the total issuance ${g.totalIssuance} RAO`);
  }

  const subnetAt = (netuid: number, path: Path): NonNullable<ChainState['subnets'][number]> => {
    const i = where.get(netuid);
    if (i === undefined) return fail(path, `netuid ${netuid} is not among $.subnets`);
    return s.subnets[i];
  };

  for (const [key, neurons] of Object.entries(s.neurons ?? {})) {
    if (!NETUID_KEY.test(key))
      fail(['neurons', key], `expected a netuid as the key ("1", "64"), got ${JSON.stringify(key)}`);
    const netuid = Number(key);
    const subnet = subnetAt(netuid, ['neurons', key]);
    const uidLimit = subnet.registeredUids ?? subnet.maxUids;
    const limitName = subnet.registeredUids !== undefined ? 'registeredUids' : 'maxUids';
    const hotkeys = new Map<string, number>();
    neurons.forEach((nr, i) => {
      const at = (...rest: Path): Path => ['neurons', key, i, ...rest];
      if (uidLimit !== undefined && nr.uid >= uidLimit) {
        fail(at('uid'), `uid ${nr.uid} is not below the subnet's ${limitName} ${uidLimit}`);
      }
      if (i > 0 && nr.uid <= neurons[i - 1].uid) {
        fail(at('uid'), `uids must be ascending and distinct: ${nr.uid} comes after ${neurons[i - 1].uid}`);
      }
      const other = hotkeys.get(nr.hotkey);
      if (other !== undefined) fail(at('hotkey'), `hotkey also holds uid ${other} on this subnet`);
      hotkeys.set(nr.hotkey, nr.uid);
      for (const b of ['registrationBlock', 'lastUpdate'] as const) {
        const v = nr[b];
        if (v !== undefined && v > s.block) fail(at(b), `block ${v} is after the state's block ${s.block}`);
      }
      for (const m of ['weights', 'bonds'] as const) {
        nr[m]?.forEach(([uid], j) => {
          if (uidLimit !== undefined && uid >= uidLimit) {
            fail(at(m, j, 0), `uid ${uid} is not below the subnet's ${limitName} ${uidLimit}`);
          }
          if (j > 0 && uid <= nr[m]![j - 1][0]) fail(at(m, j, 0), `uids must be ascending and distinct`);
        });
      }
    });
  }

  const knownOrRoot = (netuid: number, path: Path): void => {
    if (netuid !== 0) subnetAt(netuid, path);
  };
  s.childKeys?.forEach((c, i) => {
    knownOrRoot(c.netuid, ['childKeys', i, 'netuid']);
    let total = 0n;
    c.children.forEach((ch, j) => {
      total += ch.proportion;
      if (total > 18_446_744_073_709_551_615n) {
        fail(
          ['childKeys', i, 'children', j, 'proportion'],
          'the children’s proportions add up to more than u64::MAX (all)',
        );
      }
    });
  });
  s.takes?.childKey?.forEach((t, i) => {
    knownOrRoot(t.netuid, ['takes', 'childKey', i, 'netuid']);
  });
  s.delegations?.forEach((d, i) => {
    knownOrRoot(d.netuid, ['delegations', i, 'netuid']);
  });
}
