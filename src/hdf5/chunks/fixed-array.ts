/**
 * The Fixed Array chunk index ("FAHD" header, "FADB" data block, optional
 * pages with an initialisation bitmap): one entry per chunk of a dataset
 * whose maximum extent is fixed, in row-major chunk order.
 *
 * Spec: HDF5 File Format Specification v3, appendix C.C "Fixed Array Index".
 */
import { Hdf5Error } from '../errors.js';
import type { FileContext } from '../file-context.js';
import { verifyChecksum } from '../structures/lookup3.js';
import { chunkOffset, makeRecord, readChunkEntry, type ChunkRecord } from './records.js';

export function readFixedArray(file: FileContext, address: number, filtered: boolean, sizeBytes: number,
  chunkBytes: number, grid: number[], chunk: number[]): ChunkRecord[] {
  const o = file.superblock.offsetSize;
  const l = file.superblock.lengthSize;
  const h = file.cursor(address, 4 + 4 + l + o + 4, 'fixed array header');
  h.signature('FAHD');
  if (h.u8() !== 0) h.fail('UNSUPPORTED_VERSION', 'fixed array version');
  const client = h.u8();
  const entrySize = h.u8();
  const pageBits = h.u8();
  const count = h.length();
  const dataAddress = h.offset();
  verifyChecksum(h, h.start, file.verifyChecksums);
  const expectEntry = o + (filtered ? sizeBytes + 4 : 0);
  if (client !== (filtered ? 1 : 0) || entrySize !== expectEntry) {
    h.fail('BAD_CHUNK_INDEX', `client ${client} with ${entrySize}-byte entries; expected ${filtered ? 1 : 0} with ${expectEntry}`, h.start);
  }
  if (pageBits > 32) h.fail('BAD_CHUNK_INDEX', `page bits ${pageBits}`, h.start);
  const out: ChunkRecord[] = [];
  if (dataAddress === -1 || count === 0) return out;
  const pageSize = 2 ** pageBits;
  const paged = count > pageSize;
  const npages = paged ? Math.ceil(count / pageSize) : 0;
  const bitmapBytes = paged ? Math.ceil(npages / 8) : 0;
  const prefix = 4 + 1 + 1 + o + bitmapBytes;
  if (count * entrySize > file.bytes.length) {
    throw new Hdf5Error('BAD_CHUNK_INDEX', 'fixed array header', h.start, `${count} entries cannot fit in the file`);
  }
  const c = file.cursor(dataAddress, prefix + (paged ? 0 : count * entrySize) + 4, 'fixed array data block');
  c.signature('FADB');
  if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'fixed array data block version');
  c.u8();
  c.offset();
  const bitmap = c.bytesView(bitmapBytes);
  if (!paged) {
    const entries = c.sub(count * entrySize);
    verifyChecksum(c, c.start, file.verifyChecksums);
    for (let i = 0; i < count; i++) {
      const e = readChunkEntry(entries, filtered, sizeBytes, chunkBytes);
      if (e) out.push(makeRecord(e, chunkOffset(i, grid, chunk)));
    }
    return out;
  }
  verifyChecksum(c, c.start, file.verifyChecksums);
  let pageAt = c.pos;
  for (let p = 0; p < npages; p++) {
    const n = Math.min(pageSize, count - p * pageSize);
    const bytes = n * entrySize + 4;
    if ((bitmap[p >> 3]! & (0x80 >> (p & 7))) !== 0) {
      const pc = file.cursorAt(pageAt, bytes, 'fixed array data block page');
      const entries = pc.sub(n * entrySize);
      verifyChecksum(pc, pageAt, file.verifyChecksums);
      for (let i = 0; i < n; i++) {
        const e = readChunkEntry(entries, filtered, sizeBytes, chunkBytes);
        if (e) out.push(makeRecord(e, chunkOffset(p * pageSize + i, grid, chunk)));
      }
    }
    pageAt += bytes;
  }
  return out;
}
