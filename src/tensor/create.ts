import { ShapeError } from './errors.js';
import { Random } from './random.js';
import { Tensor, checkShape, type TensorLike, type NestedArray } from './tensor.js';

/** Options shared by the random creators. */
export interface RandomOptions {
  /** Seed for a reproducible draw; a fresh random seed when omitted. */
  seed?: number;
}

/**
 * Makes a tensor from nested arrays, a Float32Array or a number. With `shape`,
 * flat data is laid out in that shape (row-major).
 * @throws ShapeError when the nesting is ragged or does not match `shape`.
 * @example tensor([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function tensor(values: TensorLike | readonly number[], shape?: readonly number[]): Tensor {
  if (values instanceof Tensor) {
    return shape ? values.reshape(shape) : values;
  }
  if (values instanceof Float32Array) {
    return new Tensor(values, shape ?? [values.length]);
  }
  if (typeof values === 'number') {
    return new Tensor(Float32Array.of(values), shape ?? []);
  }
  const inferred = inferShape(values as NestedArray[]);
  const data = new Float32Array(inferred.size);
  flattenInto(values as NestedArray[], inferred.shape, 0, data, 0);
  if (shape) {
    const size = checkShape('tensor', 'shape', shape);
    if (size !== data.length) {
      throw new ShapeError('SHAPE_SIZE_MISMATCH', 'tensor', 'shape',
        `shape [${shape.join(', ')}] holds ${size} values but ${data.length} were given`);
    }
    return new Tensor(data, shape);
  }
  return new Tensor(data, inferred.shape);
}

function inferShape(values: NestedArray[]): { shape: number[]; size: number } {
  const shape: number[] = [];
  let cur: NestedArray = values;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  let size = 1;
  for (const d of shape) size *= d;
  return { shape, size };
}

function flattenInto(values: NestedArray[], shape: number[], dim: number, out: Float32Array, offset: number): number {
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new ShapeError('SHAPE_RAGGED', 'tensor', 'values',
      `nested arrays are ragged at depth ${dim}: expected length ${shape[dim]}, got ${Array.isArray(values) ? values.length : typeof values}`);
  }
  if (dim === shape.length - 1) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number') {
        throw new ShapeError('SHAPE_RAGGED', 'tensor', 'values', `expected a number at depth ${dim + 1}, got ${Array.isArray(v) ? 'an array' : typeof v}`);
      }
      out[offset++] = v;
    }
    return offset;
  }
  for (let i = 0; i < values.length; i++) offset = flattenInto(values[i] as NestedArray[], shape, dim + 1, out, offset);
  return offset;
}

/**
 * A tensor of zeros.
 * @throws ShapeError SHAPE_INVALID for a negative or non-integer dimension; SHAPE_TOO_LARGE past 2³¹−1 elements.
 * @example zeros([2, 3]).size // 6
 */
export function zeros(shape: readonly number[]): Tensor {
  return new Tensor(new Float32Array(checkShape('zeros', 'shape', shape)), shape);
}

/**
 * A tensor of ones.
 * @throws ShapeError as {@link zeros}.
 */
export function ones(shape: readonly number[]): Tensor {
  return fill(shape, 1);
}

/**
 * A tensor filled with `value` (rounded to float32).
 * @throws ShapeError as {@link zeros}.
 * @example fill([2], 0.5).toArray() // [0.5, 0.5]
 */
export function fill(shape: readonly number[], value: number): Tensor {
  const data = new Float32Array(checkShape('fill', 'shape', shape));
  data.fill(value);
  return new Tensor(data, shape);
}

/**
 * Uniform samples in [minval, maxval). Defaults: minval -0.05, maxval 0.05
 * (Keras's RandomUniform); `seed` makes the draw reproducible.
 * @throws ShapeError as {@link zeros}.
 * @example randomUniform([3, 2], { seed: 42, minval: -1, maxval: 1 })
 */
export function randomUniform(shape: readonly number[], opts: RandomOptions & { minval?: number; maxval?: number } = {}): Tensor {
  const { minval = -0.05, maxval = 0.05 } = opts;
  const rng = new Random(opts.seed);
  const data = new Float32Array(checkShape('randomUniform', 'shape', shape));
  const span = maxval - minval;
  for (let i = 0, n = data.length; i < n; i++) data[i] = minval + span * rng.next();
  return new Tensor(data, shape);
}

/**
 * Normal samples. Defaults: mean 0, stddev 0.05 (Keras's RandomNormal);
 * `seed` makes the draw reproducible.
 * @throws ShapeError as {@link zeros}.
 */
export function randomNormal(shape: readonly number[], opts: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  const { mean = 0, stddev = 0.05 } = opts;
  const rng = new Random(opts.seed);
  const data = new Float32Array(checkShape('randomNormal', 'shape', shape));
  for (let i = 0, n = data.length; i < n; i++) data[i] = mean + stddev * rng.normal();
  return new Tensor(data, shape);
}

/**
 * Normal samples redrawn until within two standard deviations (Keras's
 * TruncatedNormal). Defaults: mean 0, stddev 0.05.
 * @throws ShapeError as {@link zeros}.
 */
export function truncatedNormal(shape: readonly number[], opts: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  const { mean = 0, stddev = 0.05 } = opts;
  const rng = new Random(opts.seed);
  const data = new Float32Array(checkShape('truncatedNormal', 'shape', shape));
  for (let i = 0, n = data.length; i < n; i++) {
    let z = rng.normal();
    while (z < -2 || z > 2) z = rng.normal();
    data[i] = mean + stddev * z;
  }
  return new Tensor(data, shape);
}
