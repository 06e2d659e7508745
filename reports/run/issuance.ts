// Total issuance and the block emission over the run: the halvings are where the emission steps down.

import {
  BLOCKS_PER_DAY,
  emissionForIssuance,
  halvingCount,
  halvingThreshold,
} from '../../sim/chain/emission/block-emission.ts';
import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Layer, type Row, type SkippedChart } from '../chart.ts';
import { formatNumber, formatRao } from '../format.ts';
import { sig } from '../stats.ts';
import { noDailySample, RAO, type RunContext } from './context.ts';

export interface HalvingFacts {
  startRao: bigint;
  endRao: bigint;
  /** Halvings reached during the run. */
  reached: number;
  /** When each halving came (days since start) and the issuance threshold it crossed. */
  halvings: { day: number; thresholdRao: bigint }[];
}

/**
 * Halvings between samples, placed where the issuance reached the threshold at the emission then
 * in force (recycling can only delay that a little; never past the sample that shows it).
 */
export function halvingFacts(ctx: RunContext): HalvingFacts {
  const issuance = ctx.daily.bigints('issuance_rao');
  const days = ctx.daily.numbers('day');
  const end =
    ctx.summary && typeof ctx.summary.issuanceRao === 'string'
      ? BigInt(ctx.summary.issuanceRao)
      : (issuance.at(-1) ?? ctx.startIssuanceRao);
  const halvings: HalvingFacts['halvings'] = [];
  let iss = ctx.startIssuanceRao;
  let day = 0;
  issuance.forEach((next, i) => {
    for (let k = halvingCount(iss) + 1; k <= halvingCount(next); k++) {
      const thresholdRao = halvingThreshold(k);
      day = Math.min(days[i], day + Number(thresholdRao - iss) / Number(emissionForIssuance(iss)) / BLOCKS_PER_DAY);
      iss = thresholdRao;
      halvings.push({ day, thresholdRao });
    }
    iss = next;
    day = days[i];
  });
  return {
    startRao: ctx.startIssuanceRao,
    endRao: end,
    reached: halvingCount(end) - halvingCount(ctx.startIssuanceRao),
    halvings,
  };
}

export function issuanceChart(ctx: RunContext, facts: HalvingFacts): Chart | SkippedChart {
  const missing = noDailySample(ctx);
  if (missing) {
    return {
      name: 'issuance_halvings',
      title: 'Issuance and halvings',
      reason: `${missing}; total issuance went from ${formatRao(facts.startRao, 0)} to ${formatRao(facts.endRao, 0)} TAO.`,
    };
  }
  const issuance = ctx.daily.bigints('issuance_rao');
  const perBlock = ctx.daily.numbers('emission_per_block_rao');
  const point = (day: number, rao: bigint, perBlockRao: number): Row => ({
    day: sig(day),
    issuance_tao: sig(Number(rao) / RAO),
    tao_per_block: sig(perBlockRao / RAO),
  });
  const rows: Row[] = [
    point(0, facts.startRao, Number(emissionForIssuance(facts.startRao))),
    ...ctx.daily.numbers('day').map((day, i) => point(day, issuance[i], perBlock[i])),
    // The step down at each halving, where it happened rather than at the next sample.
    ...facts.halvings.map((h) => point(h.day, h.thresholdRao, Number(emissionForIssuance(h.thresholdRao)))),
  ].sort((a, b) => (a.day as number) - (b.day as number));
  const x = dayAxis();
  const rules = facts.halvings.map((h) => ({ day: sig(h.day), label: 'halving' }));
  const ruleLayer: Layer = {
    data: { values: rules },
    mark: { type: 'rule', color: '#b22222', strokeDash: [4, 3] },
    encoding: { x },
  };
  const next = halvingThreshold(halvingCount(facts.endRao) + 1);
  const halvings =
    facts.reached === 0
      ? `no halving in this period (the next comes at ${formatRao(next, 0)} TAO)`
      : `${facts.reached} halving${facts.reached > 1 ? 's' : ''} (dashed: day ${facts.halvings.map((h) => formatNumber(h.day, 2)).join(', ')}), each halving the TAO minted per block`;
  return chart({
    name: 'issuance_halvings',
    title: 'Issuance and halvings',
    caption: `Total issuance went from ${formatRao(facts.startRao, 0)} to ${formatRao(facts.endRao, 0)} TAO; ${halvings}.`,
    columns: ['day', 'issuance_tao', 'tao_per_block'],
    rows,
    spec: {
      vconcat: [
        {
          width: 560,
          height: 180,
          layer: [
            {
              mark: { type: 'line', point: rows.length <= 40 },
              encoding: {
                x,
                y: {
                  field: 'issuance_tao',
                  type: 'quantitative',
                  scale: { zero: false },
                  title: 'Total issuance (TAO)',
                },
              },
            },
            ...(rules.length ? [ruleLayer] : []),
          ],
        },
        {
          width: 560,
          height: 100,
          layer: [
            {
              mark: { type: 'line', interpolate: 'step-after' },
              encoding: {
                x,
                y: {
                  field: 'tao_per_block',
                  type: 'quantitative',
                  scale: { zero: true },
                  title: 'Minted (TAO per block)',
                },
              },
            },
            ...(rules.length ? [ruleLayer] : []),
          ],
        },
      ],
    },
  });
}
