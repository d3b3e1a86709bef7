/**
 * The argument checks every public op shares. They are written to be cheap
 * (a few comparisons on the happy path, no allocation) because ops on tiny
 * tensors run thousands of times per training step; messages are only built
 * when something is wrong.
 */
import { ShapeError, formatShape } from './errors.js';
import { Tensor } from './tensor.js';

/** Throws unless `x` is a Tensor. */
export function checkTensor(op: string, arg: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    throw new ShapeError('SHAPE_TYPE', op, arg, `${arg} must be a Tensor, got ${describe(x)}`);
  }
}

/** True when two shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless `b` (named `arg`) has exactly the shape of `a`. */
export function checkSameShape(op: string, arg: string, a: Tensor, b: Tensor, aName = 'a'): void {
  checkTensor(op, arg, b);
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeError('SHAPE_MISMATCH', op, arg,
      `${arg} has shape ${formatShape(b.shape)} but ${aName} has shape ${formatShape(a.shape)}`);
  }
}

/**
 * Returns `out` after checking it has `shape`, or a fresh zero tensor of
 * `shape` when `out` is undefined.
 */
export function outOfShape(op: string, shape: readonly number[], out: Tensor | undefined, what = 'the result'): Tensor {
  if (out === undefined) {
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i]!;
    return new Tensor(new Float32Array(size), shape);
  }
  checkTensor(op, 'out', out);
  if (!sameShape(out.shape, shape)) {
    throw new ShapeError('SHAPE_MISMATCH', op, 'out',
      `out has shape ${formatShape(out.shape)} but ${what} has shape ${formatShape(shape)}`);
  }
  return out;
}

/** Checks a finite number argument (scalars, clip bounds). */
export function checkNumber(op: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number') {
    throw new ShapeError('SHAPE_TYPE', op, arg, `${arg} must be a number, got ${describe(x)}`);
  }
}

/**
 * Resolves a possibly negative axis against `rank`.
 * @throws ShapeError SHAPE_AXIS when it is not an integer in [-rank, rank).
 */
export function normalizeAxis(op: string, axis: number, shape: readonly number[], arg = 'axis'): number {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError('SHAPE_AXIS', op, arg,
      `${arg} ${String(axis)} is out of range for shape ${formatShape(shape)} (rank ${rank})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Splits `shape` around `axis` into (outer, length, inner) so an axis op can
 * walk the data as `outer` blocks of `length × inner` values.
 */
export function splitAtAxis(shape: readonly number[], axis: number): { outer: number; length: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, length: shape[axis]!, inner };
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return typeof x;
}
