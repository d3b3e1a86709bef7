import { ShapeError, formatShape } from './errors.js';
import { gemm } from './gemm.js';
import { Tensor } from './tensor.js';
import { checkTensor } from './validate.js';

/** Options for {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ (read through strides, never copied). Default false. */
  transposeA?: boolean;
  /** Use Bᵀ (read through strides, never copied). Default false. */
  transposeB?: boolean;
  /** Write the result here (must have the result's shape and not share storage with a or b). */
  out?: Tensor;
  /** Add the product into `out` instead of overwriting it (gradient accumulation). Requires `out`. Default false. */
  accumulate?: boolean;
}

/**
 * The matrix product of two 2-D tensors, op(A)·op(B), where op is the
 * identity or the transpose. Transposes are read through strides.
 *
 * @param a (m, k), or (k, m) with `transposeA`.
 * @param b (k, n), or (n, k) with `transposeB`.
 * @param opts `transposeA`, `transposeB` (default false), `out`, `accumulate` (default false).
 * @returns the (m, n) product (`out` when given).
 * @throws ShapeError SHAPE_RANK when a or b is not 2-D; SHAPE_MISMATCH when the
 *   inner dimensions differ or `out` has the wrong shape; SHAPE_ALIAS when
 *   `out` shares storage with a or b; SHAPE_INVALID for `accumulate` without `out`.
 * @example
 * // Dense backward: dW = xᵀ·dy, dx = dy·Wᵀ
 * matmul(x, dy, { transposeA: true, out: dW });
 * matmul(dy, W, { transposeB: true, out: dx });
 */
export function matmul(a: Tensor, b: Tensor, opts?: MatmulOptions): Tensor {
  checkTensor('matmul', 'a', a);
  checkTensor('matmul', 'b', b);
  const ta = opts !== undefined && opts.transposeA === true;
  const tb = opts !== undefined && opts.transposeB === true;
  const as = a.shape, bs = b.shape;
  if (as.length !== 2) throw new ShapeError('SHAPE_RANK', 'matmul', 'a', `a must be 2-D, got ${formatShape(as)} (b is ${formatShape(bs)})`);
  if (bs.length !== 2) throw new ShapeError('SHAPE_RANK', 'matmul', 'b', `b must be 2-D, got ${formatShape(bs)} (a is ${formatShape(as)})`);
  const m = ta ? as[1]! : as[0]!;
  const k = ta ? as[0]! : as[1]!;
  const kb = tb ? bs[1]! : bs[0]!;
  const n = tb ? bs[0]! : bs[1]!;
  if (k !== kb) {
    throw new ShapeError('SHAPE_MISMATCH', 'matmul', 'b',
      `inner dimensions differ: a ${formatShape(as)}${ta ? 'ᵀ' : ''} has ${k} columns but b ${formatShape(bs)}${tb ? 'ᵀ' : ''} has ${kb} rows`);
  }
  let out = opts === undefined ? undefined : opts.out;
  const accumulate = opts !== undefined && opts.accumulate === true;
  if (out === undefined) {
    if (accumulate) throw new ShapeError('SHAPE_INVALID', 'matmul', 'accumulate', 'accumulate needs an out tensor to add into');
    out = new Tensor(new Float32Array(m * n), [m, n]);
  } else {
    checkTensor('matmul', 'out', out);
    const os = out.shape;
    if (os.length !== 2 || os[0] !== m || os[1] !== n) {
      throw new ShapeError('SHAPE_MISMATCH', 'matmul', 'out', `out has shape ${formatShape(os)} but the product is (${m}, ${n})`);
    }
    if (out.data.buffer === a.data.buffer || out.data.buffer === b.data.buffer) {
      if (overlaps(out.data, a.data) || overlaps(out.data, b.data)) {
        throw new ShapeError('SHAPE_ALIAS', 'matmul', 'out', 'out shares storage with an input; matmul cannot work in place');
      }
    }
  }
  gemm(ta, tb, m, n, k, a.data, 0, as[1]!, b.data, 0, bs[1]!, out.data, 0, n, accumulate);
  return out;
}

function overlaps(x: Float32Array, y: Float32Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  const x0 = x.byteOffset, x1 = x0 + x.byteLength;
  const y0 = y.byteOffset, y1 = y0 + y.byteLength;
  return x0 < y1 && y0 < x1;
}
