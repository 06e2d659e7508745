// Seeded random BigInts for the fixed-point tests (exact quotients, the coinbase written out): one
// definition, so every such test draws its values the same way.

/**
 * below(bits): a random BigInt below 2^bits from `rng`, with a random bit length so that small
 * values are drawn as often as large ones.
 */
export function bigintsBelow(rng: () => number): (bits: number) => bigint {
  return (bits) => {
    const len = Math.ceil(rng() * bits);
    let r = 0n;
    for (let b = 0; b < len; b += 30) r = (r << 30n) | BigInt(Math.floor(rng() * 2 ** 30));
    return r & ((1n << BigInt(len)) - 1n);
  };
}
