/**
 * The Fletcher-32 checksum filter (id 3): each chunk carries a 4-byte
 * checksum after its data; reading verifies and strips it. The sums run over
 * 16-bit big-endian words, as libhdf5's H5_checksum_fletcher32; checksums
 * written by HDF5 < 1.6.3 (bytes swapped within each half) are accepted too.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l (filter 3).
 */
import { Hdf5Error } from '../errors.js';
import type { FilterDecoder } from './registry.js';

export function fletcher32(data: Uint8Array, start: number, end: number): number {
  let sum1 = 0;
  let sum2 = 0;
  const len = end - start;
  let words = len >>> 1;
  let p = start;
  while (words > 0) {
    let t = words > 360 ? 360 : words;
    words -= t;
    while (t-- > 0) {
      sum1 += (data[p]! << 8) | data[p + 1]!;
      sum2 += sum1;
      p += 2;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  if (len & 1) {
    sum1 += data[p]! << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  return ((sum2 << 16) | sum1) >>> 0;
}

export const verifyFletcher32: FilterDecoder = (input, _filter, ctx) => {
  if (input.length < 4) {
    throw new Hdf5Error('BAD_CHECKSUM', 'fletcher32 filter', ctx.at, 'chunk shorter than its checksum');
  }
  const n = input.length - 4;
  const stored = (input[n]! | (input[n + 1]! << 8) | (input[n + 2]! << 16) | (input[n + 3]! << 24)) >>> 0;
  const sum = fletcher32(input, 0, n);
  const reversed = (((sum & 0xff) << 8) | ((sum >>> 8) & 0xff) | (((sum >>> 16) & 0xff) << 24) | (((sum >>> 24) & 0xff) << 16)) >>> 0;
  if (stored !== sum && stored !== reversed) {
    throw new Hdf5Error('BAD_CHECKSUM', 'fletcher32 filter', ctx.at,
      `chunk checksum 0x${stored.toString(16)} does not match the computed 0x${sum.toString(16)}`);
  }
  return input.subarray(0, n);
};
