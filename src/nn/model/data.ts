/**
 * Turning what users pass as x and y (Tensor, Float32Array, number[],
 * nested arrays) into a flat Float32Array plus a shape, reusing one buffer
 * per slot so repeated calls with the same sizes allocate nothing.
 */
import { Tensor } from '../../tensor/index.js';
import { LayerConfigError, describe } from '../errors.js';

/** Data given to trainOnBatch / fit / evaluate / predict. */
export type ModelInput = Tensor | Float32Array | readonly number[] | readonly (readonly number[])[] | readonly unknown[];

/** A reusable holder for one argument's values and shape. */
export class DataSlot {
  /** The values, row-major (the caller's own storage for Tensors and Float32Arrays). */
  data: Float32Array = new Float32Array(0);
  /** The shape, batch first. */
  shape: number[] = [0];
  private buf: Float32Array = new Float32Array(0);

  constructor(private readonly what: string) {}

  /**
   * Reads `value` into the slot.
   * @throws LayerConfigError `MODEL_BAD_DATA` for non-numeric, ragged or empty data.
   */
  read(value: unknown): this {
    if (value instanceof Tensor) {
      this.data = value.data;
      setShape(this.shape, value.shape);
      if (this.shape.length === 0) throw this.bad('a scalar is not a batch');
      return this;
    }
    if (value instanceof Float32Array) {
      this.data = value;
      this.setFlatShape(value.length);
      return this;
    }
    // Everything else is converted in its own method: a Tensor caller's
    // first call compiles only the lines above.
    return this.readOther(value);
  }

  /** {@link read} for other typed arrays and (nested) arrays: copied into the slot's buffer. */
  private readOther(value: unknown): this {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const src = value as unknown as ArrayLike<number>;
      this.data = this.buffer(src.length);
      for (let i = 0; i < src.length; i++) this.data[i] = Number(src[i]);
      this.shape.length = 1;
      this.shape[0] = src.length;
      return this;
    }
    if (!Array.isArray(value)) throw this.bad(`expected a Tensor, Float32Array or (nested) array of numbers, got ${describe(value)}`);
    if (value.length === 0) throw this.bad('the data is empty');
    if (typeof value[0] === 'number') {
      // A flat list: the common case of one feature per sample (the seed model).
      const n = value.length;
      const out = this.buffer(n);
      for (let i = 0; i < n; i++) {
        const v = value[i];
        if (typeof v !== 'number') throw this.bad(`expected a number at [${i}], got ${describe(v)}`);
        out[i] = v;
      }
      this.setFlatShape(n);
      this.data = out;
      return this;
    }
    // Shape from the first element at each depth; the copy checks every row.
    const shape = this.shape;
    shape.length = 0;
    let cur: unknown = value;
    let size = 1;
    while (Array.isArray(cur)) {
      shape.push(cur.length);
      size *= cur.length;
      if (cur.length === 0) break;
      cur = cur[0];
    }
    if (shape.length > 32) throw this.bad(`nesting of depth ${shape.length} is not supported`);
    const out = this.buffer(size);
    if (shape.length === 1) {
      for (let i = 0; i < size; i++) {
        const v = value[i];
        if (typeof v !== 'number') throw this.bad(`expected a number at [${i}], got ${describe(v)}`);
        out[i] = v;
      }
    } else if (shape.length === 2) {
      const cols = shape[1]!;
      for (let i = 0, o = 0; i < shape[0]!; i++) {
        const row = value[i];
        if (!Array.isArray(row) || row.length !== cols) throw this.bad(`ragged data: row ${i} has ${Array.isArray(row) ? row.length : describe(row)} entries, expected ${cols}`);
        for (let j = 0; j < cols; j++, o++) {
          const v = row[j];
          if (typeof v !== 'number') throw this.bad(`expected a number at [${i}][${j}], got ${describe(v)}`);
          out[o] = v;
        }
      }
    } else {
      const end = this.fill(value, 0, 0, out);
      if (end !== size) throw this.bad('ragged data');
    }
    this.data = out;
    return this;
  }

  private setFlatShape(n: number): void {
    if (this.shape.length !== 1) this.shape.length = 1;
    this.shape[0] = n;
  }

  private fill(v: unknown, depth: number, offset: number, out: Float32Array): number {
    const shape = this.shape;
    if (depth === shape.length) {
      if (typeof v !== 'number') throw this.bad(`expected a number at depth ${depth}, got ${describe(v)}`);
      out[offset] = v;
      return offset + 1;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw this.bad(`ragged data at depth ${depth}: expected ${shape[depth]} entries, got ${Array.isArray(v) ? v.length : describe(v)}`);
    for (let i = 0; i < v.length; i++) offset = this.fill(v[i], depth + 1, offset, out);
    return offset;
  }

  private buffer(n: number): Float32Array {
    if (this.buf.length !== n) this.buf = new Float32Array(n);
    return this.buf;
  }

  private bad(message: string): LayerConfigError {
    return new LayerConfigError('MODEL_BAD_DATA', '', this.what, `${this.what}: ${message}`);
  }
}

function setShape(dst: number[], src: readonly number[]): void {
  if (dst.length !== src.length) dst.length = src.length;
  for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
}

/** Product of `shape` from index `from`. */
export function sizeFrom(shape: readonly number[], from: number): number {
  let n = 1;
  for (let i = from; i < shape.length; i++) n *= shape[i]!;
  return n;
}
