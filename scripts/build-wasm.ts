// Compiles the AssemblyScript kernels (assembly/) to the WebAssembly the simulator loads, checked in
// beside the code that loads it: `npm run build:wasm` after changing a kernel. test/wasm-modules.test.ts
// compiles them again and requires the same bytes, so a checked-in module always matches its source.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The part of assemblyscript/asc used here (its own declarations add globals that clash with Node's). */
interface Asc {
  main(
    argv: string[],
    options: {
      writeFile: (name: string, contents: Uint8Array | string) => void;
      stdout: { write(text: string): boolean };
      stderr: { write(text: string): boolean };
    },
  ): Promise<{ error: Error | null }>;
}
const ASC_MODULE: string = 'assemblyscript/asc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface WasmModule {
  source: string;
  /** Where the module is checked in. */
  output: string;
  options: readonly string[];
}

export const WASM_MODULES: readonly WasmModule[] = [
  {
    source: 'assembly/bond-ema.ts',
    output: 'sim/chain/yuma/wasm/bond-ema.wasm',
    // Release build, no runtime (the kernels allocate nothing), memory given by the caller
    // (sim/chain/yuma/wasm-bond-ema.ts says why it is never grown).
    options: ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory'],
  },
  {
    source: 'assembly/consensus-stage.ts',
    output: 'sim/chain/yuma/wasm/consensus-stage.wasm',
    // Likewise (sim/chain/yuma/wasm-consensus.ts).
    options: ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory'],
  },
  {
    source: 'assembly/gate-lanes.ts',
    output: 'sim/chain/fixed/wasm/gate-lanes.wasm',
    // Likewise (sim/chain/fixed/wasm-gate-lanes.ts).
    options: ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory'],
  },
  {
    source: 'assembly/noise-row.ts',
    output: 'sim/kernels/wasm/noise-row.wasm',
    // Likewise (sim/kernels/wasm-noise.ts).
    options: ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory'],
  },
];

/** The module compiled from its source, in memory (asc writes nothing to disk). */
export async function compileWasm(module: WasmModule): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  let messages = '';
  const asc = ((await import(ASC_MODULE)) as { default: Asc }).default;
  const { error } = await asc.main([module.source, ...module.options, '--baseDir', ROOT, '--outFile', 'out.wasm'], {
    writeFile: (_name, contents) => {
      if (typeof contents !== 'string') binary = contents;
    },
    stdout: { write: () => true },
    stderr: {
      write: (text: string) => {
        messages += text;
        return true;
      },
    },
  });
  if (error || binary === null)
    throw new Error(`asc could not compile ${module.source}: ${error?.message ?? ''}\n${messages}`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const m of WASM_MODULES) {
    writeFileSync(`${ROOT}/${m.output}`, await compileWasm(m));
    console.log(`wrote ${m.output}`);
  }
}
