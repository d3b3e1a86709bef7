/**
 * Data layout message (type 0x0008), version 3: contiguous storage (class 1:
 * address and size) or chunked storage (class 2: v1 B-tree address, chunk
 * dimensions and the element size as the last dimension).
 * Spec: "IV.A.2.i. The Data Layout Message".
 */
import { writeAddress, writeU64, type Out } from './bytes.js';
import { MSG, type Message } from './object-header.js';

/** Contiguous layout; `place()` gives the data address and size once laid out. */
export function contiguousLayoutMessage(place: () => { address: number; size: number }): Message {
  return {
    type: MSG.LAYOUT,
    flags: 0,
    size: 18,
    write(out: Out, off: number) {
      out.bytes[off] = 3; // version
      out.bytes[off + 1] = 1; // contiguous
      const { address, size } = place();
      writeAddress(out.view, off + 2, address);
      writeU64(out.view, off + 10, size);
    },
  };
}

/** Chunked layout; `btree()` gives the chunk B-tree's root address (undefined when no chunks). */
export function chunkedLayoutMessage(chunks: readonly number[], elementSize: number, btree: () => number): Message {
  const dims = chunks.length + 1;
  return {
    type: MSG.LAYOUT,
    flags: 0,
    size: 3 + 8 + 4 * dims,
    write(out: Out, off: number) {
      out.bytes[off] = 3; // version
      out.bytes[off + 1] = 2; // chunked
      out.bytes[off + 2] = dims;
      writeAddress(out.view, off + 3, btree());
      let p = off + 11;
      for (let i = 0; i < chunks.length; i++, p += 4) out.view.setUint32(p, chunks[i]!, true);
      out.view.setUint32(p, elementSize, true);
    },
  };
}
