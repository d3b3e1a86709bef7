/**
 * Shared helpers of the chunk indexes: the record every index yields, the
 * element format of filtered and unfiltered chunk entries, and the mapping
 * from a linear chunk number to chunk coordinates.
 *
 * Spec: HDF5 File Format Specification v3, appendix C "Types of Indexes for
 * Dataset Chunks".
 */
import { UNDEFINED_ADDRESS, type Cursor } from '../cursor.js';

export type { ChunkRecord } from '../structures/btree-v1.js';
import type { ChunkRecord } from '../structures/btree-v1.js';

/** Bytes of the "Chunk Size" field of a filtered chunk entry (layout v4 vs v5+). */
export function chunkSizeBytes(layoutVersion: number, chunkBytes: number, offsetSize: number): number {
  if (layoutVersion >= 5) return offsetSize;
  const n = 1 + Math.floor((Math.floor(Math.log2(Math.max(chunkBytes, 1))) + 8) / 8);
  return n > 8 ? 8 : n;
}

/** Reads one chunk entry (address, and size + mask when filtered); null when unallocated. */
export function readChunkEntry(c: Cursor, filtered: boolean, sizeBytes: number, chunkBytes: number):
  { address: number; size: number; filterMask: number } | null {
  const address = c.offset();
  let size = chunkBytes;
  let filterMask = 0;
  if (filtered) {
    size = c.uint(sizeBytes);
    filterMask = c.u32();
  }
  if (address === UNDEFINED_ADDRESS) return null;
  return { address, size, filterMask };
}

/** Chunks per dimension for a given extent. */
export function chunkGrid(extent: number[], chunk: number[]): number[] {
  return extent.map((d, i) => (d < 0 ? -1 : Math.ceil(d / chunk[i]!)));
}

/** Linear chunk number → element offsets, over a row-major grid. */
export function chunkOffset(linear: number, grid: number[], chunk: number[]): number[] {
  const rank = grid.length;
  const out = new Array<number>(rank);
  let rest = linear;
  for (let d = rank - 1; d >= 0; d--) {
    const g = grid[d]! > 0 ? grid[d]! : 1;
    out[d] = (rest % g) * chunk[d]!;
    rest = Math.floor(rest / g);
  }
  return out;
}

export function makeRecord(entry: { address: number; size: number; filterMask: number }, offset: number[]): ChunkRecord {
  return { address: entry.address, size: entry.size, filterMask: entry.filterMask, offset };
}
