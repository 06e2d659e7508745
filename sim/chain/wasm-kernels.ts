// Loading a checked-in WebAssembly module of kernels (assembly/, `npm run build:wasm`) whose memory is
// imported: the caller lays its arrays out in that memory by byte offsets and copies them in and out.

import { readFileSync } from 'node:fs';

/** The part of the WebAssembly API used here (TypeScript's ES2022 library does not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (size: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const { Module, Instance, Memory } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The module at `url` (read and compiled at the first call) as kernels over a memory of at least
 * `bytes`, `init` run on each new memory. A call asking for more makes a new memory and instance, never `memory.grow`. Measured: after
 * one grow (once, at the first call), every later exact epoch of the process ran about 7 % slower, its
 * JavaScript kernels too. Not V8's detach protector: the loader hooks tsx registers invalidate that at
 * start-up in every taosim process.
 */
export function wasmKernels<T>(
  url: URL,
  /** Fills what every new memory must hold before the first call (constant tables, say). */
  init?: (buffer: ArrayBuffer) => void,
): (bytes: number) => { buffer: ArrayBuffer; kernels: T } {
  let compiled: object | null = null;
  let current: { buffer: ArrayBuffer; kernels: T } | null = null;
  return (bytes) => {
    if (current !== null && current.buffer.byteLength >= bytes) return current;
    compiled ??= new Module(readFileSync(url));
    const memory = new Memory({ initial: Math.ceil((bytes * 1.25) / 65536) });
    init?.(memory.buffer);
    current = { buffer: memory.buffer, kernels: new Instance(compiled, { env: { memory } }).exports as T };
    return current;
  };
}

/** Byte offsets of one call's arrays in the module's memory, each 8-aligned. */
export class Layout {
  bytes = 0;
  take(size: number): number {
    const at = this.bytes;
    this.bytes += (size + 7) & ~7;
    return at;
  }
}
