/**
 * Chunk index dispatch: one entry per index type of the layout message
 * (v1 B-tree for layout versions 1–3; single chunk, implicit, fixed array,
 * extensible array and v2 B-tree for versions 4 and 5). Each yields the
 * allocated chunks with their element offsets.
 *
 * Spec: HDF5 File Format Specification v3, appendix C "Types of Indexes for
 * Dataset Chunks".
 */
import { UNDEFINED_ADDRESS } from '../cursor.js';
import type { FileContext } from '../file-context.js';
import type { Layout } from '../messages/layout.js';
import { readBtreeV2 } from '../structures/btree-v2.js';
import { readChunkBtree, type ChunkRecord } from '../structures/btree-v1.js';
import { readExtensibleArray } from './extensible-array.js';
import { readFixedArray } from './fixed-array.js';
import { chunkGrid, chunkOffset, chunkSizeBytes } from './records.js';

type Chunked = Extract<Layout, { class: 'chunked' }>;

interface IndexArgs {
  file: FileContext;
  layout: Chunked;
  shape: number[];
  maxShape: number[];
  filtered: boolean;
  chunkBytes: number;
}

const INDEXES: Record<Chunked['index']['type'], (a: IndexArgs) => ChunkRecord[]> = {
  'btree-v1': ({ file, layout, shape }) => readChunkBtree(file, layout.address, shape.length),
  single: ({ layout, filtered, chunkBytes, shape }) => {
    const idx = layout.index as Extract<Chunked['index'], { type: 'single' }>;
    return [{
      address: layout.address,
      size: filtered ? idx.filteredSize : chunkBytes,
      filterMask: filtered ? idx.filterMask : 0,
      offset: shape.map(() => 0),
    }];
  },
  implicit: ({ layout, chunkBytes, shape, maxShape }) => {
    const grid = chunkGrid(maxShape.map((m, i) => (m < 0 ? shape[i]! : m)), layout.chunk);
    const count = grid.reduce((a, b) => a * b, 1);
    const out: ChunkRecord[] = [];
    for (let i = 0; i < count; i++) {
      out.push({ address: layout.address + i * chunkBytes, size: chunkBytes, filterMask: 0, offset: chunkOffset(i, grid, layout.chunk) });
    }
    return out;
  },
  'fixed-array': ({ file, layout, filtered, chunkBytes, shape, maxShape }) => {
    const grid = chunkGrid(maxShape.map((m, i) => (m < 0 ? shape[i]! : m)), layout.chunk);
    return readFixedArray(file, layout.address, filtered,
      chunkSizeBytes(layout.version, chunkBytes, file.superblock.offsetSize), chunkBytes, grid, layout.chunk);
  },
  'extensible-array': ({ file, layout, filtered, chunkBytes, shape, maxShape }) => {
    const rank = shape.length;
    const unlim = Math.max(0, maxShape.findIndex((m) => m < 0));
    // Chunk numbering puts the unlimited dimension first; the others use their maximum extent.
    const order = [unlim, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== unlim)];
    const grid = order.map((d) => (d === unlim ? -1 : Math.ceil(maxShape[d]! / layout.chunk[d]!)));
    const toOffset = (linear: number): number[] | null => {
      const out = new Array<number>(rank);
      let rest = linear;
      for (let k = rank - 1; k >= 1; k--) {
        const g = grid[k]!;
        out[order[k]!] = (rest % g) * layout.chunk[order[k]!]!;
        rest = Math.floor(rest / g);
      }
      out[unlim] = rest * layout.chunk[unlim]!;
      // Chunks beyond the current extent (after a shrink) hold no visible data.
      return out[unlim] < shape[unlim]! ? out : null;
    };
    return readExtensibleArray(file, layout.address, filtered,
      chunkSizeBytes(layout.version, chunkBytes, file.superblock.offsetSize), chunkBytes, toOffset);
  },
  'btree-v2': ({ file, layout, filtered, chunkBytes, shape }) => {
    const tree = readBtreeV2(file, layout.address, filtered ? 11 : 10);
    const sizeBytes = chunkSizeBytes(layout.version, chunkBytes, file.superblock.offsetSize);
    const out: ChunkRecord[] = [];
    for (const r of tree.records) {
      const c = file.cursorAt(r, tree.recordSize, 'v2 B-tree chunk record');
      const address = c.offset();
      const size = filtered ? c.uint(sizeBytes) : chunkBytes;
      const filterMask = filtered ? c.u32() : 0;
      const offset: number[] = [];
      for (let d = 0; d < shape.length; d++) offset.push(c.uint(8) * layout.chunk[d]!);
      if (address !== UNDEFINED_ADDRESS) out.push({ address, size, filterMask, offset });
    }
    return out;
  },
};

/** Every allocated chunk of a chunked dataset. */
export function collectChunks(file: FileContext, layout: Chunked, shape: number[], maxShape: number[],
  filtered: boolean, chunkBytes: number): ChunkRecord[] {
  if (layout.address === UNDEFINED_ADDRESS) return [];
  return INDEXES[layout.index.type]({ file, layout, shape, maxShape, filtered, chunkBytes });
}
