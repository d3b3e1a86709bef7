/**
 * Local heaps ("HEAP"): the names of an old-style group's links (and soft
 * link values), addressed by offset into the heap's data segment.
 *
 * Spec: HDF5 File Format Specification v3, section III.D "Disk Format: Level
 * 1D - Local Heaps".
 */
import type { Cursor } from '../cursor.js';
import type { FileContext } from '../file-context.js';

export interface LocalHeap {
  /** A cursor over the heap's data segment. */
  data: Cursor;
}

export function readLocalHeap(file: FileContext, address: number): LocalHeap {
  const c = file.cursor(address, 8 + 2 * file.superblock.lengthSize + file.superblock.offsetSize, 'local heap');
  c.signature('HEAP');
  const version = c.u8();
  if (version !== 0) c.fail('UNSUPPORTED_VERSION', `local heap version ${version}; expected 0`);
  c.skip(3);
  const size = c.length();
  c.length(); // offset to the head of the free list
  const dataAddress = c.offset();
  return { data: file.cursor(dataAddress, size, 'local heap data segment') };
}

/** The NUL-terminated string at `offset` in the heap's data segment. */
export function localHeapString(heap: LocalHeap, offset: number): string {
  const d = heap.data;
  if (!(offset >= 0) || offset >= d.end - d.start) {
    d.fail('OUT_OF_BOUNDS', `name offset ${offset} lies outside the ${d.end - d.start}-byte heap`);
  }
  d.pos = d.start + offset;
  return d.cstring();
}
