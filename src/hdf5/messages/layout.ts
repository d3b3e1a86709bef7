/**
 * The Data Layout message (type 0x0008): compact (data in the message),
 * contiguous (one address and size) or chunked (chunk shape plus an index).
 * Versions 1 and 2 (HDF5 1.4), 3 (the classic default), 4 (HDF5 1.10: chunk
 * index types single chunk, implicit, fixed array, extensible array, v2
 * B-tree) and 5 (HDF5 2.0: as version 4, but filtered chunk sizes in index
 * records are always "Size of Lengths" bytes wide).
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.i "The Data
 * Storage - Layout Message", and appendix C "Types of Indexes for Dataset
 * Chunks".
 */
import { UNDEFINED_ADDRESS, type Cursor } from '../cursor.js';

export type ChunkIndex =
  | { type: 'btree-v1' }
  | { type: 'single'; filteredSize: number; filterMask: number }
  | { type: 'implicit' }
  | { type: 'fixed-array'; pageBits: number }
  | { type: 'extensible-array'; maxBits: number; indexElements: number; minPointers: number;
    minElements: number; pageBits: number }
  | { type: 'btree-v2'; nodeSize: number };

export type Layout =
  | { class: 'compact'; version: number; data: Uint8Array; at: number }
  | { class: 'contiguous'; version: number; address: number; size: number }
  | { class: 'chunked'; version: number; address: number; chunk: number[]; elementSize: number;
    index: ChunkIndex; dontFilterPartialEdges: boolean }
  | { class: 'virtual'; version: number };

export function readLayout(c: Cursor): Layout {
  const at = c.pos;
  const version = c.u8();
  if (version < 1 || version > 5) c.fail('UNSUPPORTED_VERSION', `layout message version ${version}`, at);
  if (version < 3) return readV1V2(c, version);
  const cls = c.u8();
  if (cls === 0) {
    const size = c.u16();
    const dataAt = c.pos;
    return { class: 'compact', version, data: c.bytesView(size), at: dataAt };
  }
  if (cls === 1) {
    const address = c.offset();
    const size = c.length();
    return { class: 'contiguous', version, address, size };
  }
  if (cls === 2) {
    if (version === 3) {
      const rank = c.u8();
      if (rank < 2 || rank > 33) c.fail('BAD_LAYOUT', `chunk dimensionality ${rank}`);
      const address = c.offset();
      const dims: number[] = [];
      for (let i = 0; i < rank; i++) dims.push(c.u32());
      return chunked(c, version, address, dims, { type: 'btree-v1' }, false);
    }
    const flags = c.u8();
    const rank = c.u8();
    if (rank < 1 || rank > 33) c.fail('BAD_LAYOUT', `chunk dimensionality ${rank}`);
    const dimBytes = c.u8();
    if (dimBytes < 1 || dimBytes > 8) c.fail('BAD_LAYOUT', `chunk dimension size of ${dimBytes} bytes`);
    const dims: number[] = [];
    for (let i = 0; i < rank; i++) dims.push(c.uint(dimBytes));
    const indexType = c.u8();
    let index: ChunkIndex;
    switch (indexType) {
      case 1: {
        let filteredSize = 0;
        let filterMask = 0;
        if (flags & 0x02) {
          filteredSize = c.length();
          filterMask = c.u32();
        }
        index = { type: 'single', filteredSize, filterMask };
        break;
      }
      case 2: index = { type: 'implicit' }; break;
      case 3: index = { type: 'fixed-array', pageBits: c.u8() }; break;
      case 4: index = {
        type: 'extensible-array', maxBits: c.u8(), indexElements: c.u8(), minPointers: c.u8(),
        minElements: c.u8(), pageBits: c.u8(),
      }; break;
      case 5: {
        const nodeSize = c.u32();
        c.skip(2); // split and merge percent
        index = { type: 'btree-v2', nodeSize };
        break;
      }
      default: return c.fail('UNSUPPORTED_LAYOUT', `chunk index type ${indexType}`);
    }
    const address = c.offset();
    return chunked(c, version, address, dims, index, (flags & 0x01) !== 0);
  }
  if (cls === 3) return { class: 'virtual', version };
  return c.fail('UNSUPPORTED_LAYOUT', `layout class ${cls}`, at + 1);
}

function chunked(c: Cursor, version: number, address: number, dims: number[], index: ChunkIndex,
  dontFilterPartialEdges: boolean): Layout {
  const elementSize = dims[dims.length - 1]!;
  const chunk = dims.slice(0, -1);
  for (const d of chunk) if (!(d > 0)) c.fail('BAD_LAYOUT', `chunk dimension ${d}; chunk dimensions must be positive`);
  return { class: 'chunked', version, address, chunk, elementSize, index, dontFilterPartialEdges };
}

function readV1V2(c: Cursor, version: number): Layout {
  const rank = c.u8();
  const cls = c.u8();
  c.skip(5);
  if (rank < 1 || rank > 33) c.fail('BAD_LAYOUT', `dimensionality ${rank}`);
  let address = UNDEFINED_ADDRESS;
  if (cls === 1 || cls === 2) address = c.offset();
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(c.u32());
  if (cls === 0) {
    const size = c.u32();
    const dataAt = c.pos;
    return { class: 'compact', version, data: c.bytesView(size), at: dataAt };
  }
  // Versions 1 and 2 store no size: it follows from the dataspace and datatype.
  if (cls === 1) return { class: 'contiguous', version, address, size: -1 };
  if (cls === 2) return chunked(c, version, address, dims, { type: 'btree-v1' }, false);
  return c.fail('UNSUPPORTED_LAYOUT', `layout class ${cls}`);
}
