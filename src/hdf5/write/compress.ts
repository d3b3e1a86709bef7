/**
 * The deflate filter's codec: zlib-wrapped DEFLATE from our own zlib module,
 * which is what HDF5's filter 1 stores (and libhdf5 inflates).
 */
import { deflate } from '../../zlib/index.js';

/** Compresses one chunk at `level` (0..9). */
export function deflateChunk(data: Uint8Array, level: number): Uint8Array {
  return deflate(data, { level });
}
