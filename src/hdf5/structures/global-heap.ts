/**
 * Global heap collections ("GCOL"): where variable-length data (vlen strings,
 * vlen sequences, region references) lives. A heap ID is the collection's
 * address plus a 4-byte object index.
 *
 * Spec: HDF5 File Format Specification v3, section III.E "Disk Format: Level
 * 1E - Global Heap".
 */
import { Hdf5Error } from '../errors.js';
import type { FileContext } from '../file-context.js';

export interface GlobalHeapCollection {
  /** File offset of the collection. */
  at: number;
  /** Object index → [file offset, size] of its data. */
  objects: Map<number, [number, number]>;
}

export function readGlobalHeapCollection(file: FileContext, address: number): GlobalHeapCollection {
  const at = file.absolute(address, 'global heap collection');
  const head = file.cursorAt(at, Math.min(16, file.bytes.length - at), 'global heap collection');
  head.signature('GCOL');
  const version = head.u8();
  if (version !== 1) head.fail('UNSUPPORTED_VERSION', `global heap version ${version}; expected 1`);
  head.skip(3);
  const size = head.length();
  if (size < 16 || at + size > file.bytes.length) {
    // libhdf5 may write a collection whose declared size runs past the end
    // of a file that was not closed cleanly; clip to the file.
    if (size < 16) head.fail('BAD_GLOBAL_HEAP', `collection size ${size} is too small`);
  }
  const c = file.cursorAt(at, Math.min(size, file.bytes.length - at), 'global heap collection');
  // The collection header and each object header are padded to multiples of 8
  // (they are 16 bytes with 8-byte lengths, still 16 with 4-byte lengths).
  const align8 = (n: number) => Math.ceil(n / 8) * 8;
  c.skip(align8(8 + c.lengthSize));
  const objects = new Map<number, [number, number]>();
  const headerSize = align8(8 + c.lengthSize);
  while (c.remaining >= headerSize) {
    const objAt = c.pos;
    const index = c.u16();
    c.skip(2); // reference count
    c.skip(4);
    const objSize = c.length();
    c.pos = objAt + headerSize;
    if (index === 0) break; // free space: the rest of the collection
    if (objSize < 0 || objSize > c.remaining) {
      throw new Hdf5Error('BAD_GLOBAL_HEAP', 'global heap object', c.pos,
        `object ${index} of ${objSize} bytes runs past its collection`);
    }
    objects.set(index, [c.pos, objSize]);
    c.skip(objSize);
    c.align(8, at);
  }
  return { at, objects };
}

/** The bytes of global heap object `index` in the collection at `address`. */
export function globalHeapObject(file: FileContext, address: number, index: number): Uint8Array {
  const col = file.globalHeap(address);
  const o = col.objects.get(index);
  if (!o) {
    throw new Hdf5Error('BAD_GLOBAL_HEAP', 'global heap collection', col.at,
      `has no object with index ${index}`);
  }
  return file.bytes.subarray(o[0], o[0] + o[1]);
}
