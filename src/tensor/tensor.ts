import { ShapeError, formatShape } from './errors.js';

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Anything a tensor can be made from. */
export type TensorLike = Tensor | Float32Array | NestedArray;

/**
 * A dense, row-major float32 tensor. `data` is the storage itself (never a
 * copy), so kernels can work on it directly; `shape` is frozen.
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
