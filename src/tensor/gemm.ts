/**
 * The raw matrix-product kernel: C (=|+=) op(A)·op(B) on Float32Arrays with
 * offsets and leading dimensions, as BLAS's SGEMM (without alpha and beta).
 *
 * Large products follow the GotoBLAS/BLIS scheme: op(B) is packed a block at
 * a time into column micro-panels NR wide, op(A) into row micro-panels MR
 * tall, both as arrays of doubles (so the float32 → float64 conversion happens
 * once per element, not once per use), and a register-tiled micro-kernel keeps an
 * MR×NR tile of C in local variables while it walks the shared dimension.
 * Transposes only change how the packing reads its source, so all four
 * combinations run at the same speed and no transpose is ever materialised.
 * Accumulation is in float64 within a KC block, then rounded to float32.
 *
 * Small and thin products (one training step of a tiny Dense model) skip
 * packing: k = 1 is an outer product, fewer than 5 columns or 16 rows or 2048
 * multiply-adds use strided loops that tile two rows by four columns (or
 * four rows, for matrix-vector products) in registers. Their cost is a few
 * comparisons plus the arithmetic. Fewer than 16 rows times an untransposed
 * B (predicting one sample through a large Dense kernel) stream B row by
 * row instead, three rows of C per pass, so each byte of B is read once, in order: for 1×5000·5000×5000
 * that is 4–5× the column-wise dot products, and 8–10× for three rows
 * (bench/matmul.bench.mjs, "rows" group).
 */
import { ShapeError } from './errors.js';

/**
 * Micro-tile rows and columns: a 2×5 tile of C lives in 10 local doubles.
 * Timed against 8×4, 4×8, 8×8, 6×4, 4×4, 4×3, 3×4, 3×5, 2×4, 2×6, 2×7, 1×8
 * and 1×10 with process CPU time on square and Dense shapes: larger tiles load
 * less per multiply-add but spill accumulators to the stack, and in V8 the
 * spills cost more than the loads; 2×5 was fastest everywhere, by 10–25%
 * over 8×4.
 */
const MR = 2;
const NR = 5;
/** Shared-dimension block: an MR×KC panel of A plus a KC×NR panel of B stay in L1/L2. */
const KC = 256;
/** Rows of A packed per block (MC×KC doubles = 128 KiB, sized for L2). */
const MC = 64;
/** Columns of B packed per block (KC×NC doubles = 2 MiB). */
const NC = 1024;
/**
 * Products with fewer rows, fewer columns or fewer multiply-adds than these
 * skip packing (thin products would mostly multiply the zero padding of a
 * micro-tile). Chosen by timing both paths on the shapes of the "tiny" rows
 * of bench/matmul.bench.mjs and on 2…64-sized products; SMALL_M by timing
 * m = 4…16 rows against Dense kernels of 64² to 1024² and 784×32 (both
 * orientations, B plain and transposed): below 16 rows, packing all of B
 * for so few rows cost more than it saved (the unpacked paths were 1.1–1.8×
 * faster), at 16 the two were even.
 */
const SMALL_M = 16;
const SMALL_N = 5;
const SMALL_WORK = 2048;
/** Fewest columns for which streamRows beats column dot products (see streamRows). */
const STREAM_N = 16;

// Packing buffers, allocated on first use and grown (never shrunk), so a
// training loop allocates nothing after its first step. They are plain arrays
// of doubles rather than Float64Arrays: V8 reads a packed double array with
// fewer instructions per element (no external-pointer arithmetic), which
// measured 5–10% faster over the whole product.
let packedA: number[] = [];
let packedB: number[] = [];
// Row accumulators of streamRows (float64, m·n), grown on demand.
let rowAcc = new Float64Array(0);
// The multipliers (elements of A) of one pass of the stream kernels.
const rowMul = new Float64Array(16);
// Holds a full micro-tile when only part of it lies inside C.
const edgeTile = new Float64Array(MR * NR);

/** A packed (PACKED_DOUBLE_ELEMENTS) array of n doubles. */
function doubleArray(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0.5);
  return a;
}

/**
 * C (=|+=) op(A)·op(B), where op(X) is X or Xᵀ.
 *
 * `A` holds op(A) (m×k) starting at `aOff` with row stride `lda` (the row
 * length of A as stored: k when not transposed, m when transposed); likewise
 * `B` (k×n, stored row length `ldb`) and `C` (m×n, row stride `ldc`). With
 * `accumulate` the product is added to C; otherwise C is overwritten.
 * C must not overlap A or B.
 *
 * @param transA read A as transposed (A is stored k×m).
 * @param transB read B as transposed (B is stored n×k).
 * @param accumulate add into C instead of overwriting it. Default false.
 * @throws ShapeError (op `gemm`): SHAPE_INVALID (arg `m, n, k`) when a dimension,
 *   offset or leading dimension is negative, fractional or NaN; SHAPE_MISMATCH
 *   (arg `A`, `B` or `C`) when an operand is too short for the dimensions,
 *   offsets and strides given.
 * @example
 * // bias-free Dense backward: dW[k,n] = xᵀ[k,m] · dy[m,n]
 * gemm(true, false, k, n, m, x, 0, k, dy, 0, n, dW, 0, n, false);
 */
export function gemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate = false,
): void {
  checkGemm(transA, transB, m, n, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc);
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) for (let i = 0; i < m; i++) C.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    return;
  }
  if (k === 1) {
    outerProduct(transA, transB, m, n, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
  } else if (m < SMALL_M || n < SMALL_N || m * n * k < SMALL_WORK) {
    smallGemm(transA, transB, m, n, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
  } else {
    blockedGemm(transA, transB, m, n, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
  }
}

function checkGemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
): void {
  // (x | 0) === x: a 32-bit integer (which every valid size or offset is); false for NaN and fractions.
  if (!((m | 0) === m && (n | 0) === n && (k | 0) === k && (aOff | 0) === aOff && (bOff | 0) === bOff && (cOff | 0) === cOff &&
    (lda | 0) === lda && (ldb | 0) === ldb && (ldc | 0) === ldc &&
    m >= 0 && n >= 0 && k >= 0 && aOff >= 0 && bOff >= 0 && cOff >= 0)) {
    throw new ShapeError('SHAPE_INVALID', 'gemm', 'm, n, k',
      `dimensions, offsets and leading dimensions must be non-negative integers, got m=${m} n=${n} k=${k} ` +
      `aOff=${aOff} bOff=${bOff} cOff=${cOff} lda=${lda} ldb=${ldb} ldc=${ldc}`);
  }
  // Stored shapes: A is (transA ? k×m : m×k), B is (transB ? n×k : k×n).
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  checkOperand('A', A, aOff, lda, aRows, aCols);
  checkOperand('B', B, bOff, ldb, bRows, bCols);
  checkOperand('C', C, cOff, ldc, m, n);
}

function checkOperand(arg: string, X: Float32Array, off: number, ld: number, rows: number, cols: number): void {
  if (rows === 0 || cols === 0) return;
  if (!(ld >= cols) || off + (rows - 1) * ld + cols > X.length) {
    throw new ShapeError('SHAPE_MISMATCH', 'gemm', arg,
      `${arg} (length ${X.length}, offset ${off}, leading dimension ${ld}) cannot hold a ${rows}×${cols} matrix`);
  }
}

/**
 * The unpacked path for products too small or too thin to pay for packing:
 * for each row of C, four columns at a time share each load of A; the
 * remaining columns are plain float64 dot products. Everything is read
 * through strides, so transposes cost nothing.
 */
function smallGemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  // op(A)[i,p] = A[aOff + i*ars + p*acs]; op(B)[p,j] = B[bOff + p*brs + j*bcs].
  const ars = transA ? 1 : lda, acs = transA ? lda : 1;
  const brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
  if (n < 4 && m >= 4) {
    thinGemm(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, ldc, accumulate);
    return;
  }
  if (!transB && m < SMALL_M && n >= STREAM_N && k >= 4) {
    // Up to three rows per pass over B.
    for (let i = 0; i < m; i += 3) {
      streamRows(m - i < 3 ? m - i : 3, n, k, A, aOff + i * ars, ars, acs, B, bOff, ldb, C, cOff + i * ldc, ldc, accumulate);
    }
    return;
  }
  // Column quads outside, rows of C inside: with few rows, the four columns
  // of op(B) just read stay in cache for every row instead of being read
  // again from memory for each (op(B) = a transposed Dense kernel). Rows go
  // in pairs (a 2×4 tile: 6 loads feed 8 multiply-adds), then one by one.
  const n4 = n - (n % 4);
  const m2 = m - (m % 2);
  const bcs2 = 2 * bcs, bcs3 = 3 * bcs;
  let j = 0;
  for (; j < n4; j += 4) {
    for (let i = 0; i < m2; i += 2) {
      const cRow = cOff + i * ldc, cRow1 = cRow + ldc;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      let ai = aOff + i * ars, bi = bOff + j * bcs;
      for (let p = 0; p < k; p++) {
        const a = A[ai]!, c = A[(ai + ars) | 0]!;
        const b0 = B[bi]!, b1 = B[(bi + bcs) | 0]!, b2 = B[(bi + bcs2) | 0]!, b3 = B[(bi + bcs3) | 0]!;
        s0 += a * b0; s1 += a * b1; s2 += a * b2; s3 += a * b3;
        t0 += c * b0; t1 += c * b1; t2 += c * b2; t3 += c * b3;
        ai = (ai + acs) | 0;
        bi = (bi + brs) | 0;
      }
      if (accumulate) {
        C[cRow + j] += s0; C[cRow + j + 1] += s1; C[cRow + j + 2] += s2; C[cRow + j + 3] += s3;
        C[cRow1 + j] += t0; C[cRow1 + j + 1] += t1; C[cRow1 + j + 2] += t2; C[cRow1 + j + 3] += t3;
      } else {
        C[cRow + j] = s0; C[cRow + j + 1] = s1; C[cRow + j + 2] = s2; C[cRow + j + 3] = s3;
        C[cRow1 + j] = t0; C[cRow1 + j + 1] = t1; C[cRow1 + j + 2] = t2; C[cRow1 + j + 3] = t3;
      }
    }
    for (let i = m2; i < m; i++) {
      const aRow = aOff + i * ars;
      const cRow = cOff + i * ldc;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let ai = aRow, bi = bOff + j * bcs;
      for (let p = 0; p < k; p++) {
        const a = A[ai]!;
        s0 += a * B[bi]!;
        s1 += a * B[(bi + bcs) | 0]!;
        s2 += a * B[(bi + bcs2) | 0]!;
        s3 += a * B[(bi + bcs3) | 0]!;
        ai = (ai + acs) | 0;
        bi = (bi + brs) | 0;
      }
      if (accumulate) {
        C[cRow + j] += s0; C[cRow + j + 1] += s1; C[cRow + j + 2] += s2; C[cRow + j + 3] += s3;
      } else {
        C[cRow + j] = s0; C[cRow + j + 1] = s1; C[cRow + j + 2] = s2; C[cRow + j + 3] = s3;
      }
    }
  }
  for (; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const cRow = cOff + i * ldc;
      let s = 0;
      let ai = aOff + i * ars, bi = bOff + j * bcs;
      for (let p = 0; p < k; p++) {
        s += A[ai]! * B[bi]!;
        ai = (ai + acs) | 0;
        bi = (bi + brs) | 0;
      }
      if (accumulate) C[cRow + j] += s;
      else C[cRow + j] = s;
    }
  }
}

/**
 * One to three rows of C with op(B) = B stored row-major (a Dense forward
 * pass on one sample, `x·W`): instead of dot products down the columns of B
 * (each a stride of a whole row, one cache line per multiply-add), walk B
 * row by row, several rows per pass (ten for one row of C, eight for two,
 * four for three), adding a[p]·B[p, :] into float64 row accumulators: every
 * byte of B is read once, front to back, and the accumulators (n doubles
 * per row) stay in cache. The rows of B left over go one at a time.
 */
function streamRows(
  m: number, n: number, k: number,
  A: Float32Array, aOff: number, ars: number, acs: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  if (rowAcc.length < m * n) rowAcc = new Float64Array(Math.max(m * n, 2 * rowAcc.length));
  const acc = rowAcc;
  acc.fill(0, 0, m * n);
  // Each row count has its own kernel (one hot loop per function, so V8
  // optimizes each for its own shape); they return the rows of B consumed.
  let p = m === 1 ? streamOneRow(k, n, A, aOff, acs, B, bOff, ldb, acc)
    : m === 2 ? streamTwoRows(k, n, A, aOff, ars, acs, B, bOff, ldb, acc)
      : streamThreeRows(k, n, A, aOff, ars, acs, B, bOff, ldb, acc);
  for (; p < k; p++) {
    const b0 = bOff + p * ldb;
    for (let i = 0; i < m; i++) {
      const a = A[aOff + i * ars + p * acs]!;
      const o = i * n;
      for (let j = 0; j < n; j++) acc[(o + j) | 0] += a * B[(b0 + j) | 0]!;
    }
  }
  for (let i = 0; i < m; i++) {
    const cRow = cOff + i * ldc, o = i * n;
    if (accumulate) for (let j = 0; j < n; j++) C[cRow + j] += acc[o + j]!;
    else for (let j = 0; j < n; j++) C[cRow + j] = acc[o + j]!;
  }
}

/**
 * The one-row case of {@link streamRows} (one sample through a Dense
 * kernel): ten rows of B per pass, summed as a pairwise tree, added into
 * the float64 accumulators `acc[0..n)`. Returns how many rows of B it
 * consumed (a multiple of ten); streamRows finishes the rest.
 *
 * Timed on 1×5000·5000×5000 against a plain loop summing the same 100 MB
 * (the fastest a JS loop reads a Float32Array: ≈ 1.7 cycles per element,
 * compute-bound, since each element costs a load, a bounds check and a
 * float32 → float64 conversion): ten rows per pass ran at 1.10–1.30× that
 * floor, eight rows (the previous kernel, a sequential sum) at 1.25–1.45×,
 * twelve and sixteen rows at 1.11–1.39×. Float32 accumulators, two or four
 * columns per iteration and column blocks of 512–2048 (accumulators in
 * L1) were all slower (bench/matmul.bench.mjs, "rows" group).
 *
 * Each pass is its own function (as in the two- and three-row kernels), so
 * that the first call in a process is fast too. With the loop over j
 * inside the loop over p, V8 optimized the pair on-stack while the first
 * j-loop ran, before the code after it had ever executed, and discarded
 * that code at the end of the first j-loop for lack of type feedback: the
 * product above took 34–50 ms on the first call of a fresh process against
 * 19–33 ms on the next calls. A pass function runs its whole body on every
 * call and is optimized after a few calls, with no deoptimization: 30–32 ms
 * on the first call, 19–25 ms after (alternating fresh processes).
 */
function streamOneRow(
  k: number, n: number, A: Float32Array, aOff: number, acs: number,
  B: Float32Array, bOff: number, ldb: number, acc: Float64Array,
): number {
  const k10 = k - (k % 10);
  const x = rowMul;
  let p = 0;
  for (; p < k10; p += 10) {
    const ap = aOff + p * acs;
    for (let q = 0; q < 10; q++) x[q] = A[ap + q * acs]!;
    passTenRows(acc, n, B, bOff + p * ldb, ldb, x);
  }
  return p;
}

/** One pass of {@link streamOneRow}: `acc[0..n) += Σ_q x[q]·B[b0 + q·ldb, :]`, q < 10. */
function passTenRows(acc: Float64Array, n: number, B: Float32Array, b0: number, ldb: number, x: Float64Array): void {
  const b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb, b4 = b3 + ldb;
  const b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb, b8 = b7 + ldb, b9 = b8 + ldb;
  const x0 = x[0]!, x1 = x[1]!, x2 = x[2]!, x3 = x[3]!, x4 = x[4]!;
  const x5 = x[5]!, x6 = x[6]!, x7 = x[7]!, x8 = x[8]!, x9 = x[9]!;
  for (let j = 0; j < n; j++) {
    acc[j] += ((x0 * B[(b0 + j) | 0]! + x1 * B[(b1 + j) | 0]!) + (x2 * B[(b2 + j) | 0]! + x3 * B[(b3 + j) | 0]!)) +
      ((x4 * B[(b4 + j) | 0]! + x5 * B[(b5 + j) | 0]!) + (x6 * B[(b6 + j) | 0]! + x7 * B[(b7 + j) | 0]!)) +
      (x8 * B[(b8 + j) | 0]! + x9 * B[(b9 + j) | 0]!);
  }
}

/**
 * The two-row case of {@link streamRows}: eight rows of B per pass, each
 * element loaded once for both rows, summed as pairwise trees into
 * `acc[0..n)` and `acc[n..2n)`. Returns the rows of B consumed.
 */
function streamTwoRows(
  k: number, n: number, A: Float32Array, aOff: number, ars: number, acs: number,
  B: Float32Array, bOff: number, ldb: number, acc: Float64Array,
): number {
  const k8 = k - (k % 8);
  const x = rowMul;
  let p = 0;
  for (; p < k8; p += 8) {
    const ap = aOff + p * acs, aq = ap + ars;
    for (let q = 0; q < 8; q++) {
      x[q] = A[ap + q * acs]!;
      x[8 + q] = A[aq + q * acs]!;
    }
    passEightRowsTwice(acc, n, B, bOff + p * ldb, ldb, x);
  }
  return p;
}

/** One pass of {@link streamTwoRows}: rows x[0..8) and x[8..16) of A against eight rows of B. */
function passEightRowsTwice(acc: Float64Array, n: number, B: Float32Array, b0: number, ldb: number, x: Float64Array): void {
  const b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
  const b4 = b3 + ldb, b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb;
  const x0 = x[0]!, x1 = x[1]!, x2 = x[2]!, x3 = x[3]!, x4 = x[4]!, x5 = x[5]!, x6 = x[6]!, x7 = x[7]!;
  const y0 = x[8]!, y1 = x[9]!, y2 = x[10]!, y3 = x[11]!, y4 = x[12]!, y5 = x[13]!, y6 = x[14]!, y7 = x[15]!;
  for (let j = 0; j < n; j++) {
    const v0 = B[(b0 + j) | 0]!, v1 = B[(b1 + j) | 0]!, v2 = B[(b2 + j) | 0]!, v3 = B[(b3 + j) | 0]!;
    const v4 = B[(b4 + j) | 0]!, v5 = B[(b5 + j) | 0]!, v6 = B[(b6 + j) | 0]!, v7 = B[(b7 + j) | 0]!;
    acc[j] += ((x0 * v0 + x1 * v1) + (x2 * v2 + x3 * v3)) + ((x4 * v4 + x5 * v5) + (x6 * v6 + x7 * v7));
    acc[(n + j) | 0] += ((y0 * v0 + y1 * v1) + (y2 * v2 + y3 * v3)) + ((y4 * v4 + y5 * v5) + (y6 * v6 + y7 * v7));
  }
}

/**
 * The three-row case of {@link streamRows}: four rows of B per pass (twelve
 * multipliers live in registers), each element loaded once for all three
 * rows. Returns the rows of B consumed.
 */
function streamThreeRows(
  k: number, n: number, A: Float32Array, aOff: number, ars: number, acs: number,
  B: Float32Array, bOff: number, ldb: number, acc: Float64Array,
): number {
  const k4 = k - (k % 4);
  const x = rowMul;
  let p = 0;
  for (; p < k4; p += 4) {
    const ap = aOff + p * acs;
    for (let i = 0; i < 3; i++) for (let q = 0; q < 4; q++) x[4 * i + q] = A[ap + i * ars + q * acs]!;
    passFourRowsThrice(acc, n, B, bOff + p * ldb, ldb, x);
  }
  return p;
}

/** One pass of {@link streamThreeRows}: rows x[0..4), x[4..8), x[8..12) of A against four rows of B. */
function passFourRowsThrice(acc: Float64Array, n: number, B: Float32Array, b0: number, ldb: number, x: Float64Array): void {
  const b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
  const n2 = 2 * n;
  const x0 = x[0]!, x1 = x[1]!, x2 = x[2]!, x3 = x[3]!;
  const y0 = x[4]!, y1 = x[5]!, y2 = x[6]!, y3 = x[7]!;
  const z0 = x[8]!, z1 = x[9]!, z2 = x[10]!, z3 = x[11]!;
  for (let j = 0; j < n; j++) {
    const v0 = B[(b0 + j) | 0]!, v1 = B[(b1 + j) | 0]!, v2 = B[(b2 + j) | 0]!, v3 = B[(b3 + j) | 0]!;
    acc[j] += (x0 * v0 + x1 * v1) + (x2 * v2 + x3 * v3);
    acc[(n + j) | 0] += (y0 * v0 + y1 * v1) + (y2 * v2 + y3 * v3);
    acc[(n2 + j) | 0] += (z0 * v0 + z1 * v1) + (z2 * v2 + z3 * v3);
  }
}

/**
 * Fewer than four columns (a matrix-vector product, such as Dense(1)): four
 * rows at a time share each load of op(B).
 */
function thinGemm(
  m: number, n: number, k: number,
  A: Float32Array, aOff: number, ars: number, acs: number,
  B: Float32Array, bOff: number, brs: number, bcs: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const ars2 = 2 * ars, ars3 = 3 * ars;
  for (let j = 0; j < n; j++) {
    const bCol = bOff + j * bcs;
    let i = 0;
    for (; i < m4; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let ai = aOff + i * ars, bi = bCol;
      for (let p = 0; p < k; p++) {
        const b = B[bi]!;
        s0 += A[ai]! * b;
        s1 += A[(ai + ars) | 0]! * b;
        s2 += A[(ai + ars2) | 0]! * b;
        s3 += A[(ai + ars3) | 0]! * b;
        ai = (ai + acs) | 0;
        bi = (bi + brs) | 0;
      }
      const ci = cOff + i * ldc + j;
      if (accumulate) {
        C[ci] += s0; C[ci + ldc] += s1; C[ci + 2 * ldc] += s2; C[ci + 3 * ldc] += s3;
      } else {
        C[ci] = s0; C[ci + ldc] = s1; C[ci + 2 * ldc] = s2; C[ci + 3 * ldc] = s3;
      }
    }
    for (; i < m; i++) {
      let s = 0;
      let ai = aOff + i * ars, bi = bCol;
      for (let p = 0; p < k; p++) {
        s += A[ai]! * B[bi]!;
        ai = (ai + acs) | 0;
        bi = (bi + brs) | 0;
      }
      if (accumulate) C[cOff + i * ldc + j] += s;
      else C[cOff + i * ldc + j] = s;
    }
  }
}

/** k = 1: C (=|+=) the outer product of a column of op(A) and a row of op(B). */
function outerProduct(
  transA: boolean, transB: boolean, m: number, n: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  const ars = transA ? 1 : lda;
  const bcs = transB ? ldb : 1;
  if (n === 1) {
    // A column times a scalar: Dense(1) on one feature, forward and backward.
    const b = B[bOff]!;
    let ai = aOff, ci = cOff;
    if (accumulate) for (let i = 0; i < m; i++) { C[ci] += A[ai]! * b; ai += ars; ci += ldc; }
    else for (let i = 0; i < m; i++) { C[ci] = A[ai]! * b; ai += ars; ci += ldc; }
    return;
  }
  for (let i = 0; i < m; i++) {
    const a = A[aOff + i * ars]!;
    const cRow = cOff + i * ldc;
    let bi = bOff;
    if (accumulate) {
      for (let j = 0; j < n; j++) { C[cRow + j] += a * B[bi]!; bi += bcs; }
    } else {
      for (let j = 0; j < n; j++) { C[cRow + j] = a * B[bi]!; bi += bcs; }
    }
  }
}

function blockedGemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  C: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  const kcMax = k < KC ? k : KC;
  const ncMax = n < NC ? n : NC;
  const mcMax = m < MC ? m : MC;
  const needB = kcMax * roundUp(ncMax, NR);
  const needA = kcMax * roundUp(mcMax, MR);
  if (packedB.length < needB) packedB = doubleArray(needB);
  if (packedA.length < needA) packedA = doubleArray(needA);
  const Bp = packedB, Ap = packedA;
  // The kernels always add into C (one store path each, so V8 never
  // optimizes one before all of its code has run; see edgeKernel), so C
  // starts at zero unless accumulating.
  if (!accumulate) for (let i = 0; i < m; i++) C.fill(0, cOff + i * ldc, cOff + i * ldc + n);

  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      packB(transB, B, bOff, ldb, pc, kc, jc, nc, Bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = m - ic < MC ? m - ic : MC;
        packA(transA, A, aOff, lda, ic, mc, pc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = nc - jr < NR ? nc - jr : NR;
          const bi = jr * kc; // micro-panel jr/NR starts at (jr/NR)·kc·NR
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = mc - ir < MR ? mc - ir : MR;
            const ci = cOff + (ic + ir) * ldc + jc + jr;
            if (mr === MR && nr === NR) microKernel(kc, Ap, ir * kc, Bp, bi, C, ci, ldc);
            else edgeKernel(kc, Ap, ir * kc, Bp, bi, C, ci, ldc, mr, nr);
          }
        }
      }
    }
  }
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/**
 * Packs op(A)[i0 : i0+mc, p0 : p0+kc] into row micro-panels: panel r holds
 * rows i0+r·MR … +MR-1, laid out p-major (MR values per p), zero-padded.
 * Indices are written `(x + c) | 0` so V8 emits a plain 32-bit add instead of
 * an add with an overflow check (the bounds check still guards every access).
 */
function packA(
  transA: boolean, A: Float32Array, aOff: number, lda: number,
  i0: number, mc: number, p0: number, kc: number, Ap: number[],
): void {
  const mcFull = mc - (mc % MR);
  if (mcFull < mc) Ap.fill(0, mcFull * kc, (mcFull + MR) * kc);
  if (transA) {
    // op(A)[i,p] = A[p*lda + i]: walk each stored row once, front to back
    // (streaming reads the prefetcher follows), scattering MR-wide pieces
    // to their panels.
    for (let p = 0; p < kc; p++) {
      let src = aOff + (p0 + p) * lda + i0;
      let dst = p * MR;
      for (let ir = 0; ir < mcFull; ir += MR) {
        Ap[dst] = A[src]!;
        Ap[(dst + 1) | 0] = A[(src + 1) | 0]!;
        src = (src + MR) | 0;
        dst = (dst + MR * kc) | 0;
      }
      for (let r = 0; r < mc - mcFull; r++) Ap[dst + r] = A[src + r]!;
    }
  } else {
    // op(A)[i,p] = A[i*lda + p]: each row is contiguous over p.
    for (let i = 0; i < mc; i++) {
      const ir = i - (i % MR);
      let src = aOff + (i0 + i) * lda + p0;
      let dst = ir * kc + (i - ir);
      for (let p = 0; p < kc; p++) {
        Ap[dst] = A[src]!;
        src = (src + 1) | 0;
        dst = (dst + MR) | 0;
      }
    }
  }
}

/**
 * Packs op(B)[p0 : p0+kc, j0 : j0+nc] into column micro-panels NR wide, each
 * laid out p-major (NR values per p), zero-padded.
 */
function packB(
  transB: boolean, B: Float32Array, bOff: number, ldb: number,
  p0: number, kc: number, j0: number, nc: number, Bp: number[],
): void {
  const ncFull = nc - (nc % NR);
  if (ncFull < nc) Bp.fill(0, ncFull * kc, (ncFull + NR) * kc);
  if (transB) {
    // op(B)[p,j] = B[j*ldb + p]: each column is contiguous over p.
    for (let j = 0; j < nc; j++) {
      const jr = j - (j % NR);
      let src = bOff + (j0 + j) * ldb + p0;
      let dst = jr * kc + (j - jr);
      for (let p = 0; p < kc; p++) {
        Bp[dst] = B[src]!;
        src = (src + 1) | 0;
        dst = (dst + NR) | 0;
      }
    }
  } else {
    // op(B)[p,j] = B[p*ldb + j]: walk each stored row once, front to back,
    // scattering NR-wide pieces to their panels. (Reading a panel at a time
    // instead touches one short piece per row, which defeats the prefetcher
    // and made Dense forward products 1.5× slower.)
    for (let p = 0; p < kc; p++) {
      let src = bOff + (p0 + p) * ldb + j0;
      let dst = p * NR;
      for (let jr = 0; jr < ncFull; jr += NR) {
        Bp[dst] = B[src]!;
        Bp[(dst + 1) | 0] = B[(src + 1) | 0]!;
        Bp[(dst + 2) | 0] = B[(src + 2) | 0]!;
        Bp[(dst + 3) | 0] = B[(src + 3) | 0]!;
        Bp[(dst + 4) | 0] = B[(src + 4) | 0]!;
        src = (src + NR) | 0;
        dst = (dst + NR * kc) | 0;
      }
      for (let c = 0; c < nc - ncFull; c++) Bp[dst + c] = B[src + c]!;
    }
  }
}

/**
 * C[ci …] += the full MR×NR tile Ap-panel · Bp-panel over kc steps, with the
 * 10 accumulators in locals. This loop is where the time goes: 7 loads feed
 * 10 multiply-adds.
 */
function microKernel(kc: number, Ap: number[], ai: number, Bp: number[], bi: number, C: Float32Array, ci: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[ai]!, a1 = Ap[(ai + 1) | 0]!;
    const b0 = Bp[bi]!, b1 = Bp[(bi + 1) | 0]!, b2 = Bp[(bi + 2) | 0]!;
    const b3 = Bp[(bi + 3) | 0]!, b4 = Bp[(bi + 4) | 0]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3; c04 += a0 * b4;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3; c14 += a1 * b4;
    ai = (ai + MR) | 0;
    bi = (bi + NR) | 0;
  }
  const r1 = ci + ldc;
  C[ci] += c00; C[ci + 1] += c01; C[ci + 2] += c02; C[ci + 3] += c03; C[ci + 4] += c04;
  C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13; C[r1 + 4] += c14;
}

/**
 * The micro-kernel for a tile only partly inside C (the last rows or
 * columns): the same product over the zero-padded panels, then only the
 * top-left mr×nr is added into C. A separate function, and each kernel has a
 * single store path, so V8 optimizes each with every path already run: when
 * this path (and a first-block "overwrite" path) lived inside the one
 * micro-kernel, V8 optimized it within the first product of a process before
 * these paths had run, and its code then deoptimized there, for lack of type
 * feedback, on every call until it was re-optimized: about 100
 * deoptimizations, 20–40 ms, in the first 32×784·784×32 product.
 */
function edgeKernel(
  kc: number, Ap: number[], ai: number, Bp: number[], bi: number,
  C: Float32Array, ci: number, ldc: number, mr: number, nr: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[ai]!, a1 = Ap[(ai + 1) | 0]!;
    const b0 = Bp[bi]!, b1 = Bp[(bi + 1) | 0]!, b2 = Bp[(bi + 2) | 0]!;
    const b3 = Bp[(bi + 3) | 0]!, b4 = Bp[(bi + 4) | 0]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3; c04 += a0 * b4;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3; c14 += a1 * b4;
    ai = (ai + MR) | 0;
    bi = (bi + NR) | 0;
  }
  const T = edgeTile;
  T[0] = c00; T[1] = c01; T[2] = c02; T[3] = c03; T[4] = c04;
  T[5] = c10; T[6] = c11; T[7] = c12; T[8] = c13; T[9] = c14;
  for (let r = 0; r < mr; r++) {
    const row = ci + r * ldc;
    for (let c = 0; c < nr; c++) C[row + c] += T[r * NR + c]!;
  }
}
