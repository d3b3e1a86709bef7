import { ShapeError, formatShape } from './errors.js';
import { Tensor, checkShape } from './tensor.js';

/** Options for {@link Variable.assign}. */
export interface AssignOptions {
  /**
   * Take ownership of the given storage instead of copying it: the variable
   * then reads and writes that very Float32Array (which may be a view into a
   * larger buffer, such as a file's bytes). The caller must not reuse it.
   * Default false (copy).
   */
  adopt?: boolean;
}

/**
 * A model or optimizer weight: a tensor updated in place, with the name and
 * path Keras gives it. Keras 3 derives optimizer slot names from the path
 * (`sequential/dense/kernel` → `sequential_dense_kernel_momentum`), so the
 * path is part of the file format.
 *
 * A variable's shape is fixed when it is made. A variable made with
 * {@link Variable.unset} has a shape but no storage yet (a model built with
 * `initializeWeights: false`, whose weights a loader supplies next): reading
 * its `value` throws until {@link Variable.assign} gives it one.
 */
export class Variable {
  /** The short name, e.g. `kernel`, `bias`, `iteration`. */
  readonly name: string;
  /** The Keras 3 path, e.g. `sequential/dense/kernel`; set when the owner is attached. */
  path: string;
  /** Whether optimizers update it. */
  trainable: boolean;
  private current: Tensor | null;
  private dims: readonly number[];
  private count: number;

  /**
   * Wraps `value` (not copied).
   * @param value the initial value; its shape becomes the variable's shape.
   * @param name the short name.
   * @param opts `path` (default `name`), `trainable` (default true).
   */
  constructor(value: Tensor, name: string, opts: { path?: string; trainable?: boolean } = {}) {
    this.current = value;
    this.dims = value.shape;
    this.count = value.size;
    this.name = name;
    this.path = opts.path ?? name;
    this.trainable = opts.trainable ?? true;
  }

  /**
   * A variable of `shape` without storage: nothing is allocated or
   * initialized until {@link assign} supplies the value.
   * @param shape the variable's shape.
   * @param name the short name.
   * @param opts `path` (default `name`), `trainable` (default true).
   * @throws ShapeError `SHAPE_INVALID` / `SHAPE_TOO_LARGE` for a bad shape.
   * @example
   * const v = Variable.unset([784, 10], 'kernel');
   * v.assign(fileArray, { adopt: true });
   */
  static unset(shape: readonly number[], name: string, opts: { path?: string; trainable?: boolean } = {}): Variable {
    const size = checkShape('Variable', 'shape', shape);
    const v = new Variable(EMPTY, name, opts);
    v.dims = Object.freeze(shape.slice());
    v.count = size;
    v.current = null;
    return v;
  }

  /** The shape, fixed at creation. */
  get shape(): readonly number[] {
    return this.dims;
  }

  /** The number of scalars (known even before a value is assigned). */
  get size(): number {
    return this.count;
  }

  /** Whether the variable has a value (false only between {@link Variable.unset} and the first assign). */
  get isSet(): boolean {
    return this.current !== null;
  }

  /**
   * The current value; optimizers write into `value.data` in place.
   * @throws ShapeError `VARIABLE_UNSET` (arg: the path) when no value has been assigned yet.
   */
  get value(): Tensor {
    const t = this.current;
    if (t === null) throw unsetError(this);
    return t;
  }

  /**
   * Replaces the value by `t` itself (not copied); same as `assign(t, { adopt: true })`.
   * @throws ShapeError `SHAPE_MISMATCH` when `t`'s shape differs from the variable's.
   */
  set value(t: Tensor) {
    this.assign(t, { adopt: true });
  }

  /**
   * Sets the value from a tensor of the variable's shape or a flat
   * Float32Array of its size. By default the values are copied (into the
   * existing storage, or into new storage when the variable is unset); with
   * `adopt: true` the variable takes the array itself, without copying.
   * @param src the new value.
   * @param opts `adopt` (default false).
   * @throws ShapeError `SHAPE_MISMATCH` (arg: the path) when the shape or length differs.
   * @example
   * kernel.assign(new Float32Array(bytes.buffer, offset, 784 * 10), { adopt: true });
   */
  assign(src: Tensor | Float32Array, opts?: AssignOptions): void {
    const isTensor = src instanceof Tensor;
    const data = isTensor ? src.data : src;
    if (!(data instanceof Float32Array) || data.length !== this.size || (isTensor && !sameShape(src.shape, this.shape))) {
      const got = isTensor ? formatShape(src.shape) : data instanceof Float32Array ? `${data.length} values` : typeof src;
      throw new ShapeError('SHAPE_MISMATCH', 'Variable', this.path, `'${this.path}' has shape ${formatShape(this.shape)}, got ${got}`);
    }
    if (opts !== undefined && opts.adopt === true) {
      this.current = isTensor ? src : new Tensor(data, this.dims);
    } else if (this.current === null) {
      this.current = new Tensor(data.slice(), this.dims);
    } else if (this.current.data !== data) {
      this.current.data.set(data);
    }
  }
}

const EMPTY = new Tensor(new Float32Array(0), [0]);

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unsetError(v: Variable): ShapeError {
  return new ShapeError('VARIABLE_UNSET', 'Variable', v.path,
    `'${v.path}' has no value yet (it was built with initializeWeights: false); assign its weights before using it`);
}
