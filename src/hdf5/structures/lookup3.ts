/**
 * Bob Jenkins' lookup3 `hashlittle`, the checksum of every version-2 HDF5
 * metadata structure (object header v2, B-tree v2 nodes, fractal heap blocks,
 * superblock v2/v3, fixed/extensible arrays) and the hash of link and
 * attribute names in v2 B-tree records.
 *
 * Spec: HDF5 File Format Specification v3, section I.A ("All checksums used in
 * the format are computed with the Jenkins' lookup3 algorithm").
 */

function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** lookup3 hashlittle over `bytes[start, end)` with `initval` (0 for HDF5 checksums). */
export function lookup3(bytes: Uint8Array, start = 0, end = bytes.length, initval = 0): number {
  let length = end - start;
  let a = (0xdeadbeef + length + initval) | 0;
  let b = a;
  let c = a;
  let k = start;
  while (length > 12) {
    a = (a + (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))) | 0;
    b = (b + (bytes[k + 4]! | (bytes[k + 5]! << 8) | (bytes[k + 6]! << 16) | (bytes[k + 7]! << 24))) | 0;
    c = (c + (bytes[k + 8]! | (bytes[k + 9]! << 8) | (bytes[k + 10]! << 16) | (bytes[k + 11]! << 24))) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    length -= 12;
    k += 12;
  }
  // The last block: add the remaining 0..12 bytes (the C code's fall-through switch).
  if (length === 0) return c >>> 0;
  if (length >= 12) c = (c + (bytes[k + 11]! << 24)) | 0;
  if (length >= 11) c = (c + (bytes[k + 10]! << 16)) | 0;
  if (length >= 10) c = (c + (bytes[k + 9]! << 8)) | 0;
  if (length >= 9) c = (c + bytes[k + 8]!) | 0;
  if (length >= 8) b = (b + (bytes[k + 7]! << 24)) | 0;
  if (length >= 7) b = (b + (bytes[k + 6]! << 16)) | 0;
  if (length >= 6) b = (b + (bytes[k + 5]! << 8)) | 0;
  if (length >= 5) b = (b + bytes[k + 4]!) | 0;
  if (length >= 4) a = (a + (bytes[k + 3]! << 24)) | 0;
  if (length >= 3) a = (a + (bytes[k + 2]! << 16)) | 0;
  if (length >= 2) a = (a + (bytes[k + 1]! << 8)) | 0;
  a = (a + bytes[k]!) | 0;
  // final(a, b, c)
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  return c >>> 0;
}

import type { Cursor } from '../cursor.js';

/**
 * Verifies the 4-byte lookup3 checksum stored at the cursor's position, which
 * covers the file bytes `[from, cursor.pos)`. Advances past the checksum.
 * @throws Hdf5Error `BAD_CHECKSUM` when the stored and computed values differ.
 */
export function verifyChecksum(c: Cursor, from: number, enabled = true): void {
  const at = c.pos;
  const stored = c.u32();
  if (!enabled) return;
  const computed = lookup3(c.bytes, from, at);
  if (stored !== computed) {
    c.fail('BAD_CHECKSUM',
      `checksum 0x${stored.toString(16)} does not match the computed 0x${computed.toString(16)}`, at);
  }
}
