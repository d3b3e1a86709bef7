/**
 * The row-vector broadcasts Dense needs: adding a bias to every row (forward)
 * and summing a gradient over the rows (backward). A tensor of any rank ≥ 1
 * is treated as rows of its last dimension, as Keras's Dense does for
 * (batch, …, features) inputs.
 */
import { ShapeError, formatShape } from './errors.js';
import type { Tensor } from './tensor.js';
import { scratchF64 } from './scratch.js';
import { checkTensor, outOfShape } from './validate.js';

function checkRowVector(op: string, a: Tensor, v: Tensor): number {
  checkTensor(op, 'a', a);
  checkTensor(op, 'v', v);
  const as = a.shape;
  if (as.length === 0) throw new ShapeError('SHAPE_RANK', op, 'a', `a must have rank ≥ 1, got ${formatShape(as)} (v is ${formatShape(v.shape)})`);
  const n = as[as.length - 1]!;
  if (v.shape.length !== 1 || v.shape[0] !== n) {
    throw new ShapeError('SHAPE_MISMATCH', op, 'v', `v must be (${n},) to match the last axis of a ${formatShape(as)}, got ${formatShape(v.shape)}`);
  }
  return n;
}

/**
 * a + v with v (n,) added to every row of a (…, n): the bias add of Dense.
 * @param out receives the result (may be a); allocated when omitted.
 * @throws ShapeError SHAPE_RANK when a is a scalar; SHAPE_MISMATCH when v is not
 *   (n,) or out differs in shape from a.
 * @example addRowVector(tensor([[1, 2], [3, 4]]), tensor([10, 20])) // [[11, 22], [13, 24]]
 */
export function addRowVector(a: Tensor, v: Tensor, out?: Tensor): Tensor {
  const n = checkRowVector('addRowVector', a, v);
  const o = outOfShape('addRowVector', a.shape, out, 'a');
  const x = a.data, b = v.data, z = o.data;
  const size = z.length;
  for (let row = 0; row < size; row += n) {
    for (let j = 0; j < n; j++) z[row + j] = x[row + j]! + b[j]!;
  }
  return o;
}

/** a · v with v (n,) multiplying every row of a (…, n). Same contract as {@link addRowVector}. */
export function mulRowVector(a: Tensor, v: Tensor, out?: Tensor): Tensor {
  const n = checkRowVector('mulRowVector', a, v);
  const o = outOfShape('mulRowVector', a.shape, out, 'a');
  const x = a.data, b = v.data, z = o.data;
  const size = z.length;
  for (let row = 0; row < size; row += n) {
    for (let j = 0; j < n; j++) z[row + j] = x[row + j]! * b[j]!;
  }
  return o;
}

/**
 * The sum of the rows of a (…, n): a (n,) vector, the bias gradient of Dense.
 * Accumulates in float64.
 * @param out receives the (n,) result; allocated when omitted.
 * @throws ShapeError SHAPE_RANK when a is a scalar; SHAPE_MISMATCH when out is not (n,).
 * @example sumColumns(tensor([[1, 2], [3, 4]])) // [4, 6]
 */
export function sumColumns(a: Tensor, out?: Tensor): Tensor {
  checkTensor('sumColumns', 'a', a);
  const as = a.shape;
  if (as.length === 0) throw new ShapeError('SHAPE_RANK', 'sumColumns', 'a', `a must have rank ≥ 1, got ${formatShape(as)}`);
  const n = as[as.length - 1]!;
  const o = outOfShape('sumColumns', [n], out);
  const x = a.data, z = o.data;
  const size = x.length;
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < size; i++) s += x[i]!;
    z[0] = s;
    return o;
  }
  // Row by row into a float64 accumulator, so long columns lose no precision
  // and memory is read in order.
  const acc = scratchF64(n);
  for (let row = 0; row < size; row += n) {
    for (let j = 0; j < n; j++) acc[j] += x[row + j]!;
  }
  for (let j = 0; j < n; j++) z[j] = acc[j]!;
  return o;
}

/**
 * The sum along the last axis of a (…, n): shape a.shape without its last axis.
 * Accumulates in float64.
 * @param out receives the result; allocated when omitted.
 * @throws ShapeError SHAPE_RANK when a is a scalar; SHAPE_MISMATCH when out has the wrong shape.
 * @example sumRows(tensor([[1, 2], [3, 4]])) // [3, 7]
 */
export function sumRows(a: Tensor, out?: Tensor): Tensor {
  checkTensor('sumRows', 'a', a);
  const as = a.shape;
  if (as.length === 0) throw new ShapeError('SHAPE_RANK', 'sumRows', 'a', `a must have rank ≥ 1, got ${formatShape(as)}`);
  const n = as[as.length - 1]!;
  const o = outOfShape('sumRows', as.slice(0, -1), out);
  const x = a.data, z = o.data;
  const rows = z.length;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const base = r * n;
    for (let j = 0; j < n; j++) s += x[base + j]!;
    z[r] = s;
  }
  return o;
}
