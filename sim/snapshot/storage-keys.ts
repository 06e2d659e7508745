// Raw storage keys of a Substrate chain, built the way FRAME builds them:
// twox128(pallet) ++ twox128(item) ++ for each key part, hasher(SCALE bytes of the part).
// Identity appends the bytes; Twox64Concat and Blake2_128Concat append a hash and then the bytes
// (so the key part can be read back from the key); Blake2_128 / Twox128 append the hash alone.
//
// This module loads @polkadot/util-crypto: import it only from the snapshot command's code, never
// from code every command loads (`taosim --version` must stay fast).

import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, encodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';

export type Hasher = 'Identity' | 'Twox64Concat' | 'Blake2_128Concat';

/** The SS58 prefix Bittensor addresses use (the generic Substrate one). */
export const SS58_PREFIX = 42;

/** twox128(pallet) ++ twox128(item), as hex with 0x. */
export function storagePrefix(pallet: string, item: string): string {
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128)));
}

/** One key part as it appears in the key. */
export function hashKeyPart(hasher: Hasher, bytes: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Identity':
      return bytes;
    case 'Twox64Concat':
      return u8aConcat(xxhashAsU8a(bytes, 64), bytes);
    case 'Blake2_128Concat':
      return u8aConcat(blake2AsU8a(bytes, 128), bytes);
  }
}

/** The full key of one entry: the prefix, then each part hashed by its hasher. */
export function storageKey(
  pallet: string,
  item: string,
  parts: readonly (readonly [Hasher, Uint8Array])[] = [],
): string {
  const prefix = storagePrefix(pallet, item);
  if (parts.length === 0) return prefix;
  return prefix + u8aToHex(u8aConcat(...parts.map(([h, b]) => hashKeyPart(h, b))), -1, false);
}

/** A u16 (NetUid, uid, NetUidStorageIndex) as SCALE encodes it: two bytes, little-endian. */
export function u16Bytes(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`not a u16: ${value}`);
  return new Uint8Array([value & 0xff, value >> 8]);
}

/** An AccountId32 (its 32 bytes) from an SS58 address. */
export function accountBytes(ss58: string): Uint8Array {
  return decodeAddress(ss58);
}

/** The SS58 address (prefix 42) of 32 account bytes. */
export function ss58Address(bytes: Uint8Array): string {
  return encodeAddress(bytes, SS58_PREFIX);
}

/**
 * The trailing key part of a map key whose last hasher is Identity or a *Concat hasher: the last
 * `length` bytes of the key (how netuids are read back from keys found by prefix).
 */
export function trailingBytes(key: string, length: number): Uint8Array {
  const hex = key.startsWith('0x') ? key.slice(2) : key;
  const tail = hex.slice(hex.length - 2 * length);
  return Uint8Array.from(tail.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}
