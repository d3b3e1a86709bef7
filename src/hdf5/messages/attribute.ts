/**
 * The Attribute message (type 0x000C): name, datatype, dataspace and raw
 * value of one attribute. Version 1 pads each part to 8 bytes; version 2
 * drops the padding and may share the datatype/dataspace; version 3 adds the
 * name's character set. Also the record stored in an object's attribute
 * fractal heap when attributes are dense; and the Attribute Info message
 * (type 0x0015) that points to that heap.
 *
 * Spec: HDF5 File Format Specification v3, sections IV.A.2.m "The Attribute
 * Message" and IV.A.2.v "The Attribute Info Message".
 */
import type { Cursor } from '../cursor.js';
import type { Hdf5Dtype } from '../dtype.js';
import type { Dataspace } from './dataspace.js';

export interface RawAttribute {
  name: string;
  dtype: Hdf5Dtype;
  space: Dataspace;
  /** The value's bytes (a view into the file). */
  data: Uint8Array;
  /** File offset of the value, for error messages. */
  dataAt: number;
  creationOrder: number;
}

/** How a shared datatype or dataspace inside an attribute is resolved. */
export interface SharedResolver {
  datatype(c: Cursor): Hdf5Dtype;
  sharedDatatype(c: Cursor): Hdf5Dtype;
  dataspace(c: Cursor): Dataspace;
  sharedDataspace(c: Cursor): Dataspace;
}

export function readAttribute(c: Cursor, resolve: SharedResolver, creationOrder = -1): RawAttribute {
  const at = c.pos;
  const version = c.u8();
  if (version < 1 || version > 3) c.fail('UNSUPPORTED_VERSION', `attribute message version ${version}`, at);
  const flags = c.u8();
  const nameSize = c.u16();
  const typeSize = c.u16();
  const spaceSize = c.u16();
  if (version === 3) c.u8(); // name character set
  const pad = (n: number) => (version === 1 ? n + ((8 - (n % 8)) % 8) : n);
  const nameCur = c.sub(Math.min(pad(nameSize), c.remaining));
  const name = nameCur.cstringOfLength(Math.min(nameSize, nameCur.remaining));
  const typeCur = c.sub(Math.min(pad(typeSize), c.remaining), 'attribute datatype');
  const spaceCur = c.sub(Math.min(pad(spaceSize), c.remaining), 'attribute dataspace');
  const dtype = flags & 1 ? resolve.sharedDatatype(typeCur) : resolve.datatype(typeCur);
  const space = flags & 2 ? resolve.sharedDataspace(spaceCur) : resolve.dataspace(spaceCur);
  const dataAt = c.pos;
  const n = space.size * dtype.size;
  if (!(n <= c.remaining)) {
    c.fail('TRUNCATED', `attribute "${name}" declares ${space.size} × ${dtype.size} bytes but only ${c.remaining} remain`);
  }
  return { name, dtype, space, data: c.bytesView(n), dataAt, creationOrder };
}

export interface AttributeInfo {
  creationOrderTracked: boolean;
  creationOrderIndexed: boolean;
  heapAddress: number;
  nameIndexAddress: number;
  creationOrderIndexAddress: number;
}

export function readAttributeInfo(c: Cursor): AttributeInfo {
  const at = c.pos;
  const version = c.u8();
  if (version !== 0) c.fail('UNSUPPORTED_VERSION', `attribute info message version ${version}`, at);
  const flags = c.u8();
  if (flags & 1) c.skip(2); // maximum creation index
  const heapAddress = c.offset();
  const nameIndexAddress = c.offset();
  const creationOrderIndexAddress = flags & 2 ? c.offset() : -1;
  return {
    creationOrderTracked: (flags & 1) !== 0, creationOrderIndexed: (flags & 2) !== 0,
    heapAddress, nameIndexAddress, creationOrderIndexAddress,
  };
}
