/**
 * One reusable float64 work buffer for kernels that need temporary
 * accumulators (column sums, reductions along an inner axis). It grows to the
 * largest request and is then reused, so steady-state training allocates
 * nothing. Kernels are synchronous and never nest their use of it.
 */
let buffer: Float64Array = new Float64Array(0);

/**
 * A Float64Array of at least `n` elements whose first `n` are zero, valid
 * until the next call (the caller must not rely on its length).
 */
export function scratchF64(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(Math.max(n, buffer.length * 2));
  buffer.fill(0, 0, n);
  return buffer;
}
