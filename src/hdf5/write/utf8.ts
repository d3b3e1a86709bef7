/**
 * UTF-8 for names and strings. HDF5 stores link names, attribute names and
 * strings as bytes; we refuse lone surrogates instead of letting TextEncoder
 * turn them into U+FFFD (a silently different name).
 */
import { Hdf5Error } from '../errors.js';

let encoder: TextEncoder | undefined;

/**
 * Encodes `s` as UTF-8 after checking it is well-formed UTF-16.
 * @param what names the string in the error ("link name 'a/b'", …).
 * @throws {Hdf5Error} `INVALID_STRING` on a lone surrogate.
 */
export function encodeUtf8(s: string, structure: string, what: string): Uint8Array {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new Hdf5Error('INVALID_STRING', structure, -1,
        `${what} has a lone surrogate U+${c.toString(16).toUpperCase()} at index ${i}; it has no UTF-8 form`);
    }
  }
  encoder ??= new TextEncoder();
  return encoder.encode(s);
}

/** True when every byte is 7-bit ASCII. */
export function isAscii(b: Uint8Array): boolean {
  for (let i = 0, n = b.length; i < n; i++) if (b[i]! > 0x7f) return false;
  return true;
}

/** strcmp order on byte strings: the order libhdf5 keeps symbol tables in. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
