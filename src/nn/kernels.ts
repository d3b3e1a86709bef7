/**
 * The Dense layer's three matrix products on raw Float32Arrays:
 *   forward   Z = X·W + b          (m×k · k×n)
 *   weights   dW = Xᵀ·dZ           (k×m · m×n)
 *   input     dX = dZ·Wᵀ           (m×n · n×k)
 * Single-unit layers (the seed model) and the tiniest kernels use the loops
 * below, where gemm's call overhead would dominate; everything else goes to
 * the tensor core's `gemm` (float64 accumulation). Scratch grows on demand
 * and is never shrunk, so steady-state training allocates nothing.
 */
import { gemm } from '../tensor/index.js';

/**
 * Kernels with at most this many weights (k·n) use the local loops for the
 * forward product; the input gradient uses them as well, and always for a
 * single unit; the weight gradient goes to gemm except for a 1×1 kernel.
 * Chosen by timing both on m ∈ {1, 2, 3, 4, 8, 16, 32, 160} rows and kernels
 * from 1×1 to 256×256, 784×32, 784×1 and 32×10 (random and relu-sparse
 * inputs): the local loops won on 2×2 and 4×4 kernels (1.1–2.7× faster),
 * on single units with up to 16 inputs, and for dX of a single unit (by
 * 5–15%); gemm everywhere else (1.2–4× faster for the forward pass, 1.2–2×
 * for both gradients, 2–4.5× for a single unit's dW). The previous rule,
 * local loops below 32768 multiply-adds, predates gemm's unpacked paths
 * for few rows.
 */
const TINY_KERNEL = 16;

let scratch = new Float64Array(256);

function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Z[m×n] = X[m×k]·W[k×n] (+ b[n] when given). */
export function denseForward(X: Float32Array, W: Float32Array, b: Float32Array | null, m: number, k: number, n: number, Z: Float32Array): void {
  if (k * n > TINY_KERNEL) {
    if (b) {
      // Z starts as the bias in every row; gemm adds the product in.
      if (n === 1) Z.fill(b[0]!, 0, m);
      else for (let i = 0, o = 0; i < m; i++, o += n) Z.set(b, o);
      gemm(false, false, m, n, k, X, 0, k, W, 0, n, Z, 0, n, true);
    } else {
      gemm(false, false, m, n, k, X, 0, k, W, 0, n, Z, 0, n, false);
    }
    return;
  }
  if (n === 1) {
    // One unit on at most 16 inputs (the seed model): a dot product per row.
    const b0 = b ? b[0]! : 0;
    if (k === 1) {
      const w = W[0]!;
      for (let i = 0; i < m; i++) Z[i] = X[i]! * w + b0;
      return;
    }
    for (let i = 0, xo = 0; i < m; i++, xo += k) {
      let s = 0;
      for (let p = 0; p < k; p++) s += X[xo + p]! * W[p]!;
      Z[i] = s + b0;
    }
    return;
  }
  const acc = scratchOf(4 * n);
  // Four rows at a time: each W row is read once per four output rows.
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const x0 = i * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
    acc.fill(0, 0, 4 * n);
    for (let p = 0, wo = 0; p < k; p++, wo += n) {
      const a0 = X[x0 + p]!, a1 = X[x1 + p]!, a2 = X[x2 + p]!, a3 = X[x3 + p]!;
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      for (let j = 0; j < n; j++) {
        const w = W[wo + j]!;
        acc[j] = acc[j]! + a0 * w;
        acc[n + j] = acc[n + j]! + a1 * w;
        acc[2 * n + j] = acc[2 * n + j]! + a2 * w;
        acc[3 * n + j] = acc[3 * n + j]! + a3 * w;
      }
    }
    for (let r = 0; r < 4; r++) {
      const zo = (i + r) * n, ao = r * n;
      if (b) for (let j = 0; j < n; j++) Z[zo + j] = acc[ao + j]! + b[j]!;
      else for (let j = 0; j < n; j++) Z[zo + j] = acc[ao + j]!;
    }
  }
  for (; i < m; i++) {
    const xo = i * k;
    acc.fill(0, 0, n);
    for (let p = 0, wo = 0; p < k; p++, wo += n) {
      const a = X[xo + p]!;
      if (a === 0) continue;
      for (let j = 0; j < n; j++) acc[j] = acc[j]! + a * W[wo + j]!;
    }
    const zo = i * n;
    if (b) for (let j = 0; j < n; j++) Z[zo + j] = acc[j]! + b[j]!;
    else for (let j = 0; j < n; j++) Z[zo + j] = acc[j]!;
  }
}

/** dW[k×n] = X[m×k]ᵀ·dZ[m×n]. */
export function denseWeightGrad(X: Float32Array, dZ: Float32Array, m: number, k: number, n: number, dW: Float32Array): void {
  if (n === 1 && k === 1) {
    // The seed model: one dot product.
    let s = 0;
    for (let i = 0; i < m; i++) s += X[i]! * dZ[i]!;
    dW[0] = s;
    return;
  }
  gemm(true, false, k, n, m, X, 0, k, dZ, 0, n, dW, 0, n, false);
}

/** dX[m×k] = dZ[m×n]·W[k×n]ᵀ. */
export function denseInputGrad(dZ: Float32Array, W: Float32Array, m: number, k: number, n: number, dX: Float32Array): void {
  if (n === 1) {
    for (let i = 0, xo = 0; i < m; i++, xo += k) {
      const g = dZ[i]!;
      for (let p = 0; p < k; p++) dX[xo + p] = g * W[p]!;
    }
    return;
  }
  if (k * n > TINY_KERNEL) {
    gemm(false, true, m, k, n, dZ, 0, n, W, 0, n, dX, 0, k, false);
    return;
  }
  // dX[i,p] = Σ_j dZ[i,j]·W[p,j]: contiguous dot products, two rows of dZ by two rows of W.
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const z0 = i * n, z1 = z0 + n, x0 = i * k, x1 = x0 + k;
    let p = 0;
    for (; p + 2 <= k; p += 2) {
      const w0 = p * n, w1 = w0 + n;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let j = 0; j < n; j++) {
        const g0 = dZ[z0 + j]!, g1 = dZ[z1 + j]!, a = W[w0 + j]!, c = W[w1 + j]!;
        s00 += g0 * a; s01 += g0 * c; s10 += g1 * a; s11 += g1 * c;
      }
      dX[x0 + p] = s00; dX[x0 + p + 1] = s01; dX[x1 + p] = s10; dX[x1 + p + 1] = s11;
    }
    for (; p < k; p++) {
      const w0 = p * n;
      let s0 = 0, s1 = 0;
      for (let j = 0; j < n; j++) { const a = W[w0 + j]!; s0 += dZ[z0 + j]! * a; s1 += dZ[z1 + j]! * a; }
      dX[x0 + p] = s0; dX[x1 + p] = s1;
    }
  }
  for (; i < m; i++) {
    const z0 = i * n, x0 = i * k;
    for (let p = 0; p < k; p++) {
      const w0 = p * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += dZ[z0 + j]! * W[w0 + j]!;
      dX[x0 + p] = s;
    }
  }
}

/** db[n] = Σ_rows dZ[m×n]. */
export function columnSums(dZ: Float32Array, m: number, n: number, db: Float32Array): void {
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < m; i++) s += dZ[i]!;
    db[0] = s;
    return;
  }
  const acc = scratchOf(n);
  acc.fill(0, 0, n);
  for (let i = 0, o = 0; i < m; i++, o += n) for (let j = 0; j < n; j++) acc[j] = acc[j]! + dZ[o + j]!;
  for (let j = 0; j < n; j++) db[j] = acc[j]!;
}
