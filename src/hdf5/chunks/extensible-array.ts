/**
 * The Extensible Array chunk index ("EAHD" header, "EAIB" index block,
 * "EASB" secondary blocks, "EADB" data blocks, optional data block pages):
 * for datasets with one unlimited dimension. Elements are numbered with the
 * unlimited dimension first ("swizzled"), the others in order.
 *
 * Spec: HDF5 File Format Specification v3, appendix C.D "Extensible Array
 * Index"; block sizes follow libhdf5's doubling scheme (super block u holds
 * 2^floor(u/2) data blocks of 2^floor((u+1)/2) × min elements each).
 */
import { UNDEFINED_ADDRESS, type Cursor } from '../cursor.js';
import { Hdf5Error } from '../errors.js';
import type { FileContext } from '../file-context.js';
import { verifyChecksum } from '../structures/lookup3.js';
import { makeRecord, readChunkEntry, type ChunkRecord } from './records.js';

export function readExtensibleArray(file: FileContext, address: number, filtered: boolean, sizeBytes: number,
  chunkBytes: number, toOffset: (linear: number) => number[] | null): ChunkRecord[] {
  const o = file.superblock.offsetSize;
  const l = file.superblock.lengthSize;
  const h = file.cursor(address, 12 + 6 * l + o + 4, 'extensible array header');
  h.signature('EAHD');
  if (h.u8() !== 0) h.fail('UNSUPPORTED_VERSION', 'extensible array version');
  const client = h.u8();
  const elSize = h.u8();
  const maxBits = h.u8();
  const idxElmts = h.u8();
  const dblkMin = h.u8();
  const sblkMinPtrs = h.u8();
  const pageBits = h.u8();
  for (let i = 0; i < 4; i++) h.length();
  h.length(); // max index set
  const numElements = h.length();
  const iblockAddress = h.offset();
  verifyChecksum(h, h.start, file.verifyChecksums);
  const expectEntry = o + (filtered ? sizeBytes + 4 : 0);
  const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
  if (client !== (filtered ? 1 : 0) || elSize !== expectEntry || maxBits < 1 || maxBits > 64
    || !isPow2(dblkMin) || !isPow2(sblkMinPtrs) || pageBits > 32 || Math.log2(dblkMin) > maxBits) {
    h.fail('BAD_CHUNK_INDEX', 'inconsistent extensible array parameters', h.start);
  }
  const out: ChunkRecord[] = [];
  if (iblockAddress === UNDEFINED_ADDRESS) return out;

  const nsblks = 1 + maxBits - Math.log2(dblkMin);
  const sblk: Array<{ ndblks: number; nelmts: number; startIdx: number; startDblk: number }> = [];
  let startIdx = 0;
  let startDblk = 0;
  for (let u = 0; u < nsblks; u++) {
    const ndblks = 2 ** Math.floor(u / 2);
    const nelmts = 2 ** Math.floor((u + 1) / 2) * dblkMin;
    sblk.push({ ndblks, nelmts, startIdx, startDblk });
    startIdx += ndblks * nelmts;
    startDblk += ndblks;
  }
  const ibNsblks = 2 * Math.log2(sblkMinPtrs);
  const ndblkAddrs = 2 * (sblkMinPtrs - 1);
  const nsblkAddrs = Math.max(0, nsblks - ibNsblks);
  const arrOff = Math.ceil(maxBits / 8);
  const pageNelmts = 2 ** pageBits;

  const emit = (entries: Cursor, n: number, firstLinear: number): void => {
    for (let i = 0; i < n; i++) {
      const e = readChunkEntry(entries, filtered, sizeBytes, chunkBytes);
      const linear = firstLinear + i;
      if (!e || linear >= numElements) continue;
      const off = toOffset(linear);
      if (off) out.push(makeRecord(e, off));
    }
  };

  const ib = file.cursor(iblockAddress, 6 + o + idxElmts * elSize + (ndblkAddrs + nsblkAddrs) * o + 4, 'extensible array index block');
  ib.signature('EAIB');
  if (ib.u8() !== 0) ib.fail('UNSUPPORTED_VERSION', 'index block version');
  ib.u8();
  ib.offset();
  const ibElements = ib.sub(idxElmts * elSize);
  const dblkAddrs: number[] = [];
  for (let i = 0; i < ndblkAddrs; i++) dblkAddrs.push(ib.offset());
  const sblkAddrs: number[] = [];
  for (let i = 0; i < nsblkAddrs; i++) sblkAddrs.push(ib.offset());
  verifyChecksum(ib, ib.start, file.verifyChecksums);
  emit(ibElements, idxElmts, 0);

  const readDataBlock = (addr: number, nelmts: number, first: number, pageBitmap: Uint8Array | null,
    pageBase: number): void => {
    if (addr === UNDEFINED_ADDRESS) return;
    const paged = nelmts > pageNelmts;
    const prefix = 6 + o + arrOff;
    if (!paged) {
      const c = file.cursor(addr, prefix + nelmts * elSize + 4, 'extensible array data block');
      c.signature('EADB');
      if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'data block version');
      c.u8(); c.offset(); c.uint(arrOff);
      const entries = c.sub(nelmts * elSize);
      verifyChecksum(c, c.start, file.verifyChecksums);
      emit(entries, nelmts, first);
      return;
    }
    const c = file.cursor(addr, prefix + 4, 'extensible array data block');
    c.signature('EADB');
    if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'data block version');
    c.u8(); c.offset(); c.uint(arrOff);
    verifyChecksum(c, c.start, file.verifyChecksums);
    const npages = nelmts / pageNelmts;
    let pageAt = c.pos;
    for (let p = 0; p < npages; p++) {
      const bit = pageBase + p;
      const init = pageBitmap ? (pageBitmap[bit >> 3]! & (0x80 >> (bit & 7))) !== 0 : true;
      const bytes = pageNelmts * elSize + 4;
      if (init) {
        const pc = file.cursorAt(pageAt, bytes, 'extensible array data block page');
        const entries = pc.sub(pageNelmts * elSize);
        verifyChecksum(pc, pageAt, file.verifyChecksums);
        emit(entries, pageNelmts, first + p * pageNelmts);
      }
      pageAt += bytes;
    }
  };

  // Data blocks referenced straight from the index block (the first super blocks).
  for (let u = 0; u < Math.min(ibNsblks, nsblks); u++) {
    const s = sblk[u]!;
    for (let d = 0; d < s.ndblks; d++) {
      const addr = dblkAddrs[s.startDblk + d] ?? UNDEFINED_ADDRESS;
      readDataBlock(addr, s.nelmts, idxElmts + s.startIdx + d * s.nelmts, null, 0);
    }
  }
  // Secondary blocks for the rest.
  for (let k = 0; k < nsblkAddrs; k++) {
    const addr = sblkAddrs[k]!;
    if (addr === UNDEFINED_ADDRESS) continue;
    const u = ibNsblks + k;
    const s = sblk[u]!;
    const paged = s.nelmts > pageNelmts;
    const pagesPerDblk = paged ? s.nelmts / pageNelmts : 0;
    const bitmapBytes = paged ? Math.ceil((s.ndblks * pagesPerDblk) / 8) : 0;
    const c = file.cursor(addr, 6 + o + arrOff + bitmapBytes + s.ndblks * o + 4, 'extensible array secondary block');
    c.signature('EASB');
    if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'secondary block version');
    c.u8(); c.offset(); c.uint(arrOff);
    const bitmap = c.bytesView(bitmapBytes);
    const addrs: number[] = [];
    for (let d = 0; d < s.ndblks; d++) addrs.push(c.offset());
    verifyChecksum(c, c.start, file.verifyChecksums);
    for (let d = 0; d < s.ndblks; d++) {
      readDataBlock(addrs[d]!, s.nelmts, idxElmts + s.startIdx + d * s.nelmts, paged ? bitmap : null, d * pagesPerDblk);
    }
    if (out.length > file.limits.maxElements) {
      throw new Hdf5Error('LIMIT_EXCEEDED', 'extensible array', h.start, 'too many chunks');
    }
  }
  return out;
}
