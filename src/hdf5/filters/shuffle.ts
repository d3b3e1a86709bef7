/**
 * The shuffle filter (id 2): on write, byte k of every element is gathered
 * into the k-th plane; reading undoes it. Client data[0] is the element size.
 * Trailing bytes that do not fill an element are stored as they are; a
 * chunk of fewer than two elements is stored as it is.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l (filter 2);
 * libhdf5 H5Zshuffle.c describes the byte planes.
 */
import type { FilterDecoder } from './registry.js';

export const unshuffle: FilterDecoder = (input, filter) => {
  const size = filter.clientData[0] ?? 1;
  const n = Math.floor(input.length / size);
  // As libhdf5: nothing to undo for 1-byte elements or fewer than two whole
  // elements (and no loop over a damaged element size of billions).
  if (size <= 1 || n <= 1) return input;
  const out = new Uint8Array(input.length);
  for (let b = 0; b < size; b++) {
    const plane = b * n;
    let o = b;
    for (let i = 0; i < n; i++) {
      out[o] = input[plane + i]!;
      o += size;
    }
  }
  const tail = n * size;
  for (let i = tail; i < input.length; i++) out[i] = input[i]!;
  return out;
};
