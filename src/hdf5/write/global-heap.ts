/**
 * Global heap collections (signature `GCOL`, version 1), where the bytes of
 * variable-length strings live. Objects are packed in order into collections
 * of libhdf5's minimum size (4096 bytes); an object too big for that gets a
 * collection of its own, sized to fit. Unused space at the end is described
 * by a free-space object (index 0) whose size includes its own header.
 * Spec: "III.E. Disk Format: Level 1E - Global Heap".
 */
import { Hdf5Error } from '../errors.js';
import { UNDEFINED, align8, writeAddress, writeSignature, writeU64, type Out } from './bytes.js';

/** libhdf5's H5HG_MINSIZE: collections are never smaller. */
export const GLOBAL_HEAP_MIN_SIZE = 4096;
const COLLECTION_HEADER = 16;
const OBJECT_HEADER = 16;
/** Object indices are 16-bit and index 0 is the free space. */
const MAX_OBJECTS = 0xffff;

/** One collection: its objects in index order (index = position + 1). */
export class GlobalHeapCollection {
  address = UNDEFINED;
  /** Total bytes, header included; final after {@link GlobalHeapBuilder.finish}. */
  size = 0;
  used = COLLECTION_HEADER;
  readonly objects: Uint8Array[] = [];
}

/** Where one object lives: what a variable-length element points at. */
export interface HeapRef {
  readonly collection: GlobalHeapCollection;
  readonly index: number;
  readonly length: number;
}

/** Collects heap objects during planning, then lays out the collections. */
export class GlobalHeapBuilder {
  readonly collections: GlobalHeapCollection[] = [];
  private current: GlobalHeapCollection | undefined;

  /** Adds one object (the bytes are referenced, not copied) and returns its reference. */
  add(data: Uint8Array): HeapRef {
    if (data.length > 0xffff_ffff) {
      throw new Hdf5Error('VALUE_TOO_LARGE', 'global heap object', -1,
        `a variable-length element of ${data.length} bytes exceeds the 4 GiB length field`);
    }
    const space = OBJECT_HEADER + align8(data.length);
    let c = this.current;
    if (c === undefined || (c.objects.length > 0 &&
      (c.used + space > GLOBAL_HEAP_MIN_SIZE || c.objects.length >= MAX_OBJECTS))) {
      c = new GlobalHeapCollection();
      this.collections.push(c);
      this.current = c;
    }
    c.objects.push(data);
    c.used += space;
    return { collection: c, index: c.objects.length, length: data.length };
  }

  /** Fixes every collection's size. Call once, before addresses are assigned. */
  finish(): void {
    for (const c of this.collections) {
      let size = Math.max(GLOBAL_HEAP_MIN_SIZE, c.used);
      // A free-space object needs 16 bytes; never leave a smaller tail.
      if (size - c.used > 0 && size - c.used < OBJECT_HEADER) size += OBJECT_HEADER;
      c.size = size;
    }
  }
}

/** Writes one collection at its address. */
export function writeGlobalHeapCollection(out: Out, c: GlobalHeapCollection): void {
  const { bytes, view } = out;
  const base = c.address;
  writeSignature(bytes, base, 'GCOL');
  bytes[base + 4] = 1; // version
  writeU64(view, base + 8, c.size);
  let p = base + COLLECTION_HEADER;
  const objects = c.objects;
  for (let i = 0; i < objects.length; i++) {
    const data = objects[i]!;
    view.setUint16(p, i + 1, true); // heap object index
    // reference count (2 bytes) and reserved (4 bytes) stay zero, as libhdf5 writes them
    writeU64(view, p + 8, data.length);
    bytes.set(data, p + OBJECT_HEADER);
    p += OBJECT_HEADER + align8(data.length);
  }
  const free = base + c.size - p;
  if (free >= OBJECT_HEADER) {
    view.setUint16(p, 0, true); // index 0: free space
    writeU64(view, p + 8, free);
  }
}

/** Writes one variable-length element: length, collection address, object index. */
export function writeHeapRef(out: Out, off: number, ref: HeapRef): void {
  out.view.setUint32(off, ref.length, true);
  writeAddress(out.view, off + 4, ref.collection.address);
  out.view.setUint32(off + 12, ref.index, true);
}
