// A binary min-heap of events ordered by (time, phase, seq). seq is an insertion counter the queue
// assigns itself, so two events with the same time and phase pop in the order they were pushed and
// the whole order is a pure function of the push sequence: no ties left to the heap's shape.
//
// Speed: the heap is structure-of-arrays. (time, phase) is packed into one double, key =
// time * PHASES + phase, exact because time is bounded by MAX_TIME; seq sits in its own array. A
// comparison is then one or two reads of a Float64Array with no object per event in the heap; the
// only allocation is the QueuedEvent that pop() returns (popItem() avoids even that).

/** Phases are integers in [0, PHASES); lower runs first within a time. */
export const PHASES = 1024;
/** Largest time a queue accepts: time * PHASES + phase stays an exact integer in a double. */
export const MAX_TIME = Math.floor((Number.MAX_SAFE_INTEGER - (PHASES - 1)) / PHASES);

export interface QueuedEvent<T> {
  time: number;
  phase: number;
  seq: number;
  item: T;
}

export class EventQueue<T> {
  private keys = new Float64Array(64);
  private seqs = new Float64Array(64); // a double, not an int32: a long run can pass 2^32 events
  private items: (T | undefined)[] = new Array(64);
  private n = 0;
  private nextSeq = 0;

  get size(): number {
    return this.n;
  }

  push(time: number, phase: number, item: T): void {
    if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) {
      throw new RangeError(`event time must be an integer in [0, ${MAX_TIME}], got ${time}`);
    }
    if (!Number.isInteger(phase) || phase < 0 || phase >= PHASES) {
      throw new RangeError(`event phase must be an integer in [0, ${PHASES - 1}], got ${phase}`);
    }
    if (this.n === this.keys.length) this.grow();
    this.siftUp(this.n++, time * PHASES + phase, this.nextSeq++, item);
  }

  /** The earliest event, removed; undefined when empty. */
  pop(): QueuedEvent<T> | undefined {
    if (this.n === 0) return undefined;
    const key = this.keys[0];
    const seq = this.seqs[0];
    const item = this.popItem() as T;
    return { time: Math.floor(key / PHASES), phase: key % PHASES, seq, item };
  }

  /** The earliest event without removing it; undefined when empty. */
  peek(): QueuedEvent<T> | undefined {
    if (this.n === 0) return undefined;
    const key = this.keys[0];
    return { time: Math.floor(key / PHASES), phase: key % PHASES, seq: this.seqs[0], item: this.items[0] as T };
  }

  /** Every queued event, in heap order (not time order), and the next seq: what a snapshot needs. */
  entries(): { events: QueuedEvent<T>[]; nextSeq: number } {
    const events: QueuedEvent<T>[] = [];
    for (let i = 0; i < this.n; i++) {
      const key = this.keys[i];
      events.push({ time: Math.floor(key / PHASES), phase: key % PHASES, seq: this.seqs[i], item: this.items[i] as T });
    }
    return { events, nextSeq: this.nextSeq };
  }

  /** A queue holding exactly `events` with their own seqs, numbering new events from nextSeq on. */
  static fromEntries<T>(events: readonly QueuedEvent<T>[], nextSeq: number): EventQueue<T> {
    const q = new EventQueue<T>();
    for (const e of events) {
      if (!(e.seq < nextSeq)) throw new RangeError(`event seq ${e.seq} is not below nextSeq ${nextSeq}`);
      q.nextSeq = e.seq;
      q.push(e.time, e.phase, e.item);
    }
    q.nextSeq = nextSeq;
    return q;
  }

  /** Time of the earliest event, or Infinity when empty (allocation-free, for run loops). */
  peekTime(): number {
    return this.n === 0 ? Infinity : Math.floor(this.keys[0] / PHASES);
  }

  /** Phase of the earliest event, or -1 when empty (allocation-free, for run loops). */
  peekPhase(): number {
    return this.n === 0 ? -1 : this.keys[0] % PHASES;
  }

  /** Removes the earliest event and returns only its item (allocation-free; read peekTime first). */
  popItem(): T | undefined {
    const n = this.n;
    if (n === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = n - 1;
    this.n = last;
    if (last > 0) this.siftDown(this.keys[last], this.seqs[last], items[last] as T, last);
    items[last] = undefined; // let the garbage collector have the popped item
    return top;
  }

  /** Moves the hole at i up until (key, seq) fits, then stores it there. */
  private siftUp(i: number, key: number, seq: number, item: T): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk < key || (pk === key && seqs[p] < seq)) break;
      keys[i] = pk;
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Moves the hole at the root down over the first n slots until (key, seq) fits. */
  private siftDown(key: number, seq: number, item: T, n: number): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ck = keys[c];
      const r = c + 1;
      if (r < n) {
        const rk = keys[r];
        if (rk < ck || (rk === ck && seqs[r] < seqs[c])) {
          c = r;
          ck = rk;
        }
      }
      if (key < ck || (key === ck && seq < seqs[c])) break;
      keys[i] = ck;
      seqs[i] = seqs[c];
      items[i] = items[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.keys = keys;
    this.seqs = seqs;
    this.items.length = cap;
  }
}
