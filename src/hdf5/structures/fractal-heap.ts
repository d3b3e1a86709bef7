/**
 * Fractal heaps ("FRHP" header, "FHIB" indirect blocks, "FHDB" direct
 * blocks): the storage of dense links, dense attributes and shared messages.
 * Objects are found by heap ID: managed (offset and length in the heap's
 * linear space, resolved through the doubling table), huge (stored on their
 * own, directly or through a v2 B-tree of type 1) or tiny (inside the ID).
 *
 * Spec: HDF5 File Format Specification v3, section III.G "Disk Format: Level
 * 1G - Fractal Heap".
 */
import { UNDEFINED_ADDRESS } from '../cursor.js';
import { Hdf5Error } from '../errors.js';
import type { FileContext } from '../file-context.js';
import { readBtreeV2 } from './btree-v2.js';
import { lookup3, verifyChecksum } from './lookup3.js';

interface IndirectBlock {
  /** Child addresses: direct blocks first (row-major), then indirect blocks. */
  direct: number[];
  indirect: number[];
  nrows: number;
}

export class FractalHeap {
  private readonly file: FileContext;
  /** File offset of the header. */
  readonly at: number;
  readonly heapIdLength: number;
  readonly filtersLength: number;
  readonly checksummedDirect: boolean;
  readonly maxManagedSize: number;
  readonly hugeBtreeAddress: number;
  readonly tableWidth: number;
  readonly startBlockSize: number;
  readonly maxDirectSize: number;
  readonly maxHeapBits: number;
  readonly rootAddress: number;
  readonly rootRows: number;
  /** Bytes of a block-offset field and of a managed-ID offset field. */
  readonly offsetBytes: number;
  /** Bytes of a managed-ID length field. */
  readonly lengthBytes: number;
  readonly maxDirectRows: number;
  private readonly indirectCache = new Map<number, IndirectBlock>();
  private readonly checkedDirect = new Set<number>();

  constructor(file: FileContext, address: number) {
    this.file = file;
    const at = file.absolute(address, 'fractal heap header');
    this.at = at;
    const c = file.cursorAt(at, file.bytes.length - at, 'fractal heap header');
    c.signature('FRHP');
    const version = c.u8();
    if (version !== 0) c.fail('UNSUPPORTED_VERSION', `fractal heap version ${version}`);
    this.heapIdLength = c.u16();
    this.filtersLength = c.u16();
    const flags = c.u8();
    this.checksummedDirect = (flags & 2) !== 0;
    this.maxManagedSize = c.u32();
    c.length(); // next huge object ID
    this.hugeBtreeAddress = c.offset();
    c.length(); // free space in managed blocks
    c.offset(); // free-space manager address
    c.length(); // managed space
    c.length(); // allocated managed space
    c.length(); // direct block allocation iterator offset
    c.length(); // number of managed objects
    c.length(); // size of huge objects
    c.length(); // number of huge objects
    c.length(); // size of tiny objects
    c.length(); // number of tiny objects
    this.tableWidth = c.u16();
    this.startBlockSize = c.length();
    this.maxDirectSize = c.length();
    this.maxHeapBits = c.u16();
    c.u16(); // starting number of rows in the root indirect block
    this.rootAddress = c.offset();
    this.rootRows = c.u16();
    if (this.filtersLength > 0) {
      c.length(); // size of the filtered root direct block
      c.u32(); // filter mask
      c.skip(this.filtersLength);
    }
    verifyChecksum(c, at, file.verifyChecksums);
    const pow2 = (n: number) => n > 0 && (n & (n - 1)) === 0 && n <= 2 ** 40;
    if (!pow2(this.tableWidth) || !pow2(this.startBlockSize) || !pow2(this.maxDirectSize)
      || this.maxDirectSize < this.startBlockSize || this.maxHeapBits < 1 || this.maxHeapBits > 64
      || this.rootRows > 64) {
      throw new Hdf5Error('BAD_FRACTAL_HEAP', 'fractal heap header', at,
        `inconsistent doubling table (width ${this.tableWidth}, start ${this.startBlockSize}, max direct ${this.maxDirectSize}, heap bits ${this.maxHeapBits})`);
    }
    this.offsetBytes = Math.ceil(this.maxHeapBits / 8);
    const limitEnc = (n: number) => Math.floor(Math.log2(n) / 8) + 1;
    this.lengthBytes = Math.min(limitEnc(this.maxDirectSize), limitEnc(Math.max(this.maxManagedSize, 1)));
    this.maxDirectRows = Math.log2(this.maxDirectSize) - Math.log2(this.startBlockSize) + 2;
  }

  /** The bytes of the object with this heap ID (a view into the file). */
  object(id: Uint8Array): Uint8Array {
    if (id.length < 1) throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, 'empty heap ID');
    const type = (id[0]! >> 4) & 3;
    const version = id[0]! >> 6;
    if (version !== 0) throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, `heap ID version ${version}`);
    if (type === 0) return this.managed(id);
    if (type === 1) return this.huge(id);
    if (type === 2) return this.tiny(id);
    throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, `heap ID type ${type}`);
  }

  private readIdField(id: Uint8Array, at: number, n: number): number {
    if (at + n > id.length) throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, 'heap ID too short');
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + id[at + i]!;
    return v;
  }

  private tiny(id: Uint8Array): Uint8Array {
    if (this.heapIdLength <= 18) {
      const len = (id[0]! & 0x0f) + 1;
      if (1 + len > id.length) throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, 'tiny object overruns its ID');
      return id.subarray(1, 1 + len);
    }
    const len = (((id[0]! & 0x0f) << 8) | id[1]!) + 1;
    if (2 + len > id.length) throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap ID', this.at, 'tiny object overruns its ID');
    return id.subarray(2, 2 + len);
  }

  private huge(id: Uint8Array): Uint8Array {
    const o = this.file.superblock.offsetSize;
    const l = this.file.superblock.lengthSize;
    if (this.filtersLength > 0) {
      throw new Hdf5Error('UNSUPPORTED_FEATURE', 'fractal heap', this.at, 'filtered huge objects are not supported');
    }
    if (this.heapIdLength >= 1 + o + l) {
      const addr = this.readIdField(id, 1, o);
      const len = this.readIdField(id, 1 + o, l);
      return this.file.cursor(addr, len, 'fractal heap huge object').bytesView(len);
    }
    // Indirectly accessed: look the key up in the huge-object v2 B-tree (record type 1).
    const key = this.readIdField(id, 1, Math.min(l, id.length - 1));
    const tree = readBtreeV2(this.file, this.hugeBtreeAddress, 1);
    for (const r of tree.records) {
      const c = this.file.cursorAt(r, tree.recordSize, 'v2 B-tree huge object record');
      const addr = c.offset();
      const len = c.length();
      const k = c.length();
      if (k === key) return this.file.cursor(addr, len, 'fractal heap huge object').bytesView(len);
    }
    throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap', this.at, `no huge object with ID ${key}`);
  }

  private managed(id: Uint8Array): Uint8Array {
    const offset = this.readIdField(id, 1, this.offsetBytes);
    const length = this.readIdField(id, 1 + this.offsetBytes, this.lengthBytes);
    if (this.filtersLength > 0) {
      throw new Hdf5Error('UNSUPPORTED_FEATURE', 'fractal heap', this.at, 'filtered direct blocks are not supported');
    }
    if (this.rootAddress === UNDEFINED_ADDRESS) {
      throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap', this.at, 'the heap is empty');
    }
    let blockAddress: number;
    let blockOffset: number;
    let blockSize: number;
    if (this.rootRows === 0) {
      blockAddress = this.rootAddress;
      blockOffset = 0;
      blockSize = this.startBlockSize;
    } else {
      [blockAddress, blockOffset, blockSize] = this.locate(offset);
    }
    if (blockAddress === UNDEFINED_ADDRESS) {
      throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap', this.at, `offset ${offset} lies in an unallocated block`);
    }
    const rel = offset - blockOffset;
    if (rel < 0 || rel + length > blockSize) {
      throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap direct block', this.at,
        `object at heap offset ${offset} (+${length}) lies outside its ${blockSize}-byte block`);
    }
    const c = this.file.cursor(blockAddress, blockSize, 'fractal heap direct block');
    if (!this.checkedDirect.has(c.start)) {
      c.signature('FHDB');
      if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'direct block version');
      if (this.checksummedDirect && this.file.verifyChecksums) {
        const prefix = 5 + this.file.superblock.offsetSize + this.offsetBytes;
        const copy = new Uint8Array(blockSize);
        copy.set(c.bytes.subarray(c.start, c.start + blockSize));
        const stored = c.view.getUint32(c.start + prefix, true);
        copy[prefix] = copy[prefix + 1] = copy[prefix + 2] = copy[prefix + 3] = 0;
        if (lookup3(copy) !== stored) c.fail('BAD_CHECKSUM', 'direct block checksum mismatch', c.start + prefix);
      }
      this.checkedDirect.add(c.start);
    }
    return c.bytes.subarray(c.start + rel, c.start + rel + length);
  }

  /** Size of blocks in doubling-table row `r`. */
  private rowBlockSize(r: number): number {
    return r === 0 ? this.startBlockSize : this.startBlockSize * 2 ** (r - 1);
  }

  /** Finds [direct block address, its heap offset, its size] holding heap offset `offset`. */
  private locate(offset: number): [number, number, number] {
    let address = this.rootAddress;
    let nrows = this.rootRows;
    let base = 0; // heap offset where the current indirect block starts
    const w = this.tableWidth;
    for (let depth = 0; depth < 64; depth++) {
      const block = this.indirect(address, nrows, base);
      const rel = offset - base;
      let row: number;
      const firstRows = w * this.startBlockSize;
      if (rel < firstRows) row = 0;
      else row = Math.floor(Math.log2(rel / firstRows)) + 1;
      // Guard against floating-point edge cases at exact powers of two.
      while (row > 0 && rel < w * this.startBlockSize * 2 ** (row - 1)) row--;
      while (rel >= (row === 0 ? firstRows : w * this.startBlockSize * 2 ** row)) row++;
      const rowStart = row === 0 ? 0 : w * this.startBlockSize * 2 ** (row - 1);
      const size = this.rowBlockSize(row);
      const col = Math.floor((rel - rowStart) / size);
      if (row >= nrows || col >= w) {
        throw new Hdf5Error('BAD_HEAP_ID', 'fractal heap indirect block', this.at, `offset ${offset} lies beyond the heap`);
      }
      const childBase = base + rowStart + col * size;
      if (row < this.maxDirectRows) {
        return [block.direct[row * w + col] ?? UNDEFINED_ADDRESS, childBase, size];
      }
      address = block.indirect[(row - this.maxDirectRows) * w + col] ?? UNDEFINED_ADDRESS;
      if (address === UNDEFINED_ADDRESS) return [UNDEFINED_ADDRESS, childBase, size];
      nrows = Math.log2(size) - Math.log2(this.startBlockSize) + 1;
      base = childBase;
    }
    throw new Hdf5Error('BAD_FRACTAL_HEAP', 'fractal heap', this.at, 'indirect blocks nest too deeply');
  }

  private indirect(address: number, nrows: number, base: number): IndirectBlock {
    const cached = this.indirectCache.get(address);
    if (cached) return cached;
    if (this.indirectCache.size > this.file.limits.maxNodes) {
      throw new Hdf5Error('LIMIT_EXCEEDED', 'fractal heap', this.at, 'too many indirect blocks');
    }
    const at = this.file.absolute(address, 'fractal heap indirect block');
    const w = this.tableWidth;
    const directRows = Math.min(nrows, this.maxDirectRows);
    const indirectRows = Math.max(0, nrows - this.maxDirectRows);
    const o = this.file.superblock.offsetSize;
    const size = 5 + o + this.offsetBytes + directRows * w * o + indirectRows * w * o + 4;
    const c = this.file.cursorAt(at, size, 'fractal heap indirect block');
    c.signature('FHIB');
    if (c.u8() !== 0) c.fail('UNSUPPORTED_VERSION', 'indirect block version');
    c.offset(); // heap header address
    const blockOffset = c.uint(this.offsetBytes);
    if (blockOffset !== base) c.fail('BAD_FRACTAL_HEAP', `block offset ${blockOffset}; expected ${base}`);
    const direct: number[] = [];
    for (let i = 0; i < directRows * w; i++) direct.push(c.offset());
    const indirect: number[] = [];
    for (let i = 0; i < indirectRows * w; i++) indirect.push(c.offset());
    verifyChecksum(c, at, this.file.verifyChecksums);
    const block = { direct, indirect, nrows };
    this.indirectCache.set(address, block);
    return block;
  }
}
