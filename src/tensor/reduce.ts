/**
 * Reductions over one axis or over everything: sum, mean, max, min, argmax,
 * and the scalar sumSquares/norm used for gradient clipping. Sums accumulate
 * in float64. A tensor is walked as (outer, length, inner) around the axis,
 * so reducing a middle axis still reads memory in order.
 */
import { ShapeError, formatShape } from './errors.js';
import type { Tensor } from './tensor.js';
import { scratchF64 } from './scratch.js';
import { checkTensor, normalizeAxis, outOfShape, splitAtAxis } from './validate.js';

const enum Kind { Sum, Mean, Max, Min }

/** The shape left after reducing `axis` (all axes when -1). */
function reducedShape(shape: readonly number[], axis: number, keepDims: boolean): number[] {
  if (axis < 0) return keepDims ? shape.map(() => 1) : [];
  const out = shape.slice();
  if (keepDims) out[axis] = 1;
  else out.splice(axis, 1);
  return out;
}

// Max/min keep a NaN once seen: `v > NaN` is false, and `v !== v` only
// replaces it with another NaN.
function reduce(op: string, kind: Kind, a: Tensor, axis: number | undefined, keepDims: boolean, out: Tensor | undefined): Tensor {
  checkTensor(op, 'a', a);
  const ax = axis === undefined || axis === null ? -1 : normalizeAxis(op, axis, a.shape);
  const o = outOfShape(op, reducedShape(a.shape, ax, keepDims === true), out);
  const x = a.data, z = o.data;
  if (ax < 0) {
    z[0] = reduceRun(kind, x, 0, x.length);
    return o;
  }
  const { outer, length, inner } = splitAtAxis(a.shape, ax);
  if (inner === 1) {
    for (let i = 0; i < outer; i++) z[i] = reduceRun(kind, x, i * length, length);
    return o;
  }
  // Reduce `length` rows of `inner` values each, row by row into float64.
  const acc = scratchF64(inner);
  const init = kind === Kind.Max ? -Infinity : kind === Kind.Min ? Infinity : 0;
  for (let i = 0; i < outer; i++) {
    acc.fill(init, 0, inner);
    const base = i * length * inner;
    for (let r = 0; r < length; r++) {
      const row = base + r * inner;
      if (kind === Kind.Max) {
        for (let j = 0; j < inner; j++) { const v = x[row + j]!; if (v > acc[j]! || v !== v) acc[j] = v; }
      } else if (kind === Kind.Min) {
        for (let j = 0; j < inner; j++) { const v = x[row + j]!; if (v < acc[j]! || v !== v) acc[j] = v; }
      } else {
        for (let j = 0; j < inner; j++) acc[j] += x[row + j]!;
      }
    }
    const dst = i * inner;
    if (kind === Kind.Mean) for (let j = 0; j < inner; j++) z[dst + j] = acc[j]! / length;
    else for (let j = 0; j < inner; j++) z[dst + j] = acc[j]!;
  }
  return o;
}

/** Reduces x[start : start+length]. */
function reduceRun(kind: Kind, x: Float32Array, start: number, length: number): number {
  const end = start + length;
  if (kind === Kind.Max) {
    let m = -Infinity;
    for (let i = start; i < end; i++) { const v = x[i]!; if (v > m || v !== v) m = v; }
    return m;
  }
  if (kind === Kind.Min) {
    let m = Infinity;
    for (let i = start; i < end; i++) { const v = x[i]!; if (v < m || v !== v) m = v; }
    return m;
  }
  let s = 0;
  for (let i = start; i < end; i++) s += x[i]!;
  return kind === Kind.Mean ? s / length : s;
}

/**
 * The sum over `axis`, or over all elements when `axis` is undefined.
 * @param axis the axis to reduce; negative counts from the end. Default: all.
 * @param keepDims keep the reduced axis as length 1. Default false.
 * @param out receives the result; allocated when omitted.
 * @returns a tensor of the reduced shape (`()` for all axes without keepDims). An empty sum is 0.
 * @throws ShapeError SHAPE_AXIS when axis is out of range; SHAPE_MISMATCH when out has the wrong shape.
 * @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6]
 */
export function sum(a: Tensor, axis?: number, keepDims = false, out?: Tensor): Tensor {
  return reduce('sum', Kind.Sum, a, axis, keepDims, out);
}

/** The mean over `axis` (NaN when empty). Same contract as {@link sum}. */
export function mean(a: Tensor, axis?: number, keepDims = false, out?: Tensor): Tensor {
  return reduce('mean', Kind.Mean, a, axis, keepDims, out);
}

/** The maximum over `axis` (−Infinity when empty; NaN if any element is NaN). Same contract as {@link sum}. */
export function max(a: Tensor, axis?: number, keepDims = false, out?: Tensor): Tensor {
  return reduce('max', Kind.Max, a, axis, keepDims, out);
}

/** The minimum over `axis` (Infinity when empty; NaN if any element is NaN). Same contract as {@link sum}. */
export function min(a: Tensor, axis?: number, keepDims = false, out?: Tensor): Tensor {
  return reduce('min', Kind.Min, a, axis, keepDims, out);
}

/**
 * The index of the largest value along `axis` (the first one on ties; the
 * first NaN if there is one), as float32 values like every other tensor.
 * @param axis default -1 (the last axis).
 * @param out receives the result (a.shape without `axis`); allocated when omitted.
 * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_AXIS when axis is out of range;
 *   SHAPE_EMPTY when the axis has length 0; SHAPE_MISMATCH when out has the wrong shape.
 * @example argmax(tensor([[1, 3, 2], [9, 0, 9]])) // [1, 0]
 */
export function argmax(a: Tensor, axis = -1, out?: Tensor): Tensor {
  checkTensor('argmax', 'a', a);
  if (a.shape.length === 0) throw new ShapeError('SHAPE_RANK', 'argmax', 'a', 'a must have rank ≥ 1, got ()');
  const ax = normalizeAxis('argmax', axis, a.shape);
  const { outer, length, inner } = splitAtAxis(a.shape, ax);
  if (length === 0) {
    throw new ShapeError('SHAPE_EMPTY', 'argmax', 'a', `axis ${axis} of ${formatShape(a.shape)} is empty, so it has no largest value`);
  }
  const o = outOfShape('argmax', reducedShape(a.shape, ax, false), out);
  const x = a.data, z = o.data;
  for (let i = 0; i < outer; i++) {
    const base = i * length * inner;
    for (let j = 0; j < inner; j++) {
      let best = x[base + j]!;
      let at = 0;
      if (best === best) {
        for (let r = 1; r < length; r++) {
          const v = x[base + r * inner + j]!;
          if (v > best || v !== v) {
            best = v;
            at = r;
            if (v !== v) break;
          }
        }
      }
      z[i * inner + j] = at;
    }
  }
  return o;
}

/**
 * The sum of squares of all elements, as a float64 number (for gradient clipping).
 * @throws ShapeError SHAPE_TYPE when a is not a tensor.
 * @example sumSquares(tensor([3, 4])) // 25
 */
export function sumSquares(a: Tensor): number {
  checkTensor('sumSquares', 'a', a);
  const x = a.data;
  let s = 0;
  for (let i = 0, n = x.length; i < n; i++) { const v = x[i]!; s += v * v; }
  return s;
}

/**
 * The Euclidean (L2) norm of all elements, as a float64 number (Keras's clipnorm).
 * @throws ShapeError SHAPE_TYPE when a is not a tensor.
 * @example norm(tensor([3, 4])) // 5
 */
export function norm(a: Tensor): number {
  checkTensor('norm', 'a', a);
  return Math.sqrt(sumSquares(a));
}
