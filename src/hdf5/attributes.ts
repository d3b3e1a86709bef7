/**
 * Reads an object's attributes: compact Attribute messages in its header and
 * dense attributes (Attribute Info message → fractal heap indexed by a v2
 * B-tree of name hashes, record type 8), with shared datatypes resolved.
 *
 * Spec: HDF5 File Format Specification v3, sections IV.A.2.m "The Attribute
 * Message", IV.A.2.v "The Attribute Info Message" and III.A.2 record type 8.
 */
import { UNDEFINED_ADDRESS, type Cursor } from './cursor.js';
import type { FileContext } from './file-context.js';
import { readAttribute, readAttributeInfo, type RawAttribute, type SharedResolver } from './messages/attribute.js';
import { readDataspace } from './messages/dataspace.js';
import { readDatatype } from './messages/datatype.js';
import { resolveShared } from './messages/shared.js';
import { MSG_FLAG_SHARED, type ObjectHeader } from './object-header.js';
import { readBtreeV2 } from './structures/btree-v2.js';
import { FractalHeap } from './structures/fractal-heap.js';

const DATASPACE = 0x01;
const DATATYPE = 0x03;
const ATTRIBUTE = 0x0c;
const ATTRIBUTE_INFO = 0x15;

export function sharedResolver(file: FileContext): SharedResolver {
  const depth = file.limits.maxTypeDepth;
  return {
    datatype: (c: Cursor) => readDatatype(c, 0, depth),
    sharedDatatype: (c: Cursor) => readDatatype(resolveShared(file, c, DATATYPE), 0, depth),
    dataspace: (c: Cursor) => readDataspace(c),
    sharedDataspace: (c: Cursor) => readDataspace(resolveShared(file, c, DATASPACE)),
  };
}

export interface ObjectAttributes {
  attributes: RawAttribute[];
  creationOrderTracked: boolean;
}

export function readAttributes(file: FileContext, header: ObjectHeader): ObjectAttributes {
  const resolver = sharedResolver(file);
  const attributes: RawAttribute[] = [];
  let tracked = (header.flags & 0x04) !== 0;
  for (const m of header.messages) {
    if (m.type === ATTRIBUTE) {
      const data = m.flags & MSG_FLAG_SHARED ? resolveShared(file, m.data.clone(), m.type) : m.data.clone();
      attributes.push(readAttribute(data, resolver, m.creationOrder));
    } else if (m.type === ATTRIBUTE_INFO) {
      const info = readAttributeInfo(m.data.clone());
      tracked = tracked || info.creationOrderTracked;
      if (info.heapAddress !== UNDEFINED_ADDRESS && info.nameIndexAddress !== UNDEFINED_ADDRESS) {
        const heap = new FractalHeap(file, info.heapAddress);
        const tree = readBtreeV2(file, info.nameIndexAddress, 8);
        for (const r of tree.records) {
          const id = file.bytes.subarray(r, r + 8);
          const flags = file.bytes[r + 8]!;
          const order = file.view.getUint32(r + 9, true);
          const obj = heap.object(id);
          let c = file.cursorAt(obj.byteOffset - file.bytes.byteOffset, obj.length, 'attribute (dense storage)');
          if (flags & MSG_FLAG_SHARED) c = resolveShared(file, c, ATTRIBUTE);
          attributes.push(readAttribute(c, resolver, order));
        }
      }
    }
  }
  return { attributes, creationOrderTracked: tracked };
}
