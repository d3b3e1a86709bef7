/**
 * The raw matrix-product kernel: C (=|+=) op(A)·op(B) on Float32Arrays with
 * offsets and leading dimensions, as BLAS's SGEMM (without alpha and beta).
 *
 * Large products follow the GotoBLAS/BLIS scheme: op(B) is packed a block at
 * a time into column micro-panels NR wide, op(A) into row micro-panels MR
 * tall, both as Float64Array (so the float32 → float64 conversion happens once
 * per element, not once per use), and a register-tiled micro-kernel keeps an
 * MR×NR tile of C in local variables while it walks the shared dimension.
 * Transposes only change how the packing reads its source, so all four
 * combinations run at the same speed and no transpose is ever materialised.
 * Accumulation is in float64 within a KC block, then rounded to float32.
 *
 * Small products (one training step of a tiny Dense model) skip packing and
 * use a strided dot-product loop, so their cost is a few comparisons plus the
 * arithmetic.
 */
import { ShapeError } from './errors.js';

/** Micro-tile rows (C rows held in registers). */
const MR = 4;
/** Micro-tile columns. */
const NR = 8;
/** Shared-dimension block: an MR×KC panel of A plus a KC×NR panel of B stay in L1/L2. */
const KC = 256;
/** Rows of A packed per block (MC×KC doubles = 128 KiB, sized for L2). */
const MC = 64;
/** Columns of B packed per block (KC×NC doubles = 2 MiB). */
const NC = 1024;
/**
 * Products with at most this many multiply-adds use the unpacked loop.
 * Chosen with bench/matmul.bench.mjs (the "dense" rows), where packing stops
 * paying for itself.
 */
const SMALL_WORK = 4096;

// Packing buffers, allocated on first use and grown (never shrunk), so a
// training loop allocates nothing after its first step.
let packedA: Float64Array = new Float64Array(0);
let packedB: Float64Array = new Float64Array(0);
// Holds a full micro-tile when only part of it lies inside C.
const edgeTile = new Float64Array(MR * NR);

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
 * @throws ShapeError (op `gemm`) when a dimension is negative or an operand is
 *   too short for the dimensions, offsets and strides given.
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
  if (m * n * k <= SMALL_WORK || n < 4 || m < 2) {
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
  if (!(m >= 0 && n >= 0 && k >= 0 && aOff >= 0 && bOff >= 0 && cOff >= 0)) {
    throw new ShapeError('SHAPE_INVALID', 'gemm', 'm, n, k',
      `dimensions and offsets must be non-negative, got m=${m} n=${n} k=${k} aOff=${aOff} bOff=${bOff} cOff=${cOff}`);
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

/** The unpacked path: one float64 dot product per element of C, read through strides. */
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
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const cRow = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      let s = 0;
      let ai = aRow, bi = bOff + j * bcs;
      for (let p = 0; p < k; p++) {
        s += A[ai]! * B[bi]!;
        ai += acs;
        bi += brs;
      }
      if (accumulate) C[cRow + j] += s;
      else C[cRow + j] = s;
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
  if (packedB.length < needB) packedB = new Float64Array(needB);
  if (packedA.length < needA) packedA = new Float64Array(needA);
  const Bp = packedB, Ap = packedA;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      const add = accumulate || pc > 0;
      packB(transB, B, bOff, ldb, pc, kc, jc, nc, Bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = m - ic < MC ? m - ic : MC;
        packA(transA, A, aOff, lda, ic, mc, pc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = nc - jr < NR ? nc - jr : NR;
          const bi = jr * kc; // micro-panel jr/NR starts at (jr/NR)·kc·NR
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = mc - ir < MR ? mc - ir : MR;
            microKernel(kc, Ap, ir * kc, Bp, bi, C, cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr, add);
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
 */
function packA(
  transA: boolean, A: Float32Array, aOff: number, lda: number,
  i0: number, mc: number, p0: number, kc: number, Ap: Float64Array,
): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const base = ir * kc;
    const rows = mc - ir < MR ? mc - ir : MR;
    if (rows < MR) Ap.fill(0, base, base + kc * MR);
    if (transA) {
      // op(A)[i,p] = A[p*lda + i]: rows of a panel are contiguous in memory.
      for (let p = 0; p < kc; p++) {
        const src = aOff + (p0 + p) * lda + i0 + ir;
        const dst = base + p * MR;
        for (let r = 0; r < rows; r++) Ap[dst + r] = A[src + r]!;
      }
    } else {
      // op(A)[i,p] = A[i*lda + p]: each row is contiguous over p.
      for (let r = 0; r < rows; r++) {
        let src = aOff + (i0 + ir + r) * lda + p0;
        let dst = base + r;
        for (let p = 0; p < kc; p++) {
          Ap[dst] = A[src++]!;
          dst += MR;
        }
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
  p0: number, kc: number, j0: number, nc: number, Bp: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const base = jr * kc;
    const cols = nc - jr < NR ? nc - jr : NR;
    if (cols < NR) Bp.fill(0, base, base + kc * NR);
    if (transB) {
      // op(B)[p,j] = B[j*ldb + p]: each column is contiguous over p.
      for (let c = 0; c < cols; c++) {
        let src = bOff + (j0 + jr + c) * ldb + p0;
        let dst = base + c;
        for (let p = 0; p < kc; p++) {
          Bp[dst] = B[src++]!;
          dst += NR;
        }
      }
    } else {
      // op(B)[p,j] = B[p*ldb + j]: the NR columns of a row are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = bOff + (p0 + p) * ldb + j0 + jr;
        const dst = base + p * NR;
        for (let c = 0; c < cols; c++) Bp[dst + c] = B[src + c]!;
      }
    }
  }
}

/**
 * C[ci …] (=|+=) the MR×NR tile Ap-panel · Bp-panel over kc steps, with the
 * 32 accumulators in locals. Only the top-left mr×nr of the tile is stored.
 */
function microKernel(
  kc: number, Ap: Float64Array, ai: number, Bp: Float64Array, bi: number,
  C: Float32Array, ci: number, ldc: number, mr: number, nr: number, add: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[ai]!, a1 = Ap[ai + 1]!, a2 = Ap[ai + 2]!, a3 = Ap[ai + 3]!;
    const b0 = Bp[bi]!, b1 = Bp[bi + 1]!, b2 = Bp[bi + 2]!, b3 = Bp[bi + 3]!;
    const b4 = Bp[bi + 4]!, b5 = Bp[bi + 5]!, b6 = Bp[bi + 6]!, b7 = Bp[bi + 7]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
    ai += MR;
    bi += NR;
  }
  if (mr === MR && nr === NR) {
    const r0 = ci, r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
    if (add) {
      C[r0] += c00; C[r0 + 1] += c01; C[r0 + 2] += c02; C[r0 + 3] += c03;
      C[r0 + 4] += c04; C[r0 + 5] += c05; C[r0 + 6] += c06; C[r0 + 7] += c07;
      C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
      C[r1 + 4] += c14; C[r1 + 5] += c15; C[r1 + 6] += c16; C[r1 + 7] += c17;
      C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
      C[r2 + 4] += c24; C[r2 + 5] += c25; C[r2 + 6] += c26; C[r2 + 7] += c27;
      C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
      C[r3 + 4] += c34; C[r3 + 5] += c35; C[r3 + 6] += c36; C[r3 + 7] += c37;
    } else {
      C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
      C[r0 + 4] = c04; C[r0 + 5] = c05; C[r0 + 6] = c06; C[r0 + 7] = c07;
      C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
      C[r1 + 4] = c14; C[r1 + 5] = c15; C[r1 + 6] = c16; C[r1 + 7] = c17;
      C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
      C[r2 + 4] = c24; C[r2 + 5] = c25; C[r2 + 6] = c26; C[r2 + 7] = c27;
      C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
      C[r3 + 4] = c34; C[r3 + 5] = c35; C[r3 + 6] = c36; C[r3 + 7] = c37;
    }
    return;
  }
  const T = edgeTile;
  T[0] = c00; T[1] = c01; T[2] = c02; T[3] = c03; T[4] = c04; T[5] = c05; T[6] = c06; T[7] = c07;
  T[8] = c10; T[9] = c11; T[10] = c12; T[11] = c13; T[12] = c14; T[13] = c15; T[14] = c16; T[15] = c17;
  T[16] = c20; T[17] = c21; T[18] = c22; T[19] = c23; T[20] = c24; T[21] = c25; T[22] = c26; T[23] = c27;
  T[24] = c30; T[25] = c31; T[26] = c32; T[27] = c33; T[28] = c34; T[29] = c35; T[30] = c36; T[31] = c37;
  for (let r = 0; r < mr; r++) {
    const row = ci + r * ldc;
    for (let c = 0; c < nr; c++) {
      if (add) C[row + c] += T[r * NR + c]!;
      else C[row + c] = T[r * NR + c]!;
    }
  }
}
