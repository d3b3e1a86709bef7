/**
 * Fill value message (type 0x0005), version 2, exactly as h5py writes it for
 * a dataset with the default fill: allocation time late (contiguous) or
 * incremental (chunked), fill written "if set", fill defined, size 0.
 * Spec: "IV.A.2.f. The Fill Value Message".
 */
import { FLAG_CONSTANT, MSG, type Message } from './object-header.js';

/** libhdf5's space allocation times. */
export const ALLOC_TIME = Object.freeze({ LATE: 2, INCREMENTAL: 3 });

/** The fill value message for a dataset allocated at `allocTime`. */
export function fillValueMessage(allocTime: number): Message {
  return {
    type: MSG.FILL_VALUE,
    flags: FLAG_CONSTANT,
    size: 8,
    write(out, off) {
      out.bytes[off] = 2; // version
      out.bytes[off + 1] = allocTime;
      out.bytes[off + 2] = 2; // fill value write time: if set
      out.bytes[off + 3] = 1; // fill value defined (the library default)
      // 4-byte size 0: the default fill, all zero bytes
    },
  };
}
