/**
 * Attribute message (type 0x000C), version 1: name, datatype and dataspace
 * each padded to 8 bytes, then the data. Variable-length elements hold global
 * heap references, so their bytes live outside the 64 KiB message limit.
 * Spec: "IV.A.2.m. The Attribute Message".
 */
import { Hdf5Error } from '../errors.js';
import { align8, type Out } from './bytes.js';
import { datatypeSize, writeDatatype } from './datatype.js';
import { dataspaceSize, writeDataspace } from './dataspace.js';
import { writeHeapRef, type HeapRef } from './global-heap.js';
import { MAX_MESSAGE_SIZE, MSG, type Message } from './object-header.js';
import type { NormalizedValue } from './values.js';

/** Unpadded size of the attribute message for this name and value. */
export function attributeMessageSize(nameBytes: Uint8Array, value: NormalizedValue): number {
  return 8 + align8(nameBytes.length + 1) + align8(datatypeSize(value.type)) +
    align8(dataspaceSize(value.shape)) + value.count * value.type.size;
}

/**
 * Refuses an attribute whose message would pass libhdf5's limit.
 * @throws {Hdf5Error} `ATTRIBUTE_TOO_LARGE` naming the attribute and its owner.
 */
export function checkAttributeSize(name: string, owner: string, size: number): void {
  if (align8(size) > MAX_MESSAGE_SIZE) {
    throw new Hdf5Error('ATTRIBUTE_TOO_LARGE', 'attribute message', -1,
      `attribute '${name}' of ${owner} needs ${size} bytes but object header messages stop at ` +
      `${MAX_MESSAGE_SIZE}; store it as variable-length strings or split it (as Keras does with name0, name1, …)`);
  }
}

/** The attribute message; `refs` are the heap references of variable-length elements. */
export function attributeMessage(nameBytes: Uint8Array, value: NormalizedValue, refs: readonly HeapRef[] | undefined): Message {
  const dtSize = datatypeSize(value.type);
  const dsSize = dataspaceSize(value.shape);
  return {
    type: MSG.ATTRIBUTE,
    flags: 0,
    size: attributeMessageSize(nameBytes, value),
    write(out: Out, off: number): void {
      const { bytes, view } = out;
      bytes[off] = 1; // version
      view.setUint16(off + 2, nameBytes.length + 1, true);
      view.setUint16(off + 4, dtSize, true);
      view.setUint16(off + 6, dsSize, true);
      let p = off + 8;
      bytes.set(nameBytes, p);
      p += align8(nameBytes.length + 1);
      writeDatatype(out, p, value.type);
      p += align8(dtSize);
      writeDataspace(out, p, value.shape);
      p += align8(dsSize);
      if (refs !== undefined) {
        for (let i = 0; i < refs.length; i++, p += 16) writeHeapRef(out, p, refs[i]!);
      } else {
        bytes.set(value.raw!, p);
      }
    },
  };
}
