/**
 * The one bounds-checked reader every HDF5 structure goes through.
 *
 * A `Cursor` reads little-endian fields from a window `[start, end)` of the
 * file's bytes. Every read checks the window first and throws an
 * {@link Hdf5Error} naming the structure being read and the byte offset, so a
 * truncated or corrupt file can never read past a structure's declared size
 * or past the end of the file. Sub-windows (`sub`) are cut to a structure's
 * declared size, as the spec's "message data of size N" suggests.
 *
 * Spec: HDF5 File Format Specification v3, section I.A ("all metadata fields
 * are stored in little-endian byte order"); "Size of Offsets" and "Size of
 * Lengths" come from the superblock (section II.A).
 */
import { Hdf5Error } from './errors.js';

/** The undefined address (all bits set) decodes to this value. */
export const UNDEFINED_ADDRESS = -1;

export class Cursor {
  /** The whole file (not only this window); positions are file offsets. */
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Where this window starts (a file offset). */
  readonly start: number;
  /** Where this window ends (exclusive; a file offset). */
  readonly end: number;
  /** The structure this window belongs to, for error messages. */
  readonly structure: string;
  /** Current position (a file offset). */
  pos: number;
  /** Size of Offsets from the superblock (2, 4 or 8). */
  offsetSize: number;
  /** Size of Lengths from the superblock (2, 4 or 8). */
  lengthSize: number;

  constructor(bytes: Uint8Array, view: DataView, start: number, end: number, structure: string,
    offsetSize = 8, lengthSize = 8) {
    this.bytes = bytes;
    this.view = view;
    this.start = start;
    this.end = end;
    this.pos = start;
    this.structure = structure;
    this.offsetSize = offsetSize;
    this.lengthSize = lengthSize;
  }

  /** A fresh cursor over the same window, positioned at its start. */
  clone(): Cursor {
    return new Cursor(this.bytes, this.view, this.start, this.end, this.structure, this.offsetSize, this.lengthSize);
  }

  /** Bytes left in this window after the current position. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a typed error at the current position (or at `at`). */
  fail(code: string, message: string, at = this.pos): never {
    throw new Hdf5Error(code, this.structure, at, message);
  }

  /** Checks that `n` more bytes are available. */
  need(n: number): void {
    if (!(n >= 0) || this.pos + n > this.end) {
      this.fail('TRUNCATED', `needs ${n} more byte(s) but only ${this.end - this.pos} remain`);
    }
  }

  /**
   * A new cursor over `[at, at + length)` of the same file, checked against
   * the file (not this window): used to follow a file address.
   */
  window(at: number, length: number, structure: string): Cursor {
    if (!(at >= 0) || !(length >= 0) || at + length > this.bytes.length) {
      throw new Hdf5Error('OUT_OF_BOUNDS', structure, at,
        `${length} byte(s) at 0x${at.toString(16)} lie outside the file (${this.bytes.length} bytes)`);
    }
    return new Cursor(this.bytes, this.view, at, at + length, structure, this.offsetSize, this.lengthSize);
  }

  /** A cursor over the next `length` bytes of this window; advances past them. */
  sub(length: number, structure = this.structure): Cursor {
    this.need(length);
    const c = new Cursor(this.bytes, this.view, this.pos, this.pos + length, structure,
      this.offsetSize, this.lengthSize);
    this.pos += length;
    return c;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** Moves to a file offset inside this window. */
  seek(at: number): void {
    if (!(at >= this.start) || at > this.end) this.fail('OUT_OF_BOUNDS', `cannot seek to 0x${at.toString(16)}`);
    this.pos = at;
  }

  u8(): number {
    if (this.pos + 1 > this.end) this.need(1);
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    if (this.pos + 2 > this.end) this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    if (this.pos + 4 > this.end) this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /**
   * An unsigned little-endian integer of `n` bytes (0..8) as a number.
   * Values above 2^53 cannot be file positions or sizes: they throw
   * `VALUE_TOO_LARGE`.
   */
  uint(n: number): number {
    return this.readUint(n, false);
  }

  private readUint(n: number, undefinedIfAllOnes: boolean): number {
    this.need(n);
    const b = this.bytes;
    const p = this.pos;
    let allOnes = n > 0;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < n; i++) {
      const byte = b[p + i]!;
      if (byte !== 0xff) allOnes = false;
      v += byte * mul;
      mul *= 256;
    }
    this.pos += n;
    if (allOnes && undefinedIfAllOnes) return UNDEFINED_ADDRESS;
    if (v > Number.MAX_SAFE_INTEGER) this.fail('VALUE_TOO_LARGE', `a ${n}-byte value exceeds 2^53`, p);
    return v;
  }

  /** A 64-bit unsigned value as a bigint (never throws for size). */
  u64big(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** An address ("Size of Offsets" bytes); the undefined address (all ones) → -1. */
  offset(): number {
    return this.readUint(this.offsetSize, true);
  }

  /** A length ("Size of Lengths" bytes). All ones (an "undefined" size) decodes as -1 too. */
  length(): number {
    return this.readUint(this.lengthSize, true);
  }

  /** A view (no copy) of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Checks a 4-byte ASCII signature such as `OHDR`. */
  signature(sig: string): void {
    const at = this.pos;
    this.need(4);
    const b = this.bytes;
    for (let i = 0; i < 4; i++) {
      if (b[at + i] !== sig.charCodeAt(i)) {
        const found = String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
        this.fail('BAD_SIGNATURE', `expected signature "${sig}", found ${JSON.stringify(found)}`, at);
      }
    }
    this.pos += 4;
  }

  /** A NUL-terminated string starting here (the NUL is consumed). */
  cstring(maxLength = this.end - this.pos): string {
    const b = this.bytes;
    const limit = Math.min(this.end, this.pos + maxLength);
    let i = this.pos;
    while (i < limit && b[i] !== 0) i++;
    if (i >= limit) this.fail('TRUNCATED', 'unterminated string');
    const s = decodeUtf8(b, this.pos, i);
    this.pos = i + 1;
    return s;
  }

  /** A string stored in exactly `n` bytes (trailing NULs dropped). */
  cstringOfLength(n: number): string {
    this.need(n);
    const b = this.bytes;
    let e = this.pos + n;
    while (e > this.pos && b[e - 1] === 0) e--;
    const s = decodeUtf8(b, this.pos, e);
    this.pos += n;
    return s;
  }

  /** Aligns the position to a multiple of `n` relative to `from`. */
  align(n: number, from = this.start): void {
    const rel = this.pos - from;
    const pad = (n - (rel % n)) % n;
    this.pos = Math.min(this.pos + pad, this.end);
  }
}

const utf8 = new TextDecoder('utf-8');

/** Decodes bytes[start, end) as UTF-8, replacing malformed sequences. ASCII fast path. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) { ascii = false; break; }
  }
  if (ascii && end - start < 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return utf8.decode(bytes.subarray(start, end));
}
