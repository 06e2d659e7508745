// Named random streams. Each stream is seeded from (root seed, name) alone, so creating streams in
// another order, adding a stream, or drawing from one never changes another stream's numbers.
//
// Generator: Alea (computed as seedrandom's `alea`, on plain fields) rather than xor4096. Both are deterministic across platforms and
// fast; Alea's whole state is four numbers, so a checkpoint of thousands of streams (one per agent)
// stays small, whereas xor4096 carries 128 words per stream. Alea's period (about 2^116) is far
// beyond what one stream draws in a run. Its raw output has 32 bits; next() combines two for 53.

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

/**
 * Alea (Baagoe), exactly as seedrandom's `alea` computes it (test/engine.test.ts compares them), on
 * plain fields: a run holds one stream per agent, and seedrandom's closures per stream cost hundreds
 * of bytes and a slow creation each, for hundreds of thousands of agents.
 */
class AleaRng implements Rng {
  private c = 1;
  private s0: number;
  private s1: number;
  private s2: number;
  private spare: number | null = null;

  constructor(
    readonly name: string,
    seed: string,
    state?: RngState,
  ) {
    if (state) {
      ({ c: this.c, s0: this.s0, s1: this.s1, s2: this.s2, spare: this.spare } = state);
      return;
    }
    const mash = new Mash();
    this.s0 = mash.hash(' ');
    this.s1 = mash.hash(' ');
    this.s2 = mash.hash(' ');
    this.s0 -= mash.hash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash.hash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash.hash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  /** Alea's 32-bit step, in [0, 1). */
  private step(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  next(): number {
    return this.step() + ((this.step() * 0x200000) | 0) * 1.1102230246251565e-16; // 2^-53
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n): n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection on 32-bit draws: a plain floor(u * n) would favour some values when n is not a
    // power of two. limit is the largest multiple of n that fits in 2^32.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const u = ((this.step() * 0x100000000) | 0) >>> 0;
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
    return { c: this.c, s0: this.s0, s1: this.s1, s2: this.s2, spare: this.spare };
  }

  /** state() as PACKED_STATE numbers at out[at…] (NaN for no spare), with no record made per stream. */
  packState(out: Float64Array, at: number): void {
    out[at] = this.c;
    out[at + 1] = this.s0;
    out[at + 2] = this.s1;
    out[at + 3] = this.s2;
    out[at + 4] = this.spare ?? Number.NaN;
  }
}

/** Baagoe's Mash hash, the state Alea's seeding threads through its six calls. */
class Mash {
  private n = 0xefc8249d;

  hash(data: string): number {
    let n = this.n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    this.n = n;
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  }
}

/**
 * Every stream's state in a few flat values (what a checkpoint stores): a run has one stream per
 * agent, and thousands of small records cost a serialiser far more than one typed array.
 */
export interface PackedRandomStreams {
  rootSeed: string | number;
  /** Stream names, in the order they were created (unpack keeps it, so a resumed run packs the same). */
  names: string[];
  /** Per stream, in names' order: Alea's c, s0, s1, s2 and the spare normal (NaN: none pending; a spare is always finite). */
  states: Float64Array;
}

const PACKED_STATE = 5;

export class RandomStreams {
  private readonly streams = new Map<string, AleaRng>();

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

  /** The same snapshot as toJSON(), packed (see PackedRandomStreams), streams in creation order. */
  pack(): PackedRandomStreams {
    const names = [...this.streams.keys()];
    const states = new Float64Array(names.length * PACKED_STATE);
    let at = 0;
    for (const stream of this.streams.values()) {
      stream.packState(states, at);
      at += PACKED_STATE;
    }
    return { rootSeed: this.rootSeed, names, states };
  }

  /** The streams as they were at pack(). */
  static unpack(packed: PackedRandomStreams): RandomStreams {
    const rs = new RandomStreams(packed.rootSeed);
    const { names, states } = packed;
    for (let i = 0; i < names.length; i++) {
      const [c, s0, s1, s2, spare] = states.subarray(i * PACKED_STATE, (i + 1) * PACKED_STATE);
      const state = { c, s0, s1, s2, spare: Number.isNaN(spare) ? null : spare };
      rs.streams.set(names[i], new AleaRng(names[i], `${rs.rootSeed}\u0000${names[i]}`, state));
    }
    return rs;
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
