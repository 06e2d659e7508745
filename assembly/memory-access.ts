// Typed loads and stores at element k of an array at a byte offset in the module's memory, shared by
// the kernels that lay their arrays out so (weighted-median.ts, consensus-stage.ts).

export function f64At(base: usize, k: i32): f64 {
  return load<f64>(base + ((<usize>k) << 3));
}

export function setF64(base: usize, k: i32, x: f64): void {
  store<f64>(base + ((<usize>k) << 3), x);
}

export function i32At(base: usize, k: i32): i32 {
  return load<i32>(base + ((<usize>k) << 2));
}

export function setI32(base: usize, k: i32, x: i32): void {
  store<i32>(base + ((<usize>k) << 2), x);
}
