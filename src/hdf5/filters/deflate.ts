/**
 * The deflate filter (id 1): each chunk is a zlib stream (RFC 1950 around
 * RFC 1951), decoded by the library's own inflate (src/zlib) straight into
 * a buffer of the chunk's known size. A ZlibError escapes to
 * {@link applyFilters}, which wraps it in an Hdf5Error with the chunk's offset.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l (filter 1).
 */
import { inflate } from '../../zlib/index.js';
import type { FilterDecoder } from './registry.js';

export const inflateFilter: FilterDecoder = (input, _filter, ctx) =>
  inflate(input, { expectedLength: ctx.expectedSize, maxOutputLength: ctx.maxOutputBytes });

/**
 * Inflates a chunk straight into its place in the output (no intermediate
 * buffer), for chunks whose bytes are contiguous there.
 * @returns the number of bytes written.
 */
export function inflateInto(input: Uint8Array, out: Uint8Array): number {
  return inflate(input, { out }).length;
}
