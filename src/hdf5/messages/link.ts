/**
 * The Link message (type 0x0006): one named link of a "new style" group —
 * hard (object header address), soft (a path in this file), external (a file
 * name and a path in it) or user-defined. Also the record format stored in a
 * group's fractal heap when its links are dense.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.g "The Link Message".
 */
import type { Cursor } from '../cursor.js';

export type Link =
  | { kind: 'hard'; name: string; address: number; creationOrder: number }
  | { kind: 'soft'; name: string; target: string; creationOrder: number }
  | { kind: 'external'; name: string; file: string; target: string; creationOrder: number }
  | { kind: 'user'; name: string; linkType: number; data: Uint8Array; creationOrder: number };

export function readLink(c: Cursor): Link {
  const at = c.pos;
  const version = c.u8();
  if (version !== 1) c.fail('UNSUPPORTED_VERSION', `link message version ${version}`, at);
  const flags = c.u8();
  const linkType = flags & 0x08 ? c.u8() : 0;
  const creationOrder = flags & 0x04 ? c.uint(8) : -1;
  if (flags & 0x10) c.u8(); // character set of the name (ASCII or UTF-8; decoded as UTF-8)
  const nameLength = c.uint(1 << (flags & 3));
  if (nameLength === 0) c.fail('BAD_LINK', 'empty link name');
  const name = c.cstringOfLength(nameLength);
  switch (linkType) {
    case 0: return { kind: 'hard', name, address: c.offset(), creationOrder };
    case 1: {
      const n = c.u16();
      return { kind: 'soft', name, target: c.cstringOfLength(n), creationOrder };
    }
    case 64: {
      const n = c.u16();
      const body = c.sub(n);
      body.u8(); // version and flags
      const file = body.cstring();
      const target = body.remaining > 0 ? body.cstring() : '';
      return { kind: 'external', name, file, target, creationOrder };
    }
    default: {
      const n = c.u16();
      return { kind: 'user', name, linkType, data: c.bytesView(n), creationOrder };
    }
  }
}

export interface LinkInfo {
  creationOrderTracked: boolean;
  creationOrderIndexed: boolean;
  heapAddress: number;
  nameIndexAddress: number;
  creationOrderIndexAddress: number;
}

/** The Link Info message (type 0x0002), section IV.A.2.c. */
export function readLinkInfo(c: Cursor): LinkInfo {
  const at = c.pos;
  const version = c.u8();
  if (version !== 0) c.fail('UNSUPPORTED_VERSION', `link info message version ${version}`, at);
  const flags = c.u8();
  if (flags & 1) c.skip(8); // maximum creation index
  const heapAddress = c.offset();
  const nameIndexAddress = c.offset();
  const creationOrderIndexAddress = flags & 2 ? c.offset() : -1;
  return {
    creationOrderTracked: (flags & 1) !== 0, creationOrderIndexed: (flags & 2) !== 0,
    heapAddress, nameIndexAddress, creationOrderIndexAddress,
  };
}

/** The Symbol Table message (type 0x0011), section IV.A.2.r: v1 B-tree and local heap. */
export function readSymbolTableMessage(c: Cursor): { btreeAddress: number; heapAddress: number } {
  return { btreeAddress: c.offset(), heapAddress: c.offset() };
}
