/**
 * Softmax and log-softmax along one axis, numerically stable (the maximum is
 * subtracted before exponentiating), and their vector-Jacobian products:
 *   softmax:     dx = y ⊙ (dy − Σ dy⊙y)
 *   logSoftmax:  dx = dy − eʸ ⊙ Σ dy
 * where Σ runs along the axis. The last axis (the common case) is walked
 * row by row; other axes stride through memory.
 */
import { ShapeError, formatShape } from './errors.js';
import { scratchF64 } from './scratch.js';
import type { Tensor } from './tensor.js';
import { checkSameShape, checkTensor, normalizeAxis, outOfShape, splitAtAxis } from './validate.js';

function prepare(op: string, a: Tensor, axis: number, out: Tensor | undefined): { o: Tensor; outer: number; length: number; inner: number } {
  checkTensor(op, 'a', a);
  if (a.shape.length === 0) throw new ShapeError('SHAPE_RANK', op, 'a', `a must have rank ≥ 1, got ${formatShape(a.shape)}`);
  const ax = normalizeAxis(op, axis, a.shape);
  const o = outOfShape(op, a.shape, out, 'a');
  const { outer, length, inner } = splitAtAxis(a.shape, ax);
  return { o, outer, length, inner };
}

/**
 * exp(a − max) / Σ exp(a − max) along `axis`.
 * @param axis default -1 (the last axis); negative counts from the end.
 * @param out receives the result (may be a); allocated when omitted.
 * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_AXIS when axis is out of range;
 *   SHAPE_MISMATCH when out differs in shape from a.
 * @example softmax(tensor([[0, Math.log(3)]])) // [[0.25, 0.75]]
 */
export function softmax(a: Tensor, axis = -1, out?: Tensor): Tensor {
  const { o, outer, length, inner } = prepare('softmax', a, axis, out);
  const x = a.data, z = o.data;
  const ex = scratchF64(length);
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++) {
      const start = i * length * inner + j;
      const end = start + length * inner;
      let m = -Infinity;
      for (let p = start; p < end; p += inner) { const v = x[p]!; if (v > m) m = v; }
      if (m === -Infinity) m = 0; // all −∞: exp(−∞ − 0) = 0, 0/0 = NaN like Keras
      // The exponentials stay in float64 until the division, so each output
      // is rounded to float32 once.
      let s = 0;
      for (let p = start, q = 0; p < end; p += inner, q++) { const e = Math.exp(x[p]! - m); ex[q] = e; s += e; }
      for (let p = start, q = 0; p < end; p += inner, q++) z[p] = ex[q]! / s;
    }
  }
  return o;
}

/**
 * a − max − log Σ exp(a − max) along `axis`: log(softmax(a)) without overflow or log(0).
 * Same contract as {@link softmax}.
 * @example logSoftmax(tensor([0, 0])) // [-0.693…, -0.693…]
 */
export function logSoftmax(a: Tensor, axis = -1, out?: Tensor): Tensor {
  const { o, outer, length, inner } = prepare('logSoftmax', a, axis, out);
  const x = a.data, z = o.data;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++) {
      const start = i * length * inner + j;
      const end = start + length * inner;
      let m = -Infinity;
      for (let p = start; p < end; p += inner) { const v = x[p]!; if (v > m) m = v; }
      if (m === -Infinity) m = 0;
      let s = 0;
      for (let p = start; p < end; p += inner) s += Math.exp(x[p]! - m);
      // (x − m) is exact in float64; subtracting log s last keeps the
      // result accurate when it is tiny (the dominant logit of a row).
      const logS = Math.log(s);
      for (let p = start; p < end; p += inner) z[p] = (x[p]! - m) - logS;
    }
  }
  return o;
}

function prepareBackward(op: string, y: Tensor, dy: Tensor, axis: number, out: Tensor | undefined): { o: Tensor; outer: number; length: number; inner: number } {
  checkTensor(op, 'y', y);
  checkSameShape(op, 'dy', y, dy, 'y');
  if (y.shape.length === 0) throw new ShapeError('SHAPE_RANK', op, 'y', `y must have rank ≥ 1, got ${formatShape(y.shape)}`);
  const ax = normalizeAxis(op, axis, y.shape);
  const o = outOfShape(op, y.shape, out, 'y');
  const { outer, length, inner } = splitAtAxis(y.shape, ax);
  return { o, outer, length, inner };
}

/**
 * The gradient of softmax: given its output y and the upstream gradient dy,
 * dx = y ⊙ (dy − Σ dy⊙y) along `axis`.
 * @param y the output of {@link softmax}.
 * @param dy the gradient with respect to y (same shape).
 * @param axis the axis softmax ran along. Default -1.
 * @param out receives dx (may be y or dy); allocated when omitted.
 * @throws ShapeError SHAPE_MISMATCH when dy or out differs in shape from y; SHAPE_AXIS, SHAPE_RANK as for softmax.
 */
export function softmaxBackward(y: Tensor, dy: Tensor, axis = -1, out?: Tensor): Tensor {
  const { o, outer, length, inner } = prepareBackward('softmaxBackward', y, dy, axis, out);
  const Y = y.data, D = dy.data, z = o.data;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++) {
      const start = i * length * inner + j;
      const end = start + length * inner;
      let s = 0;
      for (let p = start; p < end; p += inner) s += D[p]! * Y[p]!;
      for (let p = start; p < end; p += inner) z[p] = Y[p]! * (D[p]! - s);
    }
  }
  return o;
}

/**
 * The gradient of log-softmax: given its output y and the upstream gradient
 * dy, dx = dy − exp(y) ⊙ Σ dy along `axis`. Same contract as {@link softmaxBackward}.
 * @param y the output of {@link logSoftmax}.
 */
export function logSoftmaxBackward(y: Tensor, dy: Tensor, axis = -1, out?: Tensor): Tensor {
  const { o, outer, length, inner } = prepareBackward('logSoftmaxBackward', y, dy, axis, out);
  const Y = y.data, D = dy.data, z = o.data;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++) {
      const start = i * length * inner + j;
      const end = start + length * inner;
      let s = 0;
      for (let p = start; p < end; p += inner) s += D[p]!;
      for (let p = start; p < end; p += inner) z[p] = D[p]! - Math.exp(Y[p]!) * s;
    }
  }
  return o;
}
