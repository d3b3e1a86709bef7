/**
 * Fill values: the old Fill Value message (type 0x0004: size + bytes) and the
 * new one (type 0x0005: versions 1 and 2 with allocation/write times and a
 * "defined" byte; version 3 packs those into flags).
 *
 * Spec: HDF5 File Format Specification v3, sections IV.A.2.e "The Data
 * Storage - Fill Value (Old) Message" and IV.A.2.f "The Data Storage - Fill
 * Value Message".
 */
import type { Cursor } from '../cursor.js';

/** The fill value bytes, or undefined when the file defines none (zeros are used). */
export type FillValue = Uint8Array | undefined;

export function readFillValueOld(c: Cursor): FillValue {
  const size = c.u32();
  return size > 0 ? c.bytesView(size) : undefined;
}

export function readFillValue(c: Cursor): FillValue {
  const at = c.pos;
  const version = c.u8();
  if (version === 1 || version === 2) {
    c.skip(2); // space allocation time, fill value write time
    const defined = c.u8();
    if (version === 1 || defined) {
      if (c.remaining < 4) return undefined;
      const size = c.u32();
      return size > 0 && defined ? c.bytesView(size) : undefined;
    }
    return undefined;
  }
  if (version === 3) {
    const flags = c.u8();
    if (flags & 0x20) {
      const size = c.u32();
      return size > 0 ? c.bytesView(size) : undefined;
    }
    return undefined;
  }
  return c.fail('UNSUPPORTED_VERSION', `fill value message version ${version}`, at);
}
