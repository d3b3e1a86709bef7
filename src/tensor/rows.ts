/**
 * Layout helpers: a materialised 2-D transpose (for users; kernels read
 * transposes through strides instead), and row helpers for mini-batching:
 * slicing, gathering shuffled rows, and concatenating along an axis.
 * "Rows" are the slices along axis 0 of a tensor of any rank ≥ 1.
 */
import { ShapeError, formatShape } from './errors.js';
import type { Tensor } from './tensor.js';
import { checkTensor, normalizeAxis, outOfShape, splitAtAxis } from './validate.js';

/** Tile edge for the blocked transpose: 32×32 floats keep both tiles in L1. */
const TILE = 32;

/**
 * The transpose of a 2-D tensor, as a new (n, m) tensor.
 * @param out receives the result (must not share storage with a); allocated when omitted.
 * @throws ShapeError SHAPE_RANK when a is not 2-D; SHAPE_MISMATCH when out is not (n, m).
 * @example transpose(tensor([[1, 2, 3]])) // [[1], [2], [3]]
 */
export function transpose(a: Tensor, out?: Tensor): Tensor {
  checkTensor('transpose', 'a', a);
  if (a.shape.length !== 2) throw new ShapeError('SHAPE_RANK', 'transpose', 'a', `a must be 2-D, got ${formatShape(a.shape)}`);
  const m = a.shape[0]!, n = a.shape[1]!;
  const o = outOfShape('transpose', [n, m], out);
  const x = a.data, z = o.data;
  for (let i0 = 0; i0 < m; i0 += TILE) {
    const i1 = i0 + TILE < m ? i0 + TILE : m;
    for (let j0 = 0; j0 < n; j0 += TILE) {
      const j1 = j0 + TILE < n ? j0 + TILE : n;
      for (let i = i0; i < i1; i++) {
        const row = i * n;
        for (let j = j0; j < j1; j++) z[j * m + i] = x[row + j]!;
      }
    }
  }
  return o;
}

function rowSize(op: string, a: Tensor): number {
  checkTensor(op, 'a', a);
  if (a.shape.length === 0) throw new ShapeError('SHAPE_RANK', op, 'a', `a must have rank ≥ 1, got ${formatShape(a.shape)}`);
  let size = 1;
  for (let i = 1; i < a.shape.length; i++) size *= a.shape[i]!;
  return size;
}

/**
 * Rows start … end−1 of a (along axis 0), copied into a new tensor.
 * @param start first row, 0 ≤ start ≤ end.
 * @param end one past the last row, end ≤ a.shape[0]. Default a.shape[0].
 * @param out receives the result; allocated when omitted.
 * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_INDEX when the range is not within the rows.
 * @example sliceRows(tensor([[1], [2], [3]]), 1, 3) // [[2], [3]]
 */
export function sliceRows(a: Tensor, start: number, end?: number, out?: Tensor): Tensor {
  const row = rowSize('sliceRows', a);
  const rows = a.shape[0]!;
  if (end === undefined) end = rows;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > rows) {
    throw new ShapeError('SHAPE_INDEX', 'sliceRows', 'start, end',
      `rows [${start}, ${end}) are not within the ${rows} rows of a ${formatShape(a.shape)}`);
  }
  const shape = a.shape.slice();
  shape[0] = end - start;
  const o = outOfShape('sliceRows', shape, out);
  o.data.set(a.data.subarray(start * row, end * row));
  return o;
}

/**
 * The rows of a at `indices` (along axis 0), in that order, as a new tensor
 * of shape (indices.length, …a.shape[1:]): a shuffled mini-batch.
 * @param indices integer row numbers in [0, a.shape[0]).
 * @param out receives the result (must not share storage with a); allocated when omitted.
 * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_INDEX for a non-integer or
 *   out-of-range index; SHAPE_MISMATCH when out has the wrong shape.
 * @example gatherRows(tensor([[1], [2], [3]]), [2, 0]) // [[3], [1]]
 */
export function gatherRows(a: Tensor, indices: ArrayLike<number>, out?: Tensor): Tensor {
  const row = rowSize('gatherRows', a);
  const rows = a.shape[0]!;
  const count = indices.length;
  for (let i = 0; i < count; i++) {
    const r = indices[i]!;
    if (!(r >= 0 && r < rows && Math.floor(r) === r)) {
      throw new ShapeError('SHAPE_INDEX', 'gatherRows', 'indices',
        `indices[${i}] = ${r} is not a row of a ${formatShape(a.shape)}`);
    }
  }
  const shape = a.shape.slice();
  shape[0] = count;
  const o = outOfShape('gatherRows', shape, out);
  const x = a.data, z = o.data;
  if (row === 1) {
    for (let i = 0; i < count; i++) z[i] = x[indices[i]!]!;
  } else {
    for (let i = 0; i < count; i++) {
      const src = indices[i]! * row;
      const dst = i * row;
      for (let j = 0; j < row; j++) z[dst + j] = x[src + j]!;
    }
  }
  return o;
}

/**
 * Joins tensors along `axis`; all other dimensions must agree.
 * @param tensors at least one tensor, all of the same rank ≥ 1.
 * @param axis default 0; negative counts from the end.
 * @param out receives the result; allocated when omitted.
 * @throws ShapeError SHAPE_INVALID for an empty list; SHAPE_RANK or SHAPE_MISMATCH
 *   (arg `tensors[i]`) when a tensor does not fit; SHAPE_AXIS when axis is out of range.
 * @example concat([tensor([[1, 2]]), tensor([[3, 4]])]) // [[1, 2], [3, 4]]
 */
export function concat(tensors: readonly Tensor[], axis = 0, out?: Tensor): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ShapeError('SHAPE_INVALID', 'concat', 'tensors', 'tensors must be a non-empty array of tensors');
  }
  const first = tensors[0]!;
  checkTensor('concat', 'tensors[0]', first);
  if (first.shape.length === 0) throw new ShapeError('SHAPE_RANK', 'concat', 'tensors[0]', 'cannot concatenate scalars');
  const ax = normalizeAxis('concat', axis, first.shape);
  const shape = first.shape.slice();
  let total = 0;
  for (let t = 0; t < tensors.length; t++) {
    const x = tensors[t]!;
    checkTensor('concat', `tensors[${t}]`, x);
    const s = x.shape;
    let fits = s.length === shape.length;
    for (let d = 0; fits && d < s.length; d++) if (d !== ax && s[d] !== shape[d]) fits = false;
    if (!fits) {
      throw new ShapeError(s.length === shape.length ? 'SHAPE_MISMATCH' : 'SHAPE_RANK', 'concat', `tensors[${t}]`,
        `tensors[${t}] has shape ${formatShape(s)}, which does not fit tensors[0] ${formatShape(first.shape)} along axis ${ax}`);
    }
    total += s[ax]!;
  }
  shape[ax] = total;
  const o = outOfShape('concat', shape, out);
  const { outer, inner } = splitAtAxis(shape, ax);
  const z = o.data;
  let offset = 0; // columns of the output block filled so far, in elements
  const block = total * inner;
  for (let t = 0; t < tensors.length; t++) {
    const x = tensors[t]!.data;
    const part = tensors[t]!.shape[ax]! * inner;
    for (let i = 0; i < outer; i++) z.set(x.subarray(i * part, (i + 1) * part), i * block + offset);
    offset += part;
  }
  return o;
}
