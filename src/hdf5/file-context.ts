/**
 * Per-file reading state shared by every structure decoder: the bytes, the
 * superblock's sizes and base address, limits, and caches for object headers
 * and global heap collections. Internal; the public face is {@link openHdf5}.
 */
import { Cursor, UNDEFINED_ADDRESS } from './cursor.js';
import { Hdf5Error } from './errors.js';
import type { Hdf5Limits } from './limits.js';
import { readObjectHeader, type ObjectHeader } from './object-header.js';
import type { Superblock } from './superblock.js';
import { readGlobalHeapCollection, type GlobalHeapCollection } from './structures/global-heap.js';

export class FileContext {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly superblock: Superblock;
  readonly limits: Hdf5Limits;
  readonly verifyChecksums: boolean;
  readonly base: number;
  private readonly headers = new Map<number, ObjectHeader>();
  private readonly globalHeaps = new Map<number, GlobalHeapCollection>();
  /** Decoded per-object tables (links, dataset metadata, attributes), by object address. */
  readonly objectCache = new Map<string, unknown>();
  /** Shared-message table (superblock extension), decoded on first use. */
  sharedMessageHeaps: Map<number, number> | undefined;

  constructor(bytes: Uint8Array, view: DataView, superblock: Superblock, limits: Hdf5Limits,
    verifyChecksums: boolean) {
    this.bytes = bytes;
    this.view = view;
    this.superblock = superblock;
    this.limits = limits;
    this.verifyChecksums = verifyChecksums;
    this.base = superblock.baseAddress;
  }

  /** File offset of a relative address; throws if undefined or outside the file. */
  absolute(address: number, structure: string): number {
    if (address === UNDEFINED_ADDRESS) {
      throw new Hdf5Error('BAD_ADDRESS', structure, -1, 'points to the undefined address');
    }
    const at = address + this.base;
    if (!(at >= 0) || at >= this.bytes.length) {
      throw new Hdf5Error('OUT_OF_BOUNDS', structure, at,
        `address 0x${address.toString(16)} lies outside the file (${this.bytes.length} bytes)`);
    }
    return at;
  }

  /** A cursor over `[at, at + length)` (file offsets), bounds-checked. */
  cursorAt(at: number, length: number, structure: string): Cursor {
    if (!(at >= 0) || !(length >= 0) || at + length > this.bytes.length) {
      throw new Hdf5Error('OUT_OF_BOUNDS', structure, at,
        `${length} byte(s) at 0x${at.toString(16)} lie outside the file (${this.bytes.length} bytes)`);
    }
    return new Cursor(this.bytes, this.view, at, at + length, structure,
      this.superblock.offsetSize, this.superblock.lengthSize);
  }

  /** A cursor at a relative address, `length` bytes long (clipped to the file when `clip`). */
  cursor(address: number, length: number, structure: string, clip = false): Cursor {
    const at = this.absolute(address, structure);
    const len = clip ? Math.min(length, this.bytes.length - at) : length;
    return this.cursorAt(at, len, structure);
  }

  /** A cursor from a relative address to the end of the file. */
  cursorToEnd(address: number, structure: string): Cursor {
    const at = this.absolute(address, structure);
    return this.cursorAt(at, this.bytes.length - at, structure);
  }

  /** The object header at a relative address (cached). */
  header(address: number): ObjectHeader {
    let h = this.headers.get(address);
    if (!h) {
      h = readObjectHeader(this, address);
      this.headers.set(address, h);
    }
    return h;
  }

  /** A value computed once per (kind, address), e.g. a group's link table. */
  cached<T>(kind: string, address: number, make: () => T): T {
    const key = `${kind}@${address}`;
    let v = this.objectCache.get(key) as T | undefined;
    if (v === undefined) {
      v = make();
      this.objectCache.set(key, v);
    }
    return v;
  }

  /** A global heap collection at a relative address (cached). */
  globalHeap(address: number): GlobalHeapCollection {
    let g = this.globalHeaps.get(address);
    if (!g) {
      g = readGlobalHeapCollection(this, address);
      this.globalHeaps.set(address, g);
    }
    return g;
  }

  /** Throws `LIMIT_EXCEEDED` when a requested allocation is above the limits. */
  checkOutput(bytes: number, elements: number, structure: string, at: number): void {
    if (!(elements <= this.limits.maxElements)) {
      throw new Hdf5Error('LIMIT_EXCEEDED', structure, at,
        `${elements} elements exceed the limit of ${this.limits.maxElements} (limits.maxElements)`);
    }
    if (!(bytes <= this.limits.maxOutputBytes)) {
      throw new Hdf5Error('LIMIT_EXCEEDED', structure, at,
        `${bytes} bytes exceed the limit of ${this.limits.maxOutputBytes} (limits.maxOutputBytes)`);
    }
  }
}

/** A step budget for pointer-chasing loops (B-trees, heaps, linked nodes). */
export class StepBudget {
  private left: number;
  private readonly structure: string;
  constructor(limit: number, structure: string) {
    this.left = limit;
    this.structure = structure;
  }
  step(at: number): void {
    if (--this.left < 0) {
      throw new Hdf5Error('LIMIT_EXCEEDED', this.structure, at,
        'visited more nodes than limits.maxNodes allows (a cycle or a corrupt index)');
    }
  }
}
