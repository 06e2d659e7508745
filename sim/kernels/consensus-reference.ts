// Plain TypeScript reference of the batched float consensus (backend 'cpu'), in IEEE f32
// (Math.fround after every operation), so that the webasm kernel reproduces it bit for bit.
//
// The chain's consensus (sim/chain/yuma/consensus.ts, protocol.md §3.7) is the stake-weighted
// median of each column computed by a deterministic weighted quickselect in I32F32: with members
// the validators of positive stake and minority = Σu − κ, it returns the value v of the column with
// stake(W < v) ≤ minority and stake(W > v) < κ. Restated in floats, per subnet s and column j:
//
//   C_j = max({0} ∪ { W_ij : S_i > 0, Σ_{k : W_kj ≥ W_ij} S_k ≥ κ·T }),  T = Σ_k S_k,
//
// the largest weight that validators holding at least κ of the stake gave at least. Then clipping
// and ranks (§3.8–3.9): R_j = Σ_i S_i·min(W_ij, C_j), incentive_j = R_j / Σ_j R_j (0 if the sum is
// 0). Sums run in index order. Against the chain's fixed point the float result differs by
// rounding only (≈ 1e-6 relative; a column whose cumulative stake lands within rounding of κ may
// resolve to the neighbouring value).

const f = Math.fround;

export interface ConsensusInput {
  subnets: number;
  validators: number;
  miners: number;
  /** [S·V·M] row-normalised weights, W_ij of subnet s at s·V·M + i·M + j. */
  weights: Float32Array;
  /** [S·V] stake, normalised per subnet. */
  stake: Float32Array;
  /** [S] κ per subnet (e.g. 0.5). */
  kappa: Float32Array;
}

export interface ConsensusOutput {
  /** [S·M] C_j. */
  consensus: Float32Array;
  /** [S·M] R_j. */
  ranks: Float32Array;
  /** [S·M] R normalised per subnet. */
  incentive: Float32Array;
}

export function validateConsensusInput(x: ConsensusInput): void {
  const { subnets: S, validators: V, miners: M } = x;
  const bad = (what: string, got: number, want: number) => {
    if (got !== want) throw new RangeError(`consensus input: ${what} has length ${got}, expected ${want}`);
  };
  bad('weights', x.weights.length, S * V * M);
  bad('stake', x.stake.length, S * V);
  bad('kappa', x.kappa.length, S);
}

/** Per subnet κ·T (host, shared by every backend). */
export function thresholds(x: ConsensusInput): Float32Array {
  const out = new Float32Array(x.subnets);
  for (let s = 0; s < x.subnets; s++) {
    let t = 0;
    for (let i = 0; i < x.validators; i++) t = f(t + x.stake[s * x.validators + i]);
    out[s] = f(x.kappa[s] * t);
  }
  return out;
}

/** incentive = ranks normalised per subnet (host, shared by every backend). */
export function normaliseRanks(ranks: Float32Array, S: number, M: number): Float32Array {
  const out = new Float32Array(S * M);
  for (let s = 0; s < S; s++) {
    let t = 0;
    for (let j = 0; j < M; j++) t = f(t + ranks[s * M + j]);
    if (t > 0) for (let j = 0; j < M; j++) out[s * M + j] = f(ranks[s * M + j] / t);
  }
  return out;
}

export function consensusReference(x: ConsensusInput): ConsensusOutput {
  validateConsensusInput(x);
  const { subnets: S, validators: V, miners: M, weights: W, stake } = x;
  const thr = thresholds(x);
  const consensus = new Float32Array(S * M);
  const ranks = new Float32Array(S * M);
  for (let s = 0; s < S; s++) {
    const base = s * V * M;
    for (let j = 0; j < M; j++) {
      let best = 0;
      for (let i = 0; i < V; i++) {
        const c = W[base + i * M + j];
        if (!(stake[s * V + i] > 0) || !(c > best)) continue;
        let sum = 0;
        for (let k = 0; k < V; k++) if (W[base + k * M + j] >= c) sum = f(sum + stake[s * V + k]);
        if (sum >= thr[s]) best = c;
      }
      consensus[s * M + j] = best;
      let r = 0;
      for (let i = 0; i < V; i++) {
        const w = W[base + i * M + j];
        r = f(r + f(stake[s * V + i] * (w < best ? w : best)));
      }
      ranks[s * M + j] = r;
    }
  }
  return { consensus, ranks, incentive: normaliseRanks(ranks, S, M) };
}
