#!/usr/bin/env bash
# Benchmarks worth running on a machine with many cores and a GPU (docs/scaling.md, BENCHMARKS.md):
# sweep throughput on 1, 2 and 8 workers, the scoring kernels on every backend incl. webgpu, and
# the 1024-subnet day. Usage: scripts/device-bench.sh OUTDIR (node and node_modules already there).
set -u
out=${1:-results/device-bench}
mkdir -p "$out"
{
  echo "== machine"; uname -a; nproc; node -v
  (nvidia-smi -L || true) 2>&1
  echo "== webgpu adapter"
  node --input-type=module -e "
    try { const { create, globals } = await import('webgpu'); Object.assign(globalThis, globals);
      const gpu = create([]); const a = await gpu.requestAdapter();
      console.log(a ? 'adapter: ' + JSON.stringify(a.info ?? {}) : 'no adapter'); }
    catch (e) { console.log('webgpu does not load: ' + e.message.split('\n')[0]); }
    process.exit(0);" 2>&1
} > "$out/machine.txt"
cat "$out/machine.txt"
run() { local name=$1; shift; echo "== $name"; timeout "$@" 2>&1 | tee "$out/$name.txt"; }
run scoring 240 node bin/taosim.js bench --only scoring_cells_per_s
run sweep 240 node bin/taosim.js bench --only sweep_runs_per_min
run network 300 node bin/taosim.js bench --only run_1024_subnets_day_s
