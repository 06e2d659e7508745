// Named random streams. Each stream is seeded from (root seed, name) alone, so creating streams in
// another order, adding a stream, or drawing from one never changes another stream's numbers.
//
// Generator: seedrandom's Alea rather than xor4096. Both are deterministic across platforms and
// fast; Alea's whole state is four numbers, so a checkpoint of thousands of streams (one per agent)
// stays small, whereas xor4096 carries 128 words per stream. Alea's period (about 2^116) is far
// beyond what one stream draws in a run. Its raw output has 32 bits; next() combines two for 53.

import seedrandom from 'seedrandom';

const TWO_POW_32 = 0x100000000;

export interface Rng {
  readonly name: string;
  /** Uniform in [0, 1), 53 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), unbiased; n an integer in [1, 2^32]. */
  int(n: number): number;
  /** Normal (Box–Muller, the spare value kept for the next call and included in state()). */
  normal(mean?: number, sd?: number): number;
  /** exp(normal(mu, sigma)): mu and sigma are of the underlying normal. */
  lognormal(mu?: number, sigma?: number): number;
  /** A JSON-serialisable snapshot; restoring it continues the identical sequence. */
  state(): RngState;
}

/** Alea's internal state plus the spare Box–Muller normal (null when none is pending). */
export interface RngState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
  spare: number | null;
}

export interface RandomStreamsSnapshot {
  rootSeed: string | number;
  /** Stream states by name, names in sorted order so the JSON text is stable. */
  streams: Record<string, RngState>;
}

class AleaRng implements Rng {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;
  private spare: number | null = null;

  constructor(
    readonly name: string,
    seed: string,
    state?: RngState,
  ) {
    if (state) {
      const { c, s0, s1, s2 } = state;
      this.prng = seedrandom.alea('', { state: { c, s0, s1, s2 } });
      this.spare = state.spare;
    } else {
      this.prng = seedrandom.alea(seed, { state: true });
    }
  }

  next(): number {
    return this.prng.double();
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n): n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection on 32-bit draws: a plain floor(u * n) would favour some values when n is not a
    // power of two. limit is the largest multiple of n that fits in 2^32.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const u = this.prng.int32() >>> 0;
      if (u < limit) return u % n;
    }
  }

  normal(mean = 0, sd = 1): number {
    let z: number;
    if (this.spare !== null) {
      z = this.spare;
      this.spare = null;
    } else {
      const u1 = 1 - this.next(); // (0, 1]: log(0) never happens
      const u2 = this.next();
      const r = Math.sqrt(-2 * Math.log(u1));
      z = r * Math.cos(2 * Math.PI * u2);
      this.spare = r * Math.sin(2 * Math.PI * u2);
    }
    return mean + sd * z;
  }

  lognormal(mu = 0, sigma = 1): number {
    return Math.exp(this.normal(mu, sigma));
  }

  state(): RngState {
    const { c, s0, s1, s2 } = this.prng.state();
    return { c, s0, s1, s2, spare: this.spare };
  }
}

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly rootSeed: string | number) {}

  /** The stream for name, created on first use and the same object on every later call. */
  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (!s) {
      s = new AleaRng(name, `${this.rootSeed}\u0000${name}`);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Snapshot of every stream created so far (streams never asked for need no state). */
  toJSON(): RandomStreamsSnapshot {
    const streams: Record<string, RngState> = Object.create(null); // a stream may be named __proto__
    for (const name of [...this.streams.keys()].sort()) streams[name] = this.streams.get(name)!.state();
    return { rootSeed: this.rootSeed, streams };
  }

  /** The streams as they were at toJSON(); streams not in the snapshot start fresh from the seed. */
  static restore(snapshot: RandomStreamsSnapshot): RandomStreams {
    const rs = new RandomStreams(snapshot.rootSeed);
    for (const name of Object.keys(snapshot.streams).sort()) {
      rs.streams.set(name, new AleaRng(name, `${rs.rootSeed}\u0000${name}`, snapshot.streams[name]));
    }
    return rs;
  }
}
