import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, concat, gemm, matmul, sumColumns, addRowVector, mulRowVector, mul } from '../../src/index.js';
import { EDGE_DIMS, expectWithin, numericGradient, randomTensor, refMatmul, weightedSum } from './ref.js';

/** Stored shape of an operand: (rows, cols) as given, or swapped when transposed. */
function stored(rows: number, cols: number, t: boolean): number[] {
  return t ? [cols, rows] : [rows, cols];
}

function checkProduct(m: number, n: number, k: number, ta: boolean, tb: boolean, seed: number): void {
  const a = randomTensor(stored(m, k, ta), seed);
  const b = randomTensor(stored(k, n, tb), seed + 1);
  const got = matmul(a, b, { transposeA: ta, transposeB: tb });
  const ref = refMatmul(a, b, ta, tb);
  expect(got.shape).toEqual([m, n]);
  expectWithin(got.data, ref.c, ref.tol, `(${m}×${k})·(${k}×${n}) ta=${ta} tb=${tb}`);
}

const flagsArb = fc.tuple(fc.boolean(), fc.boolean());

describe('matmul against a float64 reference', () => {
  it('matches on random edge-case shapes with every transpose combination', () => {
    const dim = fc.constantFrom(...EDGE_DIMS);
    fc.assert(fc.property(dim, dim, dim, flagsArb, fc.nat(), (m, n, k, [ta, tb], seed) => {
      checkProduct(m, n, k, ta, tb, seed);
    }), { numRuns: 300 });
  });

  it('matches on shapes that cross every block edge (k > 256, m > 64, n > 1024, ragged tiles)', () => {
    const cases: [number, number, number][] = [
      [67, 131, 300], [129, 9, 257], [4, 8, 513], [65, 1031, 6], [5, 1025, 3], [33, 17, 1],
      [1, 200, 50], [200, 1, 50], [160, 1, 1], [32, 256, 256], [3, 5, 700],
    ];
    for (const [m, n, k] of cases) {
      for (const ta of [false, true]) for (const tb of [false, true]) checkProduct(m, n, k, ta, tb, m * 7 + n);
    }
  });

  it('matches for 1 to 15 rows (a Dense pass on a few samples: unpacked paths), every k remainder, in sub-matrices, accumulating', () => {
    // Rows of B are streamed ten (m = 1), eight (m = 2) or four (m = 3) at a
    // time, the rest one by one: k covers every remainder of each.
    for (const m of [1, 2, 3, 4, 5, 7, 15]) {
      for (const k of [4, 5, 7, 8, 9, 10, 11, 12, 15, 16, 17, 20, 21, 22, 29, 30, 43]) {
        for (const n of [16, 40, 1100]) {
          for (const ta of [false, true]) for (const tb of [false, true]) checkProduct(m, n, k, ta, tb, 31 * m + k + n);
        }
      }
    }
    // Inside larger buffers (offsets, leading dimensions), adding into C.
    for (const m of [1, 2, 3, 4, 5, 7]) {
      for (const ta of [false, true]) {
        const k = 19, n = 37;
        const lda = ta ? m + 3 : k + 2, ldb = n + 5, ldc = n + 1;
        const A = randomTensor([60, 60], m).data, B = randomTensor([30, 50], m + 1).data;
        const C0 = randomTensor([m + 1, ldc], m + 2).data;
        const C = C0.slice();
        gemm(ta, false, m, n, k, A, 3, lda, B, 2, ldb, C, 1, ldc, true);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += A[3 + (ta ? p * lda + i : i * lda + p)]! * B[2 + p * ldb + j]!;
            expect(C[1 + i * ldc + j]).toBeCloseTo(C0[1 + i * ldc + j]! + s, 4);
          }
        }
        // Outside the m×n block nothing changes.
        for (let x = 0; x < C.length; x++) {
          const r = Math.floor((x - 1) / ldc), c = (x - 1) - r * ldc;
          if (x === 0 || r >= m || c >= n) expect(C[x]).toBe(C0[x]);
        }
      }
    }
  });

  it('propagates NaN and infinity from any operand, as IEEE arithmetic does (no zero skipping)', () => {
    for (const m of [1, 2, 3]) {
      for (const tb of [false, true]) {
        const k = 20, n = 24;
        const a = new Tensor(new Float32Array(m * k), [m, k]); // all zeros
        const b = randomTensor(tb ? [n, k] : [k, n], 5);
        b.data[tb ? 3 * k + 7 : 7 * n + 3] = Infinity; // op(B)[7, 3]
        const c = matmul(a, b, { transposeB: tb });
        for (let i = 0; i < m; i++) {
          expect(Number.isNaN(c.data[i * n + 3]!)).toBe(true); // 0·∞
          expect(c.data[i * n + 4]).toBe(0);
        }
      }
    }
  });

  it('is exact on small integers, including the transposes (hand-checked values)', () => {
    const a = new Tensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    expect(matmul(a, a, { transposeB: true }).toArray()).toEqual([[14, 32], [32, 77]]);
    expect(matmul(a, a, { transposeA: true }).toArray()).toEqual([[17, 22, 27], [22, 29, 36], [27, 36, 45]]);
    const b = new Tensor(Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]);
    expect(matmul(a, b).toArray()).toEqual([[4, 5], [10, 11]]);
    expect(matmul(b, a, { transposeA: true, transposeB: true }).toArray()).toEqual([[4, 10], [5, 11]]);
  });

  it('writes into out, overwriting what was there, or adds into it with accumulate', () => {
    fc.assert(fc.property(fc.constantFrom(...EDGE_DIMS), fc.constantFrom(1, 9, 70), fc.constantFrom(...EDGE_DIMS), flagsArb, fc.nat(),
      (m, n, k, [ta, tb], seed) => {
        const a = randomTensor(stored(m, k, ta), seed);
        const b = randomTensor(stored(k, n, tb), seed + 1);
        const prior = randomTensor([m, n], seed + 2);
        const ref = refMatmul(a, b, ta, tb);
        const out = prior.clone();
        expect(matmul(a, b, { transposeA: ta, transposeB: tb, out })).toBe(out);
        expectWithin(out.data, ref.c, ref.tol, 'out');
        const acc = prior.clone();
        matmul(a, b, { transposeA: ta, transposeB: tb, out: acc, accumulate: true });
        const want = ref.c.map((v, i) => v + prior.data[i]!);
        const tol = ref.tol.map((t, i) => t + 2 ** -23 * (Math.abs(want[i]!) + Math.abs(prior.data[i]!)));
        expectWithin(acc.data, want, tol, 'accumulate');
      }), { numRuns: 150 });
  });

  it('gemm honours offsets and leading dimensions (a sub-matrix of a larger buffer)', () => {
    // op(A) = 3×4 block at row 1, col 2 of a 6×8 matrix; B = 4×5 block of a 4×7; C inside a 5×9.
    const bigA = randomTensor([6, 8], 11), bigB = randomTensor([4, 7], 12);
    const C = new Float32Array(5 * 9).fill(7);
    gemm(false, false, 3, 5, 4, bigA.data, 1 * 8 + 2, 8, bigB.data, 1, 7, C, 9 + 3, 9);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let p = 0; p < 4; p++) s += bigA.data[(1 + i) * 8 + 2 + p]! * bigB.data[p * 7 + 1 + j]!;
        expect(C[(1 + i) * 9 + 3 + j]).toBeCloseTo(s, 5);
      }
    }
    // Everything outside the block is untouched.
    let touched = 0;
    for (let r = 0; r < 5; r++) for (let c = 0; c < 9; c++) if (!(r >= 1 && r < 4 && c >= 3 && c < 8) && C[r * 9 + c] !== 7) touched++;
    expect(touched).toBe(0);
  });

  it('k = 0 gives zeros, or leaves out unchanged with accumulate', () => {
    const a = new Tensor(new Float32Array(0), [3, 0]);
    const b = new Tensor(new Float32Array(0), [0, 2]);
    expect(matmul(a, b).toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    const out = new Tensor(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]);
    matmul(a, b, { out, accumulate: true });
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4, 5, 6]);
    matmul(a, b, { out });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('matmul as used for gradients, checked by finite differences', () => {
  // L = Σ W ⊙ op(A)·op(B). The gradients are the products Dense backward uses:
  // dop(A) = W·op(B)ᵀ and dop(B) = op(A)ᵀ·W, transposed back when the operand was.
  it.each([[false, false], [true, false], [false, true], [true, true]])('ta=%s tb=%s', (ta, tb) => {
    const m = 5, n = 3, k = 4;
    const a = randomTensor(stored(m, k, ta), 21), b = randomTensor(stored(k, n, tb), 22), w = randomTensor([m, n], 23);
    const loss = (): number => weightedSum(w, matmul(a, b, { transposeA: ta, transposeB: tb }));
    const dA = ta
      ? matmul(b, w, { transposeA: tb, transposeB: true }) // (k×m) = op(B)·Wᵀ
      : matmul(w, b, { transposeB: !tb }); // (m×k) = W·op(B)ᵀ
    const dB = tb
      ? matmul(w, a, { transposeA: true, transposeB: ta }) // (n×k) = Wᵀ·op(A)
      : matmul(a, w, { transposeA: !ta }); // (k×n) = op(A)ᵀ·W
    expectWithin(dA.data, numericGradient(a, loss), 2e-3, 'dA');
    expectWithin(dB.data, numericGradient(b, loss), 2e-3, 'dB');
  });

  it('Dense forward/backward: dW = xᵀ·dy, db = sumColumns(dy), dx = dy·Wᵀ', () => {
    const x = randomTensor([6, 4], 31), W = randomTensor([4, 3], 32), bias = randomTensor([3], 33), g = randomTensor([6, 3], 34);
    const loss = (): number => weightedSum(g, addRowVector(matmul(x, W), bias));
    expectWithin(matmul(x, g, { transposeA: true }).data, numericGradient(W, loss), 2e-3, 'dW');
    expectWithin(sumColumns(g).data, numericGradient(bias, loss), 2e-3, 'db');
    expectWithin(matmul(g, W, { transposeB: true }).data, numericGradient(x, loss), 2e-3, 'dx');
  });

  it('mulRowVector backward: dv = sumColumns(a ⊙ dy)', () => {
    const a = randomTensor([7, 5], 41), v = randomTensor([5], 42), g = randomTensor([7, 5], 43);
    const loss = (): number => weightedSum(g, mulRowVector(a, v));
    expectWithin(sumColumns(mul(a, g)).data, numericGradient(v, loss), 2e-3, 'dv');
  });

  it('accumulating per-batch weight gradients equals the gradient of the whole batch', () => {
    const x1 = randomTensor([32, 40], 51), x2 = randomTensor([17, 40], 52);
    const d1 = randomTensor([32, 9], 53), d2 = randomTensor([17, 9], 54);
    const dW = new Tensor(new Float32Array(40 * 9), [40, 9]);
    matmul(x1, d1, { transposeA: true, out: dW });
    matmul(x2, d2, { transposeA: true, out: dW, accumulate: true });
    const ref = refMatmul(concat([x1, x2]), concat([d1, d2]), true, false);
    expectWithin(dW.data, ref.c, ref.tol.map((t) => 2 * t), 'dW');
  });
});

describe('matmul refuses bad arguments with a ShapeError naming op and argument', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['a not 2-D', () => matmul(randomTensor([2, 3, 4], 1), randomTensor([4, 2], 1)), 'SHAPE_RANK', 'a'],
    ['b not 2-D', () => matmul(randomTensor([2, 3], 1), randomTensor([3], 1)), 'SHAPE_RANK', 'b'],
    ['inner mismatch', () => matmul(randomTensor([2, 3], 1), randomTensor([4, 2], 1)), 'SHAPE_MISMATCH', 'b'],
    ['inner mismatch transposed', () => matmul(randomTensor([2, 3], 1), randomTensor([3, 2], 1), { transposeA: true }), 'SHAPE_MISMATCH', 'b'],
    ['out wrong shape', () => matmul(randomTensor([2, 3], 1), randomTensor([3, 4], 1), { out: randomTensor([4, 2], 1) }), 'SHAPE_MISMATCH', 'out'],
    ['accumulate without out', () => matmul(randomTensor([2, 3], 1), randomTensor([3, 4], 1), { accumulate: true }), 'SHAPE_INVALID', 'accumulate'],
    ['not a tensor', () => matmul([[1]] as unknown as Tensor, randomTensor([1, 1], 1)), 'SHAPE_TYPE', 'a'],
    ['gemm buffer too short', () => gemm(false, false, 2, 2, 2, new Float32Array(3), 0, 2, new Float32Array(4), 0, 2, new Float32Array(4), 0, 2), 'SHAPE_MISMATCH', 'A'],
    ['gemm fractional dimension', () => gemm(false, false, 1.5, 2, 2, new Float32Array(4), 0, 2, new Float32Array(4), 0, 2, new Float32Array(4), 0, 2), 'SHAPE_INVALID', 'm, n, k'],
    ['gemm NaN offset', () => gemm(false, false, 2, 2, 2, new Float32Array(4), NaN, 2, new Float32Array(4), 0, 2, new Float32Array(4), 0, 2), 'SHAPE_INVALID', 'm, n, k'],
    ['gemm bad leading dim', () => gemm(false, true, 2, 2, 3, new Float32Array(6), 0, 3, new Float32Array(6), 0, 2, new Float32Array(4), 0, 2), 'SHAPE_MISMATCH', 'B'],
  ];
  it.each(cases)('%s', (_name, call, code, arg) => {
    try {
      call();
      expect.fail('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).code).toBe(code);
      expect((e as ShapeError).op).toBe(_name.startsWith('gemm') ? 'gemm' : 'matmul');
      expect((e as ShapeError).arg).toBe(arg);
    }
  });

  it('refuses an out that shares storage with an input', () => {
    const a = randomTensor([3, 3], 1);
    try {
      matmul(a, a, { out: a });
      expect.fail('did not throw');
    } catch (e) {
      expect((e as ShapeError).code).toBe('SHAPE_ALIAS');
      expect((e as ShapeError).arg).toBe('out');
    }
  });

  it('names both shapes in the message', () => {
    expect(() => matmul(randomTensor([2, 3], 1), randomTensor([4, 2], 1))).toThrow(/\(2, 3\).*\(4, 2\)/);
  });
});
