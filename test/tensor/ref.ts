/**
 * Shared pieces for the tensor tests: float64 reference implementations
 * written the obvious way (no blocking, no tricks), float32 comparison
 * helpers, fast-check arbitraries for shapes and data, and a finite-difference
 * gradient.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { Random, Tensor } from '../../src/index.js';

/** Dimensions that catch edge cases: empty, one, primes, around block sizes. */
export const EDGE_DIMS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33] as const;

export const dimArb = fc.constantFrom(...EDGE_DIMS);
export const smallDimArb = fc.integer({ min: 0, max: 6 });

/** Shapes of rank 0–3 built from edge dimensions. */
export const shapeArb = fc.array(fc.oneof(dimArb, smallDimArb), { minLength: 0, maxLength: 3 });
/** Shapes of rank 1–3. */
export const nonScalarShapeArb = fc.array(fc.oneof(dimArb, smallDimArb), { minLength: 1, maxLength: 3 });

export function sizeOf(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/** A tensor of normal samples (scale `scale`) from a seed. */
export function randomTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const rng = new Random(seed);
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = scale * rng.normal();
  return new Tensor(data, shape);
}

/** Float32 values including ±0, ±Infinity, NaN, subnormals and extremes. */
export const anyFloat32 = fc.float();
/** Finite float32 values of moderate size. */
export const moderateFloat32 = fc.float({ min: -50, max: 50, noNaN: true });

/** A shape plus matching float32 data drawn from `values`. */
export function tensorArb(values: fc.Arbitrary<number> = anyFloat32, shape: fc.Arbitrary<number[]> = shapeArb): fc.Arbitrary<Tensor> {
  return shape.chain((s) => fc.array(values, { minLength: sizeOf(s), maxLength: sizeOf(s) })
    .map((v) => new Tensor(Float32Array.from(v), s)));
}

/** Two tensors of the same shape. */
export function tensorPairArb(values: fc.Arbitrary<number> = anyFloat32): fc.Arbitrary<[Tensor, Tensor]> {
  return shapeArb.chain((s) => {
    const n = sizeOf(s);
    const arr = fc.array(values, { minLength: n, maxLength: n }).map((v) => new Tensor(Float32Array.from(v), s));
    return fc.tuple(arr, arr);
  });
}

/**
 * Asserts every element of `got` is `want` rounded to float32, within
 * `ulps` float32 units in the last place or `abs` absolutely (NaN must match
 * NaN, and infinities must match exactly).
 */
export function expectF32(got: Float32Array, want: ArrayLike<number>, ulps = 0, what = '', abs = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = Math.fround(want[i]!);
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) expect.fail(`${what}[${i}]: got ${g}, want NaN`);
      continue;
    }
    if (g === w) continue;
    if (abs > 0 && Math.abs(g - w) <= abs) continue;
    if (!Number.isFinite(w) || !Number.isFinite(g) || ulps === 0) expect.fail(`${what}[${i}]: got ${g}, want ${w} (from ${want[i]})`);
    const ulp = ulpOf(w);
    if (Math.abs(g - w) > ulps * ulp) expect.fail(`${what}[${i}]: got ${g}, want ${w}: ${Math.abs(g - w) / ulp} ulps apart, allowed ${ulps}`);
  }
}

/** The float32 spacing at x. */
export function ulpOf(x: number): number {
  const a = Math.abs(x);
  if (a < 1.1754943508222875e-38) return 1.401298464324817e-45;
  const e = Math.floor(Math.log2(a));
  return 2 ** (e - 23);
}

/** Asserts |got − want| ≤ tol[i] elementwise. */
export function expectWithin(got: ArrayLike<number>, want: ArrayLike<number>, tol: ArrayLike<number> | number, what = ''): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const t = typeof tol === 'number' ? tol : tol[i]!;
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= t)) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]}, |diff| ${d} > ${t}`);
  }
}

/**
 * The float64 product op(A)·op(B) from stored arrays, plus a per-element
 * error budget for float32: |C − ref| ≤ (blocks + 2)·2⁻²⁴·Σₚ|a·b| (each
 * float64 partial sum rounded once per shared-dimension block of 256, then once more).
 */
export function refMatmul(
  a: Tensor, b: Tensor, ta: boolean, tb: boolean,
): { c: Float64Array; tol: Float64Array; m: number; n: number; k: number } {
  const m = ta ? a.shape[1]! : a.shape[0]!;
  const k = ta ? a.shape[0]! : a.shape[1]!;
  const n = tb ? b.shape[0]! : b.shape[1]!;
  const A = a.data, B = b.data;
  const lda = a.shape[1]!, ldb = b.shape[1]!;
  const c = new Float64Array(m * n), tol = new Float64Array(m * n);
  const blocks = Math.ceil(k / 256);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, sa = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? A[p * lda + i]! : A[i * lda + p]!;
        const y = tb ? B[j * ldb + p]! : B[p * ldb + j]!;
        s += x * y;
        sa += Math.abs(x * y);
      }
      c[i * n + j] = s;
      tol[i * n + j] = (blocks + 2) * 2 ** -24 * sa + 1e-38;
    }
  }
  return { c, tol, m, n, k };
}

/**
 * The central-difference gradient of a scalar function of `x` (perturbing
 * `x.data` in place and restoring it).
 */
export function numericGradient(x: Tensor, f: () => number, h = 1e-2): Float64Array {
  const g = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    // The perturbed points as float32 actually stores them.
    const xp = Math.fround(v + h), xm = Math.fround(v - h);
    x.data[i] = xp;
    const up = f();
    x.data[i] = xm;
    const down = f();
    x.data[i] = v;
    g[i] = (up - down) / (xp - xm);
  }
  return g;
}

/** Σ w ⊙ y in float64: the scalar loss whose gradient with respect to y is w. */
export function weightedSum(w: Tensor, y: Tensor): number {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += w.data[i]! * y.data[i]!;
  return s;
}
