/**
 * Elementwise binary ops on two tensors of the same shape, and the same ops
 * with a scalar. Each is one plain loop over the flat data with the length
 * hoisted; `out` may be `a` or `b` (in-place updates).
 */
import type { Tensor } from './tensor.js';
import { checkNumber, checkSameShape, checkTensor, outOfShape } from './validate.js';

function prepare(op: string, a: Tensor, b: Tensor, out: Tensor | undefined): Tensor {
  checkTensor(op, 'a', a);
  checkSameShape(op, 'b', a, b);
  return outOfShape(op, a.shape, out, 'a');
}

function prepareScalar(op: string, a: Tensor, s: number, out: Tensor | undefined): Tensor {
  checkTensor(op, 'a', a);
  checkNumber(op, 's', s);
  return outOfShape(op, a.shape, out, 'a');
}

/**
 * a + b, elementwise.
 * @param out receives the result (may be a or b); allocated when omitted.
 * @throws ShapeError SHAPE_MISMATCH when b or out differs in shape from a.
 * @example add(tensor([1, 2]), tensor([3, 4])) // [4, 6]
 */
export function add(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('add', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! + y[i]!;
  return o;
}

/** a − b, elementwise. Same contract as {@link add}. */
export function sub(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('sub', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! - y[i]!;
  return o;
}

/** a · b, elementwise. Same contract as {@link add}. */
export function mul(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('mul', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! * y[i]!;
  return o;
}

/** a / b, elementwise (IEEE: x/0 is ±Infinity, 0/0 is NaN). Same contract as {@link add}. */
export function div(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('div', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! / y[i]!;
  return o;
}

/** The larger of a and b, elementwise; NaN if either is NaN. Same contract as {@link add}. */
export function maximum(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('maximum', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = Math.max(x[i]!, y[i]!);
  return o;
}

/** The smaller of a and b, elementwise; NaN if either is NaN. Same contract as {@link add}. */
export function minimum(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('minimum', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = Math.min(x[i]!, y[i]!);
  return o;
}

/** a raised to b, elementwise (a negative base with a fractional exponent gives NaN). Same contract as {@link add}. */
export function pow(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  const o = prepare('pow', a, b, out);
  const x = a.data, y = b.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = Math.pow(x[i]!, y[i]!);
  return o;
}

/**
 * a + s for every element.
 * @param out receives the result (may be a); allocated when omitted.
 * @throws ShapeError SHAPE_TYPE when s is not a number; SHAPE_MISMATCH when out differs in shape from a.
 * @example addScalar(tensor([1, 2]), 1) // [2, 3]
 */
export function addScalar(a: Tensor, s: number, out?: Tensor): Tensor {
  const o = prepareScalar('addScalar', a, s, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! + s;
  return o;
}

/** a − s for every element. Same contract as {@link addScalar}. */
export function subScalar(a: Tensor, s: number, out?: Tensor): Tensor {
  const o = prepareScalar('subScalar', a, s, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! - s;
  return o;
}

/** a · s for every element. Same contract as {@link addScalar}. */
export function mulScalar(a: Tensor, s: number, out?: Tensor): Tensor {
  const o = prepareScalar('mulScalar', a, s, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! * s;
  return o;
}

/** a / s for every element. Same contract as {@link addScalar}. */
export function divScalar(a: Tensor, s: number, out?: Tensor): Tensor {
  const o = prepareScalar('divScalar', a, s, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) z[i] = x[i]! / s;
  return o;
}

/** a raised to s for every element. Same contract as {@link addScalar}. */
export function powScalar(a: Tensor, s: number, out?: Tensor): Tensor {
  const o = prepareScalar('powScalar', a, s, out);
  const x = a.data, z = o.data;
  if (s === 2) {
    for (let i = 0, n = z.length; i < n; i++) { const v = x[i]!; z[i] = v * v; }
  } else {
    for (let i = 0, n = z.length; i < n; i++) z[i] = Math.pow(x[i]!, s);
  }
  return o;
}
