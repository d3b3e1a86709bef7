import { ShapeError, formatShape } from './errors.js';
import { Tensor } from './tensor.js';

/** Options for {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ (read through strides, never copied). Default false. */
  transposeA?: boolean;
  /** Use Bᵀ (read through strides, never copied). Default false. */
  transposeB?: boolean;
  /** Write the result here (must have the result's shape). */
  out?: Tensor;
}

/**
 * The matrix product of two 2-D tensors, op(A)·op(B).
 * PLACEHOLDER: a plain loop until the blocked kernel lands (issue 2).
 * @throws ShapeError when ranks or inner dimensions disagree.
 */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const ta = opts.transposeA === true;
  const tb = opts.transposeB === true;
  if (a.rank !== 2) throw new ShapeError('SHAPE_RANK', 'matmul', 'a', `a must be 2-D, got ${formatShape(a.shape)}`);
  if (b.rank !== 2) throw new ShapeError('SHAPE_RANK', 'matmul', 'b', `b must be 2-D, got ${formatShape(b.shape)}`);
  const m = ta ? a.shape[1]! : a.shape[0]!;
  const k = ta ? a.shape[0]! : a.shape[1]!;
  const kb = tb ? b.shape[1]! : b.shape[0]!;
  const n = tb ? b.shape[0]! : b.shape[1]!;
  if (k !== kb) {
    throw new ShapeError('SHAPE_MISMATCH', 'matmul', 'b',
      `inner dimensions differ: a ${formatShape(a.shape)}${ta ? 'ᵀ' : ''} and b ${formatShape(b.shape)}${tb ? 'ᵀ' : ''}`);
  }
  const out = opts.out ?? new Tensor(new Float32Array(m * n), [m, n]);
  if (out.rank !== 2 || out.shape[0] !== m || out.shape[1] !== n) {
    throw new ShapeError('SHAPE_MISMATCH', 'matmul', 'out', `out must be (${m}, ${n}), got ${formatShape(out.shape)}`);
  }
  const A = a.data, B = b.data, C = out.data;
  const lda = a.shape[1]!, ldb = b.shape[1]!;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += (ta ? A[p * lda + i]! : A[i * lda + p]!) * (tb ? B[j * ldb + p]! : B[p * ldb + j]!);
      }
      C[i * n + j] = s;
    }
  }
  return out;
}
