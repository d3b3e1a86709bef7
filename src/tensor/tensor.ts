import { ShapeError, formatShape } from './errors.js';
// The method forms below delegate to the functional ops. Those modules import
// this one too: the cycle is safe because neither side uses the other's
// bindings while its module body runs, only inside functions (see
// test/tensor/methods.test.ts, which loads every module of the folder first).
import * as binary from './binary.js';
import * as unary from './unary.js';
import * as reduce from './reduce.js';
import * as rows from './rows.js';
import { softmax } from './softmax.js';
import { matmul, type MatmulOptions } from './matmul.js';

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Anything a tensor can be made from. */
export type TensorLike = Tensor | Float32Array | NestedArray;

/**
 * A dense, row-major float32 tensor. `data` is the storage itself (never a
 * copy), so kernels can work on it directly; `shape` is frozen. The math ops
 * are also methods (`t.add(u).matmul(w).sum(0)`), each the functional op of
 * the same name with `this` as the first argument; the methods always
 * allocate their result (use the functions' `out` to reuse one).
 * @example
 * const y = tensor([[1, 2]]).matmul(tensor([[3], [4]])).add(1); // [[12]]
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;

  /**
   * Wraps `data` (not copied) as a tensor of `shape`.
   * @throws ShapeError when the shape is invalid or does not match `data.length`.
   */
  constructor(data: Float32Array, shape: readonly number[]) {
    const size = checkShape('Tensor', 'shape', shape);
    if (size !== data.length) {
      throw new ShapeError(
        'SHAPE_SIZE_MISMATCH', 'Tensor', 'data',
        `shape ${formatShape(shape)} holds ${size} values but data has ${data.length}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze(shape.slice());
  }

  /** The number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Nested arrays of plain numbers (a number for a scalar). */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.data[0]!;
    return nest(this.data, this.shape, 0, 0);
  }

  /**
   * The same data seen with another shape; one dimension may be -1.
   * @throws ShapeError when the sizes differ.
   */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, resolveReshape('reshape', this.shape, shape));
  }

  /** A deep copy. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  // ─── math ops as methods (each is the functional op of the same name) ──────

  /**
   * `this + other` elementwise (same shape), or plus a number.
   * @throws ShapeError SHAPE_MISMATCH when the shapes differ; SHAPE_TYPE for a non-number scalar.
   * @example tensor([1, 2]).add(tensor([3, 4])).add(1) // [5, 7]
   */
  add(other: Tensor | number): Tensor {
    return typeof other === 'number' ? binary.addScalar(this, other) : binary.add(this, other);
  }

  /** `this − other` elementwise, or minus a number. Same contract as {@link add}. */
  sub(other: Tensor | number): Tensor {
    return typeof other === 'number' ? binary.subScalar(this, other) : binary.sub(this, other);
  }

  /** `this · other` elementwise, or times a number. Same contract as {@link add}. */
  mul(other: Tensor | number): Tensor {
    return typeof other === 'number' ? binary.mulScalar(this, other) : binary.mul(this, other);
  }

  /** `this / other` elementwise, or divided by a number. Same contract as {@link add}. */
  div(other: Tensor | number): Tensor {
    return typeof other === 'number' ? binary.divScalar(this, other) : binary.div(this, other);
  }

  /** `this ^ other` elementwise, or to a number's power. Same contract as {@link add}. */
  pow(other: Tensor | number): Tensor {
    return typeof other === 'number' ? binary.powScalar(this, other) : binary.pow(this, other);
  }

  /** The elementwise maximum with `other` (same shape). @throws ShapeError SHAPE_MISMATCH. */
  maximum(other: Tensor): Tensor {
    return binary.maximum(this, other);
  }

  /** The elementwise minimum with `other` (same shape). @throws ShapeError SHAPE_MISMATCH. */
  minimum(other: Tensor): Tensor {
    return binary.minimum(this, other);
  }

  /** Shorthand for `add(s)` with a number. */
  addScalar(s: number): Tensor {
    return binary.addScalar(this, s);
  }

  /** Shorthand for `mul(s)` with a number. */
  mulScalar(s: number): Tensor {
    return binary.mulScalar(this, s);
  }

  /**
   * The matrix product `op(this)·op(other)` of 2-D tensors; see the function {@link matmul}.
   * @param opts `transposeA`, `transposeB` (default false), `out`, `accumulate`.
   * @throws ShapeError SHAPE_RANK / SHAPE_MISMATCH as the function does.
   * @example x.matmul(w).add(b)
   */
  matmul(other: Tensor, opts?: MatmulOptions): Tensor {
    return matmul(this, other, opts);
  }

  /** −this. */
  neg(): Tensor { return unary.neg(this); }
  /** |this|. */
  abs(): Tensor { return unary.abs(this); }
  /** e^this. */
  exp(): Tensor { return unary.exp(this); }
  /** The natural logarithm. */
  log(): Tensor { return unary.log(this); }
  /** The square root. */
  sqrt(): Tensor { return unary.sqrt(this); }
  /** this². */
  square(): Tensor { return unary.square(this); }
  /** The hyperbolic tangent. */
  tanh(): Tensor { return unary.tanh(this); }
  /** 1 / (1 + e^−this). */
  sigmoid(): Tensor { return unary.sigmoid(this); }
  /** max(this, 0). */
  relu(): Tensor { return unary.relu(this); }

  /**
   * Every element clamped to [lo, hi].
   * @throws ShapeError SHAPE_TYPE when lo or hi is not a number.
   */
  clip(lo: number, hi: number): Tensor {
    return unary.clip(this, lo, hi);
  }

  /**
   * The sum over `axis` (all elements when omitted).
   * @param axis negative counts from the end. Default: all.
   * @param keepDims keep the reduced axis as length 1. Default false.
   * @throws ShapeError SHAPE_AXIS when axis is out of range.
   * @example tensor([[1, 2], [3, 4]]).sum(0) // [4, 6]
   */
  sum(axis?: number, keepDims = false): Tensor {
    return reduce.sum(this, axis, keepDims);
  }

  /** The mean over `axis` (all elements when omitted). Same contract as {@link sum}. */
  mean(axis?: number, keepDims = false): Tensor {
    return reduce.mean(this, axis, keepDims);
  }

  /** The maximum over `axis` (all elements when omitted). Same contract as {@link sum}. */
  max(axis?: number, keepDims = false): Tensor {
    return reduce.max(this, axis, keepDims);
  }

  /** The minimum over `axis` (all elements when omitted). Same contract as {@link sum}. */
  min(axis?: number, keepDims = false): Tensor {
    return reduce.min(this, axis, keepDims);
  }

  /**
   * The index of the largest value along `axis` (default -1), as float32 values.
   * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_AXIS; SHAPE_EMPTY for an empty axis.
   */
  argmax(axis = -1): Tensor {
    return reduce.argmax(this, axis);
  }

  /**
   * exp(this − max) / Σ exp(this − max) along `axis` (default -1).
   * @throws ShapeError SHAPE_RANK for a scalar; SHAPE_AXIS.
   */
  softmax(axis = -1): Tensor {
    return softmax(this, axis);
  }

  /**
   * The transpose of a 2-D tensor (a new tensor).
   * @throws ShapeError SHAPE_RANK when not 2-D.
   */
  transpose(): Tensor {
    return rows.transpose(this);
  }

  toString(): string {
    return `Tensor${formatShape(this.shape)} ${JSON.stringify(this.toArray())}`;
  }
}

function nest(data: Float32Array, shape: readonly number[], dim: number, offset: number): NestedArray[] {
  const n = shape[dim]!;
  const out: NestedArray[] = new Array(n);
  if (dim === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = data[offset + i]!;
    return out;
  }
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d]!;
  for (let i = 0; i < n; i++) out[i] = nest(data, shape, dim + 1, offset + i * stride);
  return out;
}

/**
 * Validates a shape (non-negative safe integers) and returns its size.
 * @throws ShapeError naming `op` and `arg`.
 */
export function checkShape(op: string, arg: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) {
    throw new ShapeError('SHAPE_INVALID', op, arg, `${arg} must be an array of dimensions, got ${typeof shape}`);
  }
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError('SHAPE_INVALID', op, arg, `${arg} ${formatShape(shape)} has an invalid dimension ${d} at axis ${i}`);
    }
    size *= d;
  }
  if (!Number.isSafeInteger(size) || size > 0x7fffffff) {
    throw new ShapeError('SHAPE_TOO_LARGE', op, arg, `${arg} ${formatShape(shape)} has ${size} elements, more than a Float32Array can hold`);
  }
  return size;
}

/** Resolves a -1 in `target` against the size of `from`. */
export function resolveReshape(op: string, from: readonly number[], target: readonly number[]): number[] {
  let size = 1;
  for (const d of from) size *= d;
  const out = target.slice();
  const wild = out.indexOf(-1);
  if (wild !== -1) {
    if (out.indexOf(-1, wild + 1) !== -1) {
      throw new ShapeError('SHAPE_INVALID', op, 'shape', `only one dimension may be -1, got ${formatShape(target)}`);
    }
    let known = 1;
    for (let i = 0; i < out.length; i++) if (i !== wild) known *= out[i]!;
    if (known === 0 || size % known !== 0) {
      throw new ShapeError('SHAPE_SIZE_MISMATCH', op, 'shape', `cannot reshape ${formatShape(from)} (${size} values) to ${formatShape(target)}`);
    }
    out[wild] = size / known;
  }
  const newSize = checkShape(op, 'shape', out);
  if (newSize !== size) {
    throw new ShapeError('SHAPE_SIZE_MISMATCH', op, 'shape', `cannot reshape ${formatShape(from)} (${size} values) to ${formatShape(target)}`);
  }
  return out;
}
