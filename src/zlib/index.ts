/**
 * zlib (RFC 1950) and raw DEFLATE (RFC 1951) codecs written from scratch:
 * synchronous, one-shot, Uint8Array in and out. Used by the HDF5 deflate filter.
 */
export { adler32 } from './adler32.js';
export { deflateRaw, type DeflateOptions } from './deflate.js';
export { ZlibError, type ZlibErrorCode } from './errors.js';
export { DEFAULT_MAX_OUTPUT_LENGTH, inflateRaw, type InflateOptions } from './inflate.js';
export { deflate, inflate } from './zlib-format.js';
