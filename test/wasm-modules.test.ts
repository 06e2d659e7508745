// Every checked-in WebAssembly module is what its AssemblyScript source compiles to (npm run build:wasm),
// so a module never drifts from the source it is reviewed as. What each computes is tested against its
// JavaScript twin elsewhere: the bond EMAs in test/wasm-bond-ema.test.ts, the gate's safe_pow loops in
// test/emission-gate-fast.test.ts, the scoring noise in test/kernels-noise.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWasm, WASM_MODULES } from '../scripts/build-wasm.ts';

describe('WebAssembly modules', () => {
  it.each(WASM_MODULES.map((m) => [m.output, m]))(
    '%s is what its AssemblyScript source compiles to (npm run build:wasm)',
    async (_name, m) => {
      const built = await compileWasm(m);
      expect(Buffer.from(built).equals(readFileSync(m.output))).toBe(true);
    },
    60_000,
  );
});
