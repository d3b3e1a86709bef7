/**
 * UTF-8 for names and strings. HDF5 stores link names, attribute names and
 * strings as bytes. The encoder is our own (no TextEncoder, which ES2022 does
 * not define) and refuses lone surrogates instead of turning them into
 * U+FFFD, which would silently store a different name.
 */
import { Hdf5Error } from '../errors.js';

/**
 * Encodes `s` as UTF-8.
 * @param structure the spec structure named in the error.
 * @param what names the string in the error ("link name 'a/b'", …).
 * @throws {Hdf5Error} `INVALID_STRING` on a lone surrogate.
 */
export function encodeUtf8(s: string, structure: string, what: string): Uint8Array {
  const n = s.length;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c < 0xd800 || c > 0xdfff) size += 3;
    else {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) {
        throw new Hdf5Error('INVALID_STRING', structure, -1,
          `${what} has a lone surrogate U+${c.toString(16).toUpperCase()} at index ${i}; it has no UTF-8 form`);
      }
      size += 4;
      i++;
    }
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
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
