/**
 * Chunked storage: cutting a dataset into chunks (row-major over the chunk
 * grid; edge chunks are stored at full size, padded with the zero fill
 * value), running the filters (shuffle, then deflate), and the keys of the
 * chunk B-tree (node type 1): chunk size, filter mask, then the chunk's
 * element offset in each dimension plus a zero for the datatype dimension.
 * The key after the last chunk is that chunk's offset plus the chunk
 * dimensions (and the element size), with size 0, as libhdf5 writes it.
 * Spec: "III.A.1" (type 1 keys) and "IV.A.2.i" (chunked layout).
 */
import { Hdf5Error } from '../errors.js';
import { writeU64 } from './bytes.js';
import type { NormalizedValue } from './values.js';
import { deflateChunk } from './compress.js';

/** One chunk as stored. */
export interface PlannedChunk {
  /** Stored (filtered) size in bytes. */
  readonly size: number;
  /** Bit i set when filter i was skipped for this chunk. */
  readonly filterMask: number;
  /** True when {@link write} sets every byte (filtered chunks, or chunks inside the dataset). */
  readonly fills: boolean;
  /** Writes the stored bytes at `at`. */
  write(dst: Uint8Array, at: number): void;
}

/** The chunks of one dataset and how to write their B-tree keys. */
export interface ChunkPlan {
  readonly rank: number;
  readonly chunks: readonly PlannedChunk[];
  /** Writes key `k` (0..chunks.length) at `off`. */
  writeKey(view: DataView, off: number, k: number): void;
}

/**
 * Plans the chunks of `value` for chunk dimensions `dims`. Filtered chunks are
 * produced now (their sizes decide the layout); unfiltered ones are copied
 * straight into the output when it is written.
 * @param level deflate level, or undefined for no compression.
 */
export function planChunks(value: NormalizedValue, dims: readonly number[], shuffle: boolean, level: number | undefined): ChunkPlan {
  const shape = value.shape;
  const rank = shape.length;
  const elementSize = value.type.size;
  const src = value.raw!;
  let chunkElements = 1;
  for (const c of dims) chunkElements *= c;
  const chunkBytes = chunkElements * elementSize;
  const grid = shape.map((s, i) => Math.ceil(s / dims[i]!));
  let total = 1;
  for (const g of grid) total *= g;
  if (total > 0x7fff_ffff) {
    throw new Hdf5Error('INVALID_CHUNKS', 'dataset', -1, `${total} chunks are more than the writer indexes; choose larger chunks`);
  }
  const deflateBit = shuffle ? 2 : 1; // the deflate filter's index in the pipeline, as a mask bit

  const coords: number[][] = new Array(total);
  const chunks: PlannedChunk[] = new Array(total);
  const g = new Array<number>(rank).fill(0);
  for (let n = 0; n < total; n++) {
    const at = g.slice();
    coords[n] = at;
    if (!shuffle && level === undefined) {
      let inside = true;
      for (let d = 0; d < rank; d++) if ((at[d]! + 1) * dims[d]! > shape[d]!) inside = false;
      chunks[n] = { size: chunkBytes, filterMask: 0, fills: inside, write: (dst, off) => copyChunk(src, shape, dims, at, elementSize, dst, off) };
    } else {
      let data: Uint8Array = new Uint8Array(chunkBytes);
      copyChunk(src, shape, dims, at, elementSize, data, 0);
      if (shuffle) data = shuffleBytes(data, elementSize);
      let mask = 0;
      if (level !== undefined) {
        const packed = deflateChunk(data, level);
        if (packed.length < data.length) data = packed;
        else mask |= deflateBit; // optional filter skipped: stored as is, as libhdf5 does
      }
      const stored = data;
      chunks[n] = { size: stored.length, filterMask: mask, fills: true, write: (dst, off) => dst.set(stored, off) };
    }
    // advance the grid odometer, last dimension fastest
    for (let d = rank - 1; d >= 0; d--) {
      if (++g[d]! < grid[d]!) break;
      g[d] = 0;
    }
  }

  return {
    rank,
    chunks,
    writeKey(view: DataView, off: number, k: number): void {
      if (k < total) {
        view.setUint32(off, chunks[k]!.size, true);
        view.setUint32(off + 4, chunks[k]!.filterMask, true);
        const c = coords[k]!;
        for (let d = 0; d < rank; d++) writeU64(view, off + 8 + 8 * d, c[d]! * dims[d]!);
        // the datatype dimension's offset stays 0
      } else {
        // past the last chunk: its offset plus one chunk in every dimension, size 0
        const c = coords[total - 1]!;
        for (let d = 0; d < rank; d++) writeU64(view, off + 8 + 8 * d, (c[d]! + 1) * dims[d]!);
        writeU64(view, off + 8 + 8 * rank, elementSize);
      }
    },
  };
}

/**
 * Copies the part of the dataset covered by the chunk at grid position `g`
 * into `dst` at `at`, one innermost row at a time; cells past the dataset's
 * edge are left as they are (zero).
 */
export function copyChunk(
  src: Uint8Array, shape: readonly number[], dims: readonly number[], g: readonly number[],
  elementSize: number, dst: Uint8Array, at: number,
): void {
  const rank = shape.length;
  const last = rank - 1;
  // element strides of the dataset and of the chunk
  const sStride = new Array<number>(rank);
  const cStride = new Array<number>(rank);
  sStride[last] = 1;
  cStride[last] = 1;
  for (let d = last - 1; d >= 0; d--) {
    sStride[d] = sStride[d + 1]! * shape[d + 1]!;
    cStride[d] = cStride[d + 1]! * dims[d + 1]!;
  }
  const extent = new Array<number>(rank);
  let base = 0;
  for (let d = 0; d < rank; d++) {
    const start = g[d]! * dims[d]!;
    extent[d] = Math.min(dims[d]!, shape[d]! - start);
    base += start * sStride[d]!;
  }
  const runBytes = extent[last]! * elementSize;
  const k = new Array<number>(rank).fill(0);
  for (;;) {
    let s = base;
    let c = 0;
    for (let d = 0; d < last; d++) {
      s += k[d]! * sStride[d]!;
      c += k[d]! * cStride[d]!;
    }
    const from = s * elementSize;
    const to = at + c * elementSize;
    if (runBytes <= 32) {
      for (let i = 0; i < runBytes; i++) dst[to + i] = src[from + i]!;
    } else {
      dst.set(src.subarray(from, from + runBytes), to);
    }
    let d = last - 1;
    for (; d >= 0; d--) {
      if (++k[d]! < extent[d]!) break;
      k[d] = 0;
    }
    if (d < 0) return;
  }
}

/** HDF5's shuffle filter: byte j of every element, for j = 0..size-1, grouped together. */
export function shuffleBytes(data: Uint8Array, elementSize: number): Uint8Array {
  if (elementSize === 1) return data;
  const n = Math.floor(data.length / elementSize);
  const out = new Uint8Array(data.length);
  for (let j = 0; j < elementSize; j++) {
    const o = j * n;
    for (let i = 0, p = j; i < n; i++, p += elementSize) out[o + i] = data[p]!;
  }
  // a tail shorter than one element (never for whole chunks) stays in place
  out.set(data.subarray(n * elementSize), n * elementSize);
  return out;
}
