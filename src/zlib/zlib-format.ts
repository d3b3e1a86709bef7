/**
 * The zlib container (RFC 1950): a 2-byte header (CMF, FLG), a raw DEFLATE
 * stream, and the Adler-32 of the uncompressed data, big-endian. This is
 * what HDF5's deflate filter (H5Z_FILTER_DEFLATE, id 1) stores in each chunk.
 */
import { adler32 } from './adler32.js';
import { deflateLevel, deflateWith, type DeflateOptions } from './deflate.js';
import { ZlibError } from './errors.js';
import { inflateStream, type InflateOptions } from './inflate.js';

/** Compression method 8 (deflate) in the low nibble of CMF. */
const CM_DEFLATE = 8;

/**
 * Decompresses a zlib stream (RFC 1950): checks the header, inflates, and
 * verifies the Adler-32 trailer. Bytes after the trailer are ignored, as zlib
 * does.
 * @param data the compressed bytes.
 * @param opts `expectedLength` (preallocate exactly), `maxOutputLength`
 *   (default 1 GiB), `out` (decode into a given buffer); see {@link InflateOptions}.
 * @returns the decompressed bytes.
 * @throws ZlibError ZLIB_BAD_HEADER, ZLIB_PRESET_DICTIONARY, ZLIB_BAD_CHECKSUM,
 *   and every error of {@link inflateRaw}, with the input byte offset.
 * @example inflate(chunkBytes, { expectedLength: 4 * 1024 }) // one HDF5 chunk
 */
export function inflate(data: Uint8Array, opts?: InflateOptions): Uint8Array {
  if (data.length < 2) throw new ZlibError('ZLIB_TRUNCATED', data.length, 'input ends inside the zlib header');
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 15) !== CM_DEFLATE) {
    throw new ZlibError('ZLIB_BAD_HEADER', 0, `compression method ${cmf & 15} is not deflate (8)`);
  }
  const windowBits = (cmf >>> 4) + 8;
  if (windowBits > 15) {
    throw new ZlibError('ZLIB_BAD_HEADER', 0, `window size 2^${windowBits} exceeds 32 KiB`);
  }
  if (((cmf << 8) | flg) % 31 !== 0) {
    throw new ZlibError('ZLIB_BAD_HEADER', 1, 'header check bits (FCHECK) are wrong');
  }
  if ((flg & 0x20) !== 0) {
    // The 4-byte dictionary id follows; like zlib, first make sure it is there.
    if (data.length < 6) throw new ZlibError('ZLIB_TRUNCATED', data.length, 'input ends inside the dictionary id');
    throw new ZlibError('ZLIB_PRESET_DICTIONARY', 1, 'stream needs a preset dictionary (FDICT), which is not supported');
  }
  const { output, end } = inflateStream(data, 2, 1 << windowBits, opts);
  if (end + 4 > data.length) throw new ZlibError('ZLIB_TRUNCATED', data.length, 'input ends inside the Adler-32 trailer');
  const expected = ((data[end]! << 24) | (data[end + 1]! << 16) | (data[end + 2]! << 8) | data[end + 3]!) >>> 0;
  const actual = adler32(output);
  if (actual !== expected) {
    throw new ZlibError('ZLIB_BAD_CHECKSUM', end,
      `Adler-32 of the output is 0x${actual.toString(16)}, the trailer says 0x${expected.toString(16)}`);
  }
  return output;
}

/** FLEVEL (FLG bits 6–7) zlib writes for each level: fastest, fast, default, maximum. */
function levelFlag(level: number): number {
  return level < 2 ? 0 : level < 6 ? 1 : level === 6 ? 2 : 3;
}

/**
 * Compresses bytes into a zlib stream (RFC 1950), readable by {@link inflate},
 * zlib, h5py and HDF5's deflate filter.
 * @param data the bytes to compress.
 * @param opts `level` 0..9, default 6 (zlib's meaning).
 * @returns header + raw DEFLATE stream + Adler-32.
 * @throws ZlibError ZLIB_BAD_OPTION for a level outside 0..9.
 * @example inflate(deflate(bytes)) // equals bytes
 */
export function deflate(data: Uint8Array, opts?: DeflateOptions): Uint8Array {
  const level = deflateLevel(opts);
  const raw = deflateWith(data, level);
  const out = new Uint8Array(raw.length + 6);
  const cmf = (7 << 4) | CM_DEFLATE; // 32 KiB window
  let flg = levelFlag(level) << 6;
  flg |= (31 - (((cmf << 8) | flg) % 31)) % 31;
  out[0] = cmf;
  out[1] = flg;
  out.set(raw, 2);
  const sum = adler32(data);
  const t = raw.length + 2;
  out[t] = sum >>> 24;
  out[t + 1] = sum >>> 16;
  out[t + 2] = sum >>> 8;
  out[t + 3] = sum;
  return out;
}
