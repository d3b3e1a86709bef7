/**
 * Turns raw element bytes into JavaScript values of the natural type:
 * typed arrays for numbers (float16 widened to Float32Array, 64-bit integers
 * as BigInt64Array / BigUint64Array), `string[]` for strings, records for
 * compounds, arrays of typed arrays for variable-length sequences, and raw
 * `Uint8Array` bytes for opaque, bitfield, time and reference types.
 *
 * Little-endian numeric data whose offset is a multiple of the element size
 * is returned as a view over the caller's bytes (no copy) unless `copy` is
 * set; everything else is decoded into fresh memory.
 */
import { decodeUtf8 } from './cursor.js';
import { Hdf5Error } from './errors.js';
import type { FileContext } from './file-context.js';
import { integerValue } from './messages/datatype.js';
import type { FloatDtype, Hdf5Dtype, IntegerDtype, StringDtype } from './dtype.js';
import { globalHeapObject } from './structures/global-heap.js';

/** A record (one compound element): member name → value. */
export type Hdf5Record = { [member: string]: Hdf5Value | number | bigint | string | Hdf5Record };

/** What {@link Hdf5Dataset.read} returns. */
export type Hdf5Value =
  | Float32Array | Float64Array
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | string[]
  | Hdf5Record[]
  | Hdf5Value[];

export interface DecodeOptions {
  /** Always copy, never return a view over the file bytes. */
  copy: boolean;
  /** File offset of the data, for error messages. */
  at: number;
}

/** Decodes `count` elements of `dtype` from `raw` (which holds at least count × size bytes). */
export function decodeElements(file: FileContext, raw: Uint8Array, dtype: Hdf5Dtype, count: number,
  opts: DecodeOptions): Hdf5Value {
  switch (dtype.class) {
    case 'integer': return decodeInteger(raw, dtype, count, opts);
    case 'enum': return decodeInteger(raw, dtype.base, count, opts, dtype.size);
    case 'float': return decodeFloat(raw, dtype, count, opts);
    case 'string': return dtype.variable ? decodeVlenStrings(file, raw, dtype, count, opts) : decodeFixedStrings(raw, dtype, count);
    case 'compound': return decodeCompound(file, raw, dtype, count, opts);
    case 'array': {
      let n = 1;
      for (const d of dtype.dims) n *= d;
      return decodeElements(file, raw, dtype.base, count * n, opts);
    }
    case 'vlen': return decodeVlenSequences(file, raw, dtype, count, opts);
    case 'complex': return decodeFloat(raw, dtype.base, count * 2, opts);
    default: return raw.slice(0, count * dtype.size);
  }
}

type IntArrayCtor = Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor
  | Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor
  | BigInt64ArrayConstructor | BigUint64ArrayConstructor;

function intCtor(size: number, signed: boolean): IntArrayCtor | undefined {
  switch (size) {
    case 1: return signed ? Int8Array : Uint8Array;
    case 2: return signed ? Int16Array : Uint16Array;
    case 4: return signed ? Int32Array : Uint32Array;
    case 8: return signed ? BigInt64Array : BigUint64Array;
    default: return undefined;
  }
}

/** A view when aligned and allowed, else a copy; for little-endian data of a native type. */
function viewOrCopy<T>(raw: Uint8Array, ctor: { new(b: ArrayBufferLike, o: number, n: number): T; new(n: number): T; BYTES_PER_ELEMENT: number },
  count: number, copy: boolean): T {
  const size = ctor.BYTES_PER_ELEMENT;
  if (!copy && raw.byteOffset % size === 0) return new ctor(raw.buffer, raw.byteOffset, count);
  const out = new ctor(count);
  new Uint8Array((out as unknown as { buffer: ArrayBuffer }).buffer).set(raw.subarray(0, count * size));
  return out;
}

function swapInto(raw: Uint8Array, out: Uint8Array, size: number, count: number): void {
  for (let i = 0, p = 0; i < count; i++, p += size) {
    for (let b = 0; b < size; b++) out[p + b] = raw[p + size - 1 - b]!;
  }
}

function decodeInteger(raw: Uint8Array, t: IntegerDtype, count: number, opts: DecodeOptions,
  stride = t.size): Hdf5Value {
  const ctor = intCtor(t.size, t.signed);
  if (!ctor) {
    throw new Hdf5Error('UNSUPPORTED_DATATYPE', 'datatype', opts.at, `${t.size}-byte integers are not supported`);
  }
  const standard = t.bitOffset === 0 && t.precision === t.size * 8 && stride === t.size;
  if (standard && t.order === 'little') return viewOrCopy(raw, ctor as never, count, opts.copy) as Hdf5Value;
  const out = new ctor(count);
  if (standard) {
    swapInto(raw, new Uint8Array(out.buffer), t.size, count);
    return out;
  }
  for (let i = 0; i < count; i++) (out as unknown as Array<number | bigint>)[i] = integerValue(raw, i * stride, t);
  return out;
}

function isIeee(t: FloatDtype, size: number, exp: number, mant: number, bias: number): boolean {
  return t.size === size && t.exponentSize === exp && t.mantissaSize === mant && t.exponentBias === bias
    && t.bitOffset === 0 && t.mantissaLocation === 0 && t.exponentLocation === mant;
}

function decodeFloat(raw: Uint8Array, t: FloatDtype, count: number, opts: DecodeOptions): Hdf5Value {
  if (isIeee(t, 4, 8, 23, 127)) {
    if (t.order === 'little') return viewOrCopy(raw, Float32Array, count, opts.copy);
    const out = new Float32Array(count);
    swapInto(raw, new Uint8Array(out.buffer), 4, count);
    return out;
  }
  if (isIeee(t, 8, 11, 52, 1023)) {
    if (t.order === 'little') return viewOrCopy(raw, Float64Array, count, opts.copy);
    const out = new Float64Array(count);
    swapInto(raw, new Uint8Array(out.buffer), 8, count);
    return out;
  }
  if (isIeee(t, 2, 5, 10, 15)) {
    const out = new Float32Array(count);
    const big = t.order === 'big';
    for (let i = 0; i < count; i++) {
      const h = big ? (raw[2 * i]! << 8) | raw[2 * i + 1]! : raw[2 * i]! | (raw[2 * i + 1]! << 8);
      out[i] = halfToFloat(h);
    }
    return out;
  }
  throw new Hdf5Error('UNSUPPORTED_DATATYPE', 'datatype', opts.at,
    `floating point with ${t.size} bytes, ${t.exponentSize}-bit exponent and ${t.mantissaSize}-bit mantissa is not supported`);
}

/** IEEE binary16 → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decodeFixedStrings(raw: Uint8Array, t: StringDtype, count: number): string[] {
  const out = new Array<string>(count);
  const size = t.size;
  for (let i = 0; i < count; i++) {
    const start = i * size;
    let end = start + size;
    if (t.padding === 'nullterm') {
      for (let k = start; k < end; k++) if (raw[k] === 0) { end = k; break; }
    } else if (t.padding === 'nullpad') {
      while (end > start && raw[end - 1] === 0) end--;
    } else {
      while (end > start && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
    }
    out[i] = decodeUtf8(raw, start, end);
  }
  return out;
}

/**
 * Checks that variable-length elements of `size` bytes are what the file's
 * offset size makes them (a 4-byte length, then a global heap ID: address
 * and 4-byte index) and that `raw` holds `count` of them, so a damaged
 * datatype cannot make the reads run past an element or the buffer.
 */
function checkVlenElements(file: FileContext, raw: Uint8Array, size: number, count: number, what: string, at: number): void {
  const expected = 4 + file.superblock.offsetSize + 4;
  if (size !== expected) {
    throw new Hdf5Error('BAD_DATATYPE', what, at, `elements of ${size} bytes; with ${file.superblock.offsetSize}-byte offsets they take ${expected}`);
  }
  if (raw.length < count * size) {
    throw new Hdf5Error('OUT_OF_BOUNDS', what, at, `${count} elements of ${size} bytes in ${raw.length} bytes of data`);
  }
}

/** Reads the (length, heap ID) pair of a variable-length element at `at`. */
function vlenRef(file: FileContext, raw: Uint8Array, at: number): { length: number; address: number; index: number } {
  const o = file.superblock.offsetSize;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const length = dv.getUint32(at, true);
  let address = 0;
  let allOnes = true;
  for (let i = o - 1; i >= 0; i--) {
    const b = raw[at + 4 + i]!;
    if (b !== 0xff) allOnes = false;
    address = address * 256 + b;
  }
  const index = dv.getUint32(at + 4 + o, true);
  return { length, address: allOnes ? -1 : address, index };
}

function decodeVlenStrings(file: FileContext, raw: Uint8Array, t: StringDtype, count: number,
  opts: DecodeOptions): string[] {
  checkVlenElements(file, raw, t.size, count, 'variable-length string', opts.at);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const ref = vlenRef(file, raw, i * t.size);
    if (ref.length === 0 || ref.address <= 0) {
      out[i] = '';
      continue;
    }
    const obj = globalHeapObject(file, ref.address, ref.index);
    if (ref.length > obj.length) {
      throw new Hdf5Error('BAD_GLOBAL_HEAP', 'variable-length string', opts.at,
        `string of ${ref.length} bytes in a ${obj.length}-byte heap object`);
    }
    let end = ref.length;
    if (t.padding === 'nullterm') {
      for (let k = 0; k < end; k++) if (obj[k] === 0) { end = k; break; }
    }
    out[i] = decodeUtf8(obj, 0, end);
  }
  return out;
}

function decodeVlenSequences(file: FileContext, raw: Uint8Array, t: Extract<Hdf5Dtype, { class: 'vlen' }>, count: number,
  opts: DecodeOptions): Hdf5Value[] {
  const { base, size } = t;
  checkVlenElements(file, raw, size, count, 'variable-length sequence', opts.at);
  const out = new Array<Hdf5Value>(count);
  for (let i = 0; i < count; i++) {
    const ref = vlenRef(file, raw, i * size);
    if (ref.length === 0 || ref.address <= 0) {
      out[i] = decodeElements(file, new Uint8Array(0), base, 0, { ...opts, copy: true });
      continue;
    }
    const obj = globalHeapObject(file, ref.address, ref.index);
    if (ref.length * base.size > obj.length) {
      throw new Hdf5Error('BAD_GLOBAL_HEAP', 'variable-length sequence', opts.at,
        `${ref.length} elements of ${base.size} bytes in a ${obj.length}-byte heap object`);
    }
    out[i] = decodeElements(file, obj, base, ref.length, { ...opts, copy: true });
  }
  return out;
}

function decodeCompound(file: FileContext, raw: Uint8Array, t: Extract<Hdf5Dtype, { class: 'compound' }>,
  count: number, opts: DecodeOptions): Hdf5Record[] {
  const records: Hdf5Record[] = new Array(count);
  for (let i = 0; i < count; i++) records[i] = Object.create(null) as Hdf5Record;
  for (const m of t.members) {
    const ms = m.dtype.size;
    const gathered = new Uint8Array(count * ms);
    for (let i = 0; i < count; i++) gathered.set(raw.subarray(i * t.size + m.offset, i * t.size + m.offset + ms), i * ms);
    const values = decodeElements(file, gathered, m.dtype, count, { ...opts, copy: true });
    const per = m.dtype.class === 'array' ? m.dtype.dims.reduce((a, b) => a * b, 1) : 0;
    for (let i = 0; i < count; i++) {
      let v: Hdf5Record[string];
      if (per > 0) {
        v = (Array.isArray(values) ? values.slice(i * per, (i + 1) * per)
          : (values as Float32Array).subarray(i * per, (i + 1) * per)) as Hdf5Value;
      }
      else if (m.dtype.class === 'opaque' || m.dtype.class === 'reference' || m.dtype.class === 'bitfield' || m.dtype.class === 'time') {
        v = (values as Uint8Array).subarray(i * ms, (i + 1) * ms);
      } else if (m.dtype.class === 'complex') v = (values as Float32Array).subarray(2 * i, 2 * i + 2);
      else v = (values as ArrayLike<Hdf5Record[string]>)[i]!;
      Object.defineProperty(records[i], m.name, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return records;
}
