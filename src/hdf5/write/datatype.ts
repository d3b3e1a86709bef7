/**
 * Datatype message (type 0x0003), version 1, as h5py writes it: fixed-point
 * (class 0), IEEE floating point (class 1), fixed-length strings (class 3) and
 * variable-length strings (class 9 over an unsigned byte base type).
 * Spec: "IV.A.2.d. The Datatype Message".
 */
import type { Out } from './bytes.js';

/** The numeric element types the writer knows, by their NumPy names. */
export type H5NumericDtype =
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float16' | 'float32' | 'float64';

/** How fixed-length strings are padded (the STRPAD of h5dump). */
export type H5StringPadding = 'nullterm' | 'nullpad' | 'spacepad';

/** String character set; HDF5 knows only these two. */
export type H5Charset = 'ascii' | 'utf8';

/** A numeric datatype. */
export interface NumericType {
  readonly kind: 'numeric';
  readonly dtype: H5NumericDtype;
  /** Element size in bytes. */
  readonly size: number;
  readonly float: boolean;
  readonly signed: boolean;
}

/** A fixed-length string datatype (`|S n` in NumPy terms). */
export interface FixedStringType {
  readonly kind: 'string';
  readonly vlen: false;
  readonly size: number;
  readonly charset: H5Charset;
  readonly padding: H5StringPadding;
}

/** A variable-length string datatype (h5py's `string_dtype()`). */
export interface VlenStringType {
  readonly kind: 'string';
  readonly vlen: true;
  /** Size of one element on disk: length (4) + global heap ID (8 + 4). */
  readonly size: 16;
  readonly charset: H5Charset;
}

/** Every datatype the writer emits. */
export type H5Datatype = NumericType | FixedStringType | VlenStringType;

interface NumericSpec { size: number; float: boolean; signed: boolean }

/** One row per dtype; lookups that miss are refused by the caller. */
export const NUMERIC_DTYPES: Readonly<Record<H5NumericDtype, NumericSpec>> = Object.freeze({
  int8: { size: 1, float: false, signed: true },
  int16: { size: 2, float: false, signed: true },
  int32: { size: 4, float: false, signed: true },
  int64: { size: 8, float: false, signed: true },
  uint8: { size: 1, float: false, signed: false },
  uint16: { size: 2, float: false, signed: false },
  uint32: { size: 4, float: false, signed: false },
  uint64: { size: 8, float: false, signed: false },
  float16: { size: 2, float: true, signed: true },
  float32: { size: 4, float: true, signed: true },
  float64: { size: 8, float: true, signed: true },
});

/** True when `name` is one of {@link H5NumericDtype}. */
export function isNumericDtype(name: unknown): name is H5NumericDtype {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(NUMERIC_DTYPES, name);
}

/** The datatype record for a numeric dtype name. */
export function numericType(dtype: H5NumericDtype): NumericType {
  const s = NUMERIC_DTYPES[dtype];
  return { kind: 'numeric', dtype, size: s.size, float: s.float, signed: s.signed };
}

/** IEEE field layout per float size: sign bit, exponent location/size, mantissa size, bias. */
const FLOAT_FIELDS: Readonly<Record<number, readonly [number, number, number, number, number]>> = {
  2: [15, 10, 5, 10, 15],
  4: [31, 23, 8, 23, 127],
  8: [63, 52, 11, 52, 1023],
};

const CLASS_FIXED_POINT = 0;
const CLASS_FLOAT = 1;
const CLASS_STRING = 3;
const CLASS_VLEN = 9;
const PADDING_CODE: Readonly<Record<H5StringPadding, number>> = { nullterm: 0, nullpad: 1, spacepad: 2 };
const CHARSET_CODE: Readonly<Record<H5Charset, number>> = { ascii: 0, utf8: 1 };

/** Unpadded size of the encoded datatype message body. */
export function datatypeSize(t: H5Datatype): number {
  if (t.kind === 'numeric') return t.float ? 20 : 12;
  return t.vlen ? 20 : 8;
}

/** Writes the datatype message body at `off` (caller sized it with {@link datatypeSize}). */
export function writeDatatype(out: Out, off: number, t: H5Datatype): void {
  const { bytes, view } = out;
  if (t.kind === 'numeric') {
    if (t.float) {
      const [sign, expLoc, expSize, mantSize, bias] = FLOAT_FIELDS[t.size]!;
      bytes[off] = 0x10 | CLASS_FLOAT;
      bytes[off + 1] = 0x20; // little-endian, no padding bits, mantissa MSB implied
      bytes[off + 2] = sign;
      view.setUint32(off + 4, t.size, true);
      view.setUint16(off + 8, 0, true); // bit offset
      view.setUint16(off + 10, t.size * 8, true); // precision
      bytes[off + 12] = expLoc;
      bytes[off + 13] = expSize;
      bytes[off + 14] = 0; // mantissa location
      bytes[off + 15] = mantSize;
      view.setUint32(off + 16, bias, true);
    } else {
      writeFixedPoint(out, off, t.size, t.signed);
    }
    return;
  }
  if (!t.vlen) {
    bytes[off] = 0x10 | CLASS_STRING;
    bytes[off + 1] = PADDING_CODE[t.padding] | (CHARSET_CODE[t.charset] << 4);
    view.setUint32(off + 4, t.size, true);
    return;
  }
  bytes[off] = 0x10 | CLASS_VLEN;
  bytes[off + 1] = 0x01; // sequence type: string; padding: null-terminated
  bytes[off + 2] = CHARSET_CODE[t.charset];
  view.setUint32(off + 4, 16, true);
  writeFixedPoint(out, off + 8, 1, false); // base type: unsigned char, as libhdf5 writes
}

function writeFixedPoint(out: Out, off: number, size: number, signed: boolean): void {
  out.bytes[off] = 0x10 | CLASS_FIXED_POINT;
  out.bytes[off + 1] = signed ? 0x08 : 0x00; // little-endian, no padding bits
  out.view.setUint32(off + 4, size, true);
  out.view.setUint16(off + 8, 0, true);
  out.view.setUint16(off + 10, size * 8, true);
}
