/**
 * The entry point: bytes in, root group out.
 */
import { Hdf5Error } from './errors.js';
import { FileContext } from './file-context.js';
import type { FilterDecoder } from './filters/registry.js';
import { Hdf5Group } from './group.js';
import { DEFAULT_LIMITS, type Hdf5Limits } from './limits.js';
import { readSuperblock } from './superblock.js';

/** Options of {@link openHdf5}. */
export interface OpenHdf5Options {
  /** Resource limits (see {@link Hdf5Limits}); unspecified fields keep their defaults. */
  limits?: Partial<Hdf5Limits>;
  /** Verify lookup3 checksums of v2 metadata. Default true. */
  verifyChecksums?: boolean;
  /**
   * Extra filter decoders by filter id (e.g. 32001 for blosc), used before
   * the built-in deflate, shuffle and fletcher32.
   */
  filters?: Readonly<Record<number, FilterDecoder>>;
}

/**
 * Opens an HDF5 file held in memory and returns its root group. Nothing is
 * copied: datasets read later may return views of `bytes` (see
 * {@link Hdf5Dataset.read}). Works on superblock versions 0–3, old- and
 * new-style groups, compact and dense links and attributes, every chunk index.
 *
 * @param bytes the whole file: a Uint8Array (or Node Buffer, or any
 *   ArrayBuffer view) or an ArrayBuffer / SharedArrayBuffer. Never modified.
 * @param opts limits, checksum verification and extra filters.
 * @returns the root group `/`.
 * @throws Hdf5Error `NOT_HDF5` when there is no HDF5 signature; other codes
 *   (with the structure and byte offset) for corrupt or unsupported files.
 * @example
 * const root = openHdf5(readFileSync('model.h5'));
 * root.attrs.keras_version;            // '2.1.3'
 * root.keys();                         // ['model_weights', 'optimizer_weights']
 * const k = root.get('model_weights/dense_1/dense_1/kernel:0') as Hdf5Dataset;
 * k.shape; k.read();                   // [4, 3], Float32Array(12)
 */
export function openHdf5(bytes: Uint8Array | ArrayBuffer | ArrayBufferView | SharedArrayBuffer,
  opts: OpenHdf5Options = {}): Hdf5Group {
  let u8: Uint8Array;
  // A plain Uint8Array view even for Node Buffers, whose slice() does not copy.
  if (ArrayBuffer.isView(bytes)) u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  else if (bytes instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && bytes instanceof SharedArrayBuffer)) {
    u8 = new Uint8Array(bytes);
  } else {
    throw new Hdf5Error('BAD_INPUT', 'input', -1, 'expected a Uint8Array, another ArrayBuffer view or an ArrayBuffer');
  }
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const verify = opts.verifyChecksums ?? true;
  const sb = readSuperblock(u8, view, verify);
  const limits: Hdf5Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const ctx = new FileContext(u8, view, sb, limits, verify);
  return new Hdf5Group(ctx, '/', sb.rootAddress, null, opts.filters);
}
