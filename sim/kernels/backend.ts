// Which backend runs the kernels of sim/kernels/ (docs/explanation/kernels.md).
//
//   'cpu'    TypeScript on the main thread: the scoring rules with integer noise arithmetic
//            (./scoring-cpu.ts), the consensus reference (./consensus-reference.ts); always
//            available. The plain references (./scoring-reference.ts, ./consensus-reference.ts)
//            are the definition every backend is tested against.
//   'webasm' gpu.js kernels compiled to WebAssembly (f32x4 SIMD; threads under the async contract).
//   'webgpu' gpu.js kernels compiled to WGSL, on a GPU through the `webgpu` package (Dawn), when
//            it loads and an adapter answers.
//
// `auto` rule: the fastest backend whose bytes are identical to the reference. The test suite
// (test/kernels-scoring.test.ts) checks that cpu and webasm reproduce it bit for bit; cpu scores
// faster than webasm (one thread, and its worker pool on two cores: `taosim bench --only
// scoring_cells_per_s`) and compiles nothing, so auto = cpu. webgpu is never picked by auto: WGSL
// allows fused multiply-adds and a non-correctly-rounded pow/division, so its bytes may differ;
// choose it explicitly.

import gpujs from 'gpu.js';
import { UsageError } from '../util/errors.ts';

export type BackendName = 'cpu' | 'webasm' | 'webgpu';
export type BackendChoice = BackendName | 'auto';

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'cpu', 'webasm', 'webgpu'];

/** What `auto` means, for `resolveBackend` and for runs alike (the rule in this file's header). */
export const AUTO_BACKEND = 'cpu' satisfies BackendName;

// gpu.js ships CommonJS with loose typings; the kernels use a small part of it.
// biome-ignore lint/suspicious/noExplicitAny: gpu.js exports its GPU class untyped under ESM
export const GPU: any = (gpujs as any).GPU;

let webasmProbe: Promise<boolean> | undefined;
let webgpuProbe: Promise<boolean> | undefined;

/** WebAssembly support as gpu.js reports it, confirmed by running a tiny kernel. */
function probeWebasm(): Promise<boolean> {
  webasmProbe ??= (async () => {
    try {
      if (!GPU.isWebAssemblySupported) return false;
      const gpu = new GPU({ mode: 'webasm' });
      try {
        const k = gpu.createKernel('function(a) { return a[this.thread.x] * 2 + 0.5; }', { output: [4] });
        const out = k(new Float32Array([1, 2, 3, 4]));
        const ok = k.kernel?.constructor?.name === 'WebAssemblyKernel' && out[0] === 2.5 && out[3] === 8.5;
        return ok;
      } finally {
        gpu.destroy();
      }
    } catch {
      return false;
    }
  })();
  return webasmProbe;
}

/**
 * Dawn's Node binding refuses a plain function assigned to `device.onuncapturederror` (gpu.js does
 * that when it opens a device: "invalid value to onuncapturederror"); drop the assignment.
 */
function acceptErrorHandlerProperty(device: { prototype: object } | undefined): void {
  if (!device) return;
  try {
    Object.defineProperty(device.prototype, 'onuncapturederror', {
      configurable: true,
      // Neither the property nor addEventListener takes a JS function there; the handler only logs,
      // and every kernel's output is checked against the reference in the tests and the bench.
      set() {},
      get: () => null,
    });
  } catch {
    // a binding that does not let us patch it: gpu.js will report the error itself
  }
}

/**
 * The `webgpu` package (Dawn for Node) is loaded only here, dynamically: where its native module
 * does not load (an old libstdc++, no driver) the backend is simply absent.
 */
function probeWebgpu(): Promise<boolean> {
  webgpuProbe ??= (async () => {
    try {
      const name = 'webgpu';
      const mod: { create: (flags: string[]) => unknown; globals: object } = await import(/* @vite-ignore */ name);
      const g = globalThis as { navigator?: { gpu?: unknown } };
      if (!g.navigator?.gpu) {
        Object.defineProperty(globalThis, 'navigator', {
          value: { ...(g.navigator ?? {}), gpu: mod.create([]) },
          configurable: true,
          writable: true,
        });
        Object.assign(globalThis, mod.globals);
        acceptErrorHandlerProperty((mod.globals as { GPUDevice?: { prototype: object } }).GPUDevice);
      }
      return Boolean(await GPU.isWebGPUAvailable());
    } catch {
      return false;
    }
  })();
  return webgpuProbe;
}

/** The backends that work on this machine, in the order cpu, webasm, webgpu. */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = ['cpu'];
  if (await probeWebasm()) out.push('webasm');
  if (await probeWebgpu()) out.push('webgpu');
  return out;
}

/** A backend for `choice`; an explicit name that does not work here is a UsageError. */
export async function resolveBackend(choice: BackendChoice): Promise<BackendName> {
  if (!BACKEND_CHOICES.includes(choice))
    throw new UsageError(`--backend ${String(choice)}: expected one of ${BACKEND_CHOICES.join(', ')}`);
  if (choice === 'auto') return AUTO_BACKEND;
  const avail = await availableBackends();
  if (!avail.includes(choice)) {
    const why =
      choice === 'webgpu' ? 'no WebGPU adapter on this machine' : 'WebAssembly kernels do not run on this machine';
    throw new UsageError(`--backend ${choice}: ${why} (available: ${avail.join(', ')})`);
  }
  return choice;
}
