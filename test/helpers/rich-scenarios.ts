// Small scenarios that between them exercise every kind of event a run schedules (chain, validators
// incl. lazy, copier and cabal ones, arrivals, economic miners and sybils, the staking flow,
// stakers, subnet registrations with dissolutions, root weights, the TAO price, sampling, today's
// agents: nominators, takes, owners, emission governance, root claims): used to
// prove that checkpoints, resumes and refactors leave the outputs byte-identical.

import { parseScenario, type Scenario } from '../../sim/scenario/scenario.ts';

/** The scenario files' contents. */
export const RICH_SCENARIO_FILES: Record<string, object> = {
  dtao: {
    format: 'taosim-scenario/v1',
    name: 'rich-dtao',
    duration: { days: 3 },
    protocol: { preset: 'flow', overrides: { subnetLimit: 4 } },
    subnets: {
      count: 3,
      initialUids: 24,
      validators: 6,
      registrationsPerDay: 2,
      settings: { immunityPeriod: 1000, maxUids: 32 },
    },
    stake: { validators: 7 },
    validators: {
      noise: 0.1,
      lazyFraction: 0.2,
      copiers: 1,
      attack: { model: 'cabal', validators: 2, ownMiners: 2, selfWeight: 0.5 },
    },
    miners: {
      model: 'economic',
      arrivalsPerSubnetPerDay: 6,
      sybilMarginUsd: 300,
      budgetTao: 5,
      copyProbabilityPerDay: 0.2,
    },
    market: {
      stakeFlowTaoPerDay: 500,
      stakers: { capitalTao: 50000, inertia: 0.8 },
      taoPriceUsd: { model: 'gbm', start: 400, volatility: 0.5 },
    },
    metrics: { sampleEveryBlocks: 600 },
  },
  // Today's chain with its agents (nominators, takes, owners, governance, root claims), at a
  // subnet limit that queues registrations; prices high enough (Σ > 1) for root dividends to flow.
  today: {
    format: 'taosim-scenario/v1',
    name: 'rich-today',
    duration: { days: 2 },
    protocol: { preset: 'today', overrides: { subnetLimit: 4 } },
    subnets: {
      count: 4,
      initialUids: 16,
      validators: 4,
      registrationsPerDay: 1,
      settings: { immunityPeriod: 1000, maxUids: 32 },
    },
    pools: { priceMedian: 0.5, priceSpread: 0.3 },
    stake: { validators: 5, rootTotal: 500000 },
    miners: { arrivalsPerSubnetPerDay: 4 },
    market: { stakeFlowTaoPerDay: 200 },
    agents: {
      nominators: { count: 8, capitalTao: 500, reviewDays: 0.25, minGain: 0, horizonDays: 7 },
      validatorTakes: { reviewDays: 0.25, initialTake: 6000, rateLimitBlocks: 3600, tolerance: 0 },
      owners: { mechanisms: 2, mechanismSplit: [45000, 20535], ownerCutToggleProbability: 0.5, reviewDays: 0.25 },
      governance: { enableEmissionAfterDays: 0.5 },
      rootClaims: { intervalDays: 0.25 },
    },
    metrics: { sampleEveryBlocks: 1200 },
  },
  root: {
    format: 'taosim-scenario/v1',
    name: 'rich-root',
    duration: { days: 2 },
    protocol: { preset: 'root' },
    subnets: { count: 3, initialUids: 16, validators: 4 },
    stake: { validators: 5 },
    miners: { arrivalsPerSubnetPerDay: 4 },
  },
};

export const RICH_SCENARIOS: Record<string, () => Scenario> = Object.fromEntries(
  Object.entries(RICH_SCENARIO_FILES).map(([k, raw]) => [
    k,
    () => parseScenario(structuredClone(raw), `rich-${k}.json`),
  ]),
);
