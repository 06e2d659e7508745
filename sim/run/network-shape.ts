// A heterogeneous starting network, drawn from the run's seed: each starting subnet's validator count
// (`subnets.validators` as a list or a distribution) and the settings `subnets.mix` gives it. Each
// draw has its own named stream, created only when the scenario asks for it, so scenarios without
// these fields draw exactly what they drew before.

import type { RandomStreams, Rng } from '../engine/index.ts';
import type { SubnetSettings, SubnetsSection } from '../scenario/scenario.ts';
import { mixPicks } from '../scenario/scenario.ts';

/** What the shape is drawn from. */
export type ShapeParams = Pick<SubnetsSection, 'count' | 'validators' | 'mix'>;

/** A seeded permutation of 0..n−1 (Fisher–Yates). */
function permutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** One subnet's validator uids drawn from `subnets.validators` (a list is sampled, with replacement). */
export function drawValidatorCount(v: SubnetsSection['validators'], rng: () => Rng): number {
  if (typeof v === 'number') return v;
  if ('values' in v) return v.values[rng().int(v.values.length)];
  return Math.min(v.max, Math.max(v.min, Math.round(v.median * Math.exp(v.spread * rng().normal()))));
}

/** Validator uids of each starting subnet, by netuid − 1 (a "shuffle" list dealt out once each). */
export function drawValidatorCounts(sn: ShapeParams, streams: RandomStreams): number[] {
  const v = sn.validators;
  const rng = () => streams.stream('genesis/validators');
  if (typeof v !== 'number' && 'values' in v && v.draw === 'shuffle')
    return permutation(sn.count, rng()).map((i) => v.values[i]);
  return Array.from({ length: sn.count }, () => drawValidatorCount(v, rng));
}

/**
 * The settings `subnets.mix` gives each starting subnet, by netuid − 1. Entry i picks its subnets
 * from its own stream `genesis/mix/i`, among those no earlier entry setting one of its fields took,
 * so entries setting the same field never overlap. An entry that finds fewer free subnets than it
 * asks for (possible only when it sets several fields that earlier entries split between them) gets
 * what is free, with a warning.
 */
export function drawMix(sn: ShapeParams, streams: RandomStreams, warnings: string[]): Partial<SubnetSettings>[] {
  const out: Partial<SubnetSettings>[] = Array.from({ length: sn.count }, () => ({}));
  const taken = new Map<string, Set<number>>(); // field → subnets (by index) an entry set it on
  (sn.mix ?? []).forEach((m, i) => {
    const fields = Object.keys(m.settings);
    const free = Array.from({ length: sn.count }, (_, k) => k).filter((k) => !fields.some((f) => taken.get(f)?.has(k)));
    const order = permutation(free.length, streams.stream(`genesis/mix/${i}`));
    const wanted = mixPicks(m, sn.count);
    if (wanted > free.length)
      warnings.push(`subnets.mix[${i}]: ${wanted} subnets asked for, ${free.length} left without ${fields.join(', ')}`);
    const picked = order.slice(0, Math.min(wanted, free.length)).map((j) => free[j]);
    for (const k of picked) Object.assign(out[k], m.settings);
    for (const f of fields) {
      const set = taken.get(f) ?? new Set<number>();
      for (const k of picked) set.add(k);
      taken.set(f, set);
    }
  });
  return out;
}
