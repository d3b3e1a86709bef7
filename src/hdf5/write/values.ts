/**
 * Turns what a user hands to `createDataset` or `attrs.set` (numbers, bigints,
 * strings, typed arrays, nested arrays) into one normalised value: a datatype,
 * a shape and either the raw little-endian element bytes or, for
 * variable-length strings, the UTF-8 bytes of each element.
 *
 * A typed array whose element type is the target dtype is referenced, not
 * copied: its bytes go into the file with one `Uint8Array.set` when the file
 * is serialised. Anything else is converted once, here, with every element
 * checked (integers in range, no strings among numbers, …).
 */
import { Hdf5Error } from '../errors.js';
import { hostIsLittleEndian } from './bytes.js';
import {
  isNumericDtype, numericType,
  type H5Charset, type H5Datatype, type H5NumericDtype, type H5StringPadding,
} from './datatype.js';
import { encodeUtf8, isAscii } from './utf8.js';

/** Typed arrays accepted as data. `Uint16Array` doubles as raw half floats with `dtype: 'float16'`. */
export type H5TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** Nested arrays of numbers, bigints or strings. */
export interface H5NestedArray<T> extends ReadonlyArray<T | H5NestedArray<T>> {}

/** Everything a dataset or attribute can be given as. */
export type H5Value =
  | number | bigint | string
  | H5TypedArray
  | H5NestedArray<number> | H5NestedArray<bigint> | H5NestedArray<string>;

/** How a value is stored; shared by datasets and attributes. */
export interface H5ValueOptions {
  /**
   * Dimensions, row-major. Default: `[]` (scalar) for a number, bigint or
   * string; the nesting of nested arrays; `[length]` for a flat array.
   */
  shape?: readonly number[];
  /**
   * Numeric element type. Default: the typed array's own type; `'float64'` for
   * numbers (as NumPy does for Python floats); `'int64'` for bigints.
   */
  dtype?: H5NumericDtype;
  /** Strings: `'vlen'` (variable length, default, as h5py writes `str`) or `'fixed'` (NumPy `|S n`). */
  stringType?: 'vlen' | 'fixed';
  /** Strings: `'utf8'` (default) or `'ascii'` (then every character must be 7-bit). */
  charset?: H5Charset;
  /** Fixed-length strings: `'nullpad'` (default, h5py's), `'nullterm'` or `'spacepad'`. */
  padding?: H5StringPadding;
  /** Fixed-length strings: bytes per element. Default: the longest string (at least 1; +1 for `'nullterm'`). */
  stringSize?: number;
}

/** The normalised value the planner writes. */
export interface NormalizedValue {
  readonly type: H5Datatype;
  /** `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (1 for a scalar). */
  readonly count: number;
  /** Raw little-endian element bytes (numeric and fixed-length strings). */
  readonly raw?: Uint8Array;
  /** Encoded elements of a variable-length string value. */
  readonly strings?: readonly Uint8Array[];
}

/** HDF5's limit on dataspace rank (H5S_MAX_RANK). */
export const MAX_RANK = 32;

type Leaf = 'number' | 'bigint' | 'string';

const TYPED_ARRAY_DTYPE: Readonly<Record<string, H5NumericDtype>> = {
  '[object Int8Array]': 'int8',
  '[object Uint8Array]': 'uint8',
  '[object Uint8ClampedArray]': 'uint8',
  '[object Int16Array]': 'int16',
  '[object Uint16Array]': 'uint16',
  '[object Int32Array]': 'int32',
  '[object Uint32Array]': 'uint32',
  '[object BigInt64Array]': 'int64',
  '[object BigUint64Array]': 'uint64',
  '[object Float16Array]': 'float16',
  '[object Float32Array]': 'float32',
  '[object Float64Array]': 'float64',
};

/**
 * Normalises `value` for storage.
 * @param structure the spec structure named in errors ("dataset", "attribute message").
 * @param what names the value in errors (its path, or attribute name and owner).
 * @throws {Hdf5Error} `INVALID_VALUE`, `INVALID_SHAPE`, `INVALID_DTYPE`,
 *   `VALUE_OUT_OF_RANGE`, `NOT_ASCII`, `INVALID_STRING`, `STRING_TOO_LONG`.
 */
export function normalizeValue(
  value: H5Value, options: H5ValueOptions, structure: string, what: string,
): NormalizedValue {
  const fail = (code: string, msg: string): never => {
    throw new Hdf5Error(code, structure, -1, `${what}: ${msg}`);
  };
  if (options.dtype !== undefined && !isNumericDtype(options.dtype)) {
    fail('INVALID_DTYPE', `unknown dtype ${JSON.stringify(options.dtype)}; expected one of int8…int64, uint8…uint64, float16, float32, float64`);
  }

  // Typed arrays: zero-copy when the element type already matches.
  if (ArrayBuffer.isView(value)) {
    const natural = TYPED_ARRAY_DTYPE[Object.prototype.toString.call(value)];
    if (natural === undefined) fail('INVALID_VALUE', `a ${Object.prototype.toString.call(value).slice(8, -1)} is not a supported data array`);
    const arr = value as unknown as ArrayLike<number | bigint> & ArrayBufferView;
    const shape = checkShape(options.shape ?? [arr.length], arr.length, fail);
    const dtype = options.dtype ?? natural!;
    if (options.stringType !== undefined) fail('INVALID_VALUE', 'stringType was given for numeric data');
    const sameBits = dtype === natural || (dtype === 'float16' && natural === 'uint16');
    const raw = sameBits
      ? littleEndianBytes(arr, numericType(dtype).size)
      : convertNumeric(arr, arr.length, dtype, fail);
    return { type: numericType(dtype), shape, count: arr.length, raw };
  }

  // Scalars and (nested) arrays.
  const flat: (number | bigint | string)[] = [];
  let inferred: number[];
  let leaf: Leaf | undefined;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') {
    flat.push(value);
    inferred = [];
    leaf = typeof value as Leaf;
  } else if (Array.isArray(value)) {
    inferred = [];
    leaf = flattenAll(value, inferred, flat, fail);
  } else {
    return fail('INVALID_VALUE', `cannot store a ${value === null ? 'null' : typeof value}; expected a number, bigint, string, typed array or (nested) array of them`);
  }
  const shape = checkShape(options.shape ?? inferred, flat.length, fail);
  const isString = leaf === 'string' || (leaf === undefined && options.dtype === undefined &&
    (options.stringType !== undefined || options.charset !== undefined));
  if (isString) {
    if (options.dtype !== undefined) fail('INVALID_DTYPE', `dtype ${options.dtype} was given for string data`);
    return normalizeStrings(flat as string[], shape, options, fail);
  }
  if (options.stringType !== undefined) fail('INVALID_VALUE', 'stringType was given for numeric data');
  const dtype = options.dtype ?? (leaf === 'bigint' ? 'int64' : 'float64');
  const raw = convertNumeric(flat as ArrayLike<number | bigint>, flat.length, dtype, fail);
  return { type: numericType(dtype), shape, count: flat.length, raw };
}

type Fail = (code: string, msg: string) => never;

/** Walks nested arrays depth-first, recording the shape and refusing ragged or mixed input. */
function flattenAll(arr: readonly unknown[], shape: number[], flat: (number | bigint | string)[], fail: Fail): Leaf | undefined {
  const state: FlattenState = { leaf: undefined, leafDepth: -1 };
  flatten(arr, 0, shape, flat, state, fail);
  let n = 1;
  for (const d of shape) n *= d;
  if (n !== flat.length) fail('INVALID_SHAPE', 'ragged nested array');
  return state.leaf;
}

interface FlattenState { leaf: Leaf | undefined; leafDepth: number }

function flatten(
  arr: readonly unknown[], depth: number, shape: number[], flat: (number | bigint | string)[],
  state: FlattenState, fail: Fail,
): void {
  if (depth >= MAX_RANK) fail('INVALID_SHAPE', `arrays nested deeper than HDF5's ${MAX_RANK} dimensions`);
  if (state.leafDepth >= 0 && depth > state.leafDepth) fail('INVALID_SHAPE', `ragged nested array: an array where values were expected (depth ${depth})`);
  if (shape.length === depth) shape.push(arr.length);
  else if (shape[depth] !== arr.length) fail('INVALID_SHAPE', `ragged nested array: length ${arr.length} at depth ${depth}, expected ${shape[depth]}`);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (Array.isArray(v)) {
      flatten(v, depth + 1, shape, flat, state, fail);
      continue;
    }
    const t = typeof v;
    if (t !== 'number' && t !== 'bigint' && t !== 'string') {
      fail('INVALID_VALUE', `element ${flat.length} is a ${v === null ? 'null' : t}; expected a number, bigint or string`);
    }
    if (state.leafDepth < 0) {
      if (shape.length !== depth + 1) fail('INVALID_SHAPE', `ragged nested array: a value at depth ${depth} where arrays were expected`);
      state.leafDepth = depth;
    } else if (state.leafDepth !== depth) {
      fail('INVALID_SHAPE', `ragged nested array: a value at depth ${depth}, expected depth ${state.leafDepth}`);
    }
    if (state.leaf !== undefined && state.leaf !== t) fail('INVALID_VALUE', `mixed ${state.leaf} and ${t} elements`);
    state.leaf = t as Leaf;
    flat.push(v as number | bigint | string);
  }
}

function checkShape(shape: readonly number[], count: number, fail: Fail): number[] {
  if (!Array.isArray(shape)) fail('INVALID_SHAPE', 'shape must be an array of integers');
  if (shape.length > MAX_RANK) fail('INVALID_SHAPE', `rank ${shape.length} exceeds HDF5's limit of ${MAX_RANK}`);
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail('INVALID_SHAPE', `shape[${i}] is ${String(d)}; dimensions are non-negative integers`);
    }
    n *= d!;
  }
  if (n !== count) fail('INVALID_SHAPE', `shape [${shape.join(', ')}] holds ${n} elements but the data has ${count}`);
  return shape.slice();
}

/** The bytes of a typed array in little-endian order: a view on LE hosts, a swapped copy otherwise. */
function littleEndianBytes(arr: ArrayBufferView, size: number): Uint8Array {
  const view = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  if (size === 1 || hostIsLittleEndian()) return view;
  const out = new Uint8Array(view.length);
  for (let i = 0; i < view.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = view[i + size - 1 - j]!;
  }
  return out;
}

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255],
  int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};

/** Converts element by element into a fresh typed array of `dtype`, checking each value. */
function convertNumeric(
  src: ArrayLike<number | bigint | string>, n: number, dtype: H5NumericDtype, fail: Fail,
): Uint8Array {
  const bad = (i: number, why: string): never => fail('VALUE_OUT_OF_RANGE', `element ${i} (${String(src[i])}) ${why} for ${dtype}`);
  const notNumber = (i: number): never => fail('INVALID_VALUE', `element ${i} is a ${typeof src[i]}; expected a number or bigint`);
  let out: H5TypedArray;
  switch (dtype) {
    case 'float32':
    case 'float64': {
      const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = src[i];
        if (typeof v === 'number') a[i] = v;
        else if (typeof v === 'bigint') a[i] = Number(v);
        else notNumber(i);
      }
      out = a;
      break;
    }
    case 'float16': {
      const a = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        const v = src[i];
        if (typeof v === 'number') a[i] = float16Bits(v);
        else if (typeof v === 'bigint') a[i] = float16Bits(Number(v));
        else notNumber(i);
      }
      out = a;
      break;
    }
    case 'int64':
    case 'uint64': {
      const signed = dtype === 'int64';
      const a = signed ? new BigInt64Array(n) : new BigUint64Array(n);
      const lo = signed ? -(1n << 63n) : 0n;
      const hi = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n;
      for (let i = 0; i < n; i++) {
        const v = src[i];
        let b: bigint;
        if (typeof v === 'bigint') b = v;
        else if (typeof v === 'number') {
          if (!Number.isInteger(v)) bad(i, 'is not an integer');
          b = BigInt(v);
        } else return notNumber(i);
        if (b < lo || b > hi) bad(i, 'is out of range');
        a[i] = b;
      }
      out = a;
      break;
    }
    default: {
      const [lo, hi] = INT_RANGE[dtype]!;
      const a = makeIntArray(dtype, n);
      for (let i = 0; i < n; i++) {
        const v = src[i];
        let x: number;
        if (typeof v === 'number') x = v;
        else if (typeof v === 'bigint') {
          if (v < BigInt(lo) || v > BigInt(hi)) bad(i, 'is out of range');
          x = Number(v);
        } else return notNumber(i);
        if (!Number.isInteger(x)) bad(i, 'is not an integer');
        if (x < lo || x > hi) bad(i, 'is out of range');
        a[i] = x;
      }
      out = a;
    }
  }
  return littleEndianBytes(out, numericType(dtype).size);
}

function makeIntArray(dtype: H5NumericDtype, n: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array {
  switch (dtype) {
    case 'int8': return new Int8Array(n);
    case 'uint8': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    default: return new Uint32Array(n);
  }
}

/**
 * IEEE binary16 bits of a double, rounded to nearest, ties to even, directly
 * from the double (no detour through float32, which could round twice).
 * Values at or beyond 65520 become ±Infinity, as in NumPy.
 */
export function float16Bits(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 6.103515625e-5) {
    // subnormal (or zero): units of 2^-24; a carry to 1024 is the smallest normal, bit-exact
    return sign | roundHalfEven(a * 16777216);
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function normalizeStrings(
  strings: readonly string[], shape: number[], options: H5ValueOptions, fail: Fail,
): NormalizedValue {
  const stringType = options.stringType ?? 'vlen';
  if (stringType !== 'vlen' && stringType !== 'fixed') fail('INVALID_VALUE', `stringType must be 'vlen' or 'fixed', not ${JSON.stringify(stringType)}`);
  const charset = options.charset ?? 'utf8';
  if (charset !== 'utf8' && charset !== 'ascii') fail('INVALID_VALUE', `charset must be 'utf8' or 'ascii', not ${JSON.stringify(charset)}`);
  const n = strings.length;
  const encoded: Uint8Array[] = new Array(n);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const b = encodeUtf8(strings[i]!, 'string', `string element ${i}`);
    if (b.indexOf(0) >= 0) fail('INVALID_STRING', `string element ${i} contains U+0000, which HDF5 string readers treat as the end`);
    if (charset === 'ascii' && !isAscii(b)) fail('NOT_ASCII', `string element ${i} has non-ASCII characters but charset is 'ascii'`);
    encoded[i] = b;
    if (b.length > longest) longest = b.length;
  }
  if (stringType === 'vlen') {
    if (options.padding !== undefined && options.padding !== 'nullterm') {
      fail('INVALID_VALUE', `variable-length strings are null-terminated; padding ${JSON.stringify(options.padding)} applies to fixed-length strings`);
    }
    return { type: { kind: 'string', vlen: true, size: 16, charset }, shape, count: n, strings: encoded };
  }
  const padding = options.padding ?? 'nullpad';
  if (padding !== 'nullpad' && padding !== 'nullterm' && padding !== 'spacepad') fail('INVALID_VALUE', `unknown padding ${JSON.stringify(padding)}`);
  const reserve = padding === 'nullterm' ? 1 : 0;
  const size = options.stringSize ?? Math.max(1, longest + reserve);
  if (!Number.isSafeInteger(size) || size < 1 || size > 0xffff_ffff) fail('INVALID_VALUE', `stringSize ${String(size)} is not an integer in 1..2^32-1`);
  if (longest + reserve > size) fail('STRING_TOO_LONG', `a string of ${longest} bytes does not fit stringSize ${size}${reserve ? ' with its terminator' : ''}`);
  const raw = new Uint8Array(n * size);
  if (padding === 'spacepad') raw.fill(0x20);
  for (let i = 0; i < n; i++) raw.set(encoded[i]!, i * size);
  return { type: { kind: 'string', vlen: false, size, charset, padding }, shape, count: n, raw };
}
