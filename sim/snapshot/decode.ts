// SCALE values of storage, decoded with @polkadot/types into plain values: numbers for u8/u16/i16,
// bigint for u64 and wider (fixed-point values as their bits), SS58 strings for accounts.
// Loaded by the snapshot command only.

import { TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { Decoded, ValueType } from './layout.ts';

// A registry without chain properties writes accounts in SS58 prefix 42, Bittensor's.
const registry = new TypeRegistry();

/** Thrown for bytes that are not a value of the declared type (a layout this code does not know). */
export class DecodeError extends Error {}

/** The value `hex` encodes as `type`; refuses bytes left over or missing. */
export function decodeValue(type: ValueType, hex: string): Decoded {
  const bytes = hexToU8a(hex);
  let codec: Codec;
  try {
    codec = registry.createType(type, bytes);
  } catch (e) {
    throw new DecodeError(`cannot decode ${type} from ${bytes.length} bytes: ${(e as Error).message}`);
  }
  if (codec.encodedLength !== bytes.length) {
    throw new DecodeError(`expected ${codec.encodedLength} bytes for a ${type}, got ${bytes.length}`);
  }
  return plain(type, codec);
}

function plain(type: ValueType, codec: Codec): Decoded {
  const json = codec as unknown as { toBigInt?: () => bigint; toNumber?: () => number; isTrue?: boolean };
  switch (type) {
    case 'bool':
      return (codec as unknown as { isTrue: boolean }).isTrue;
    case 'u8':
    case 'u16':
    case 'i16':
      return json.toNumber!();
    case 'u64':
    case 'u128':
    case 'i128':
      return json.toBigInt!();
    case 'AccountId32':
      return codec.toString();
    case 'Vec<bool>':
      return (codec as unknown as Codec[]).map((b) => (b as unknown as { isTrue: boolean }).isTrue);
    case 'Vec<u64>':
      return (codec as unknown as { toBigInt(): bigint }[]).map((v) => v.toBigInt());
    case 'Vec<(u16,u16)>':
      return (codec as unknown as { toNumber(): number }[][]).map(([a, b]) => [a.toNumber(), b.toNumber()]);
    case 'Vec<(u64,AccountId32)>':
      return (codec as unknown as Codec[][]).map(([p, a]) => [
        (p as unknown as { toBigInt(): bigint }).toBigInt(),
        a.toString(),
      ]);
    case '(u16,u16)':
      return (codec as unknown as { toNumber(): number }[]).map((v) => v.toNumber());
    case '(Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes)':
      return (codec as unknown as { toUtf8(): string }[]).map((b) => b.toUtf8());
  }
}

/** The SCALE bytes of a value (tests build their fixtures with it). */
export function encodeValue(type: ValueType, value: unknown): string {
  return u8aToHex(registry.createType(type, value as never).toU8a());
}
