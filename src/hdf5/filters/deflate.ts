/**
 * The deflate filter (id 1): each chunk is a zlib stream (RFC 1950 around
 * RFC 1951). Decoded by the library's own inflate (src/zlib).
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l (filter 1).
 */
import { Hdf5Error } from '../errors.js';
import type { FilterDecoder } from './registry.js';

export const inflateFilter: FilterDecoder = (_input, _filter, ctx) => {
  throw new Hdf5Error('FILTER_UNAVAILABLE', 'deflate filter', ctx.at, 'inflate is not built yet');
};
