/**
 * Object headers: the list of messages that describes a group, dataset or
 * committed datatype. Version 1 headers ("Version 1 Data Object Header
 * Prefix", messages aligned to 8 bytes, continuation blocks are bare message
 * lists) and version 2 headers ("OHDR", optional times and attribute phase
 * change values, 1-byte message types, optional creation order, "OCHK"
 * continuation blocks, every chunk checksummed) both decode to the same list.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.1 "Disk Format: Level
 * 2A1 - Data Object Header Prefix" and IV.A.2.q "The Object Header
 * Continuation Message" (type 0x0010).
 */
import { Cursor, UNDEFINED_ADDRESS } from './cursor.js';
import { Hdf5Error } from './errors.js';
import type { FileContext } from './file-context.js';
import { verifyChecksum } from './structures/lookup3.js';

/** One header message: its type, flags and a cursor cut to its data. */
export interface RawMessage {
  type: number;
  flags: number;
  /** A window over exactly the message's data bytes. */
  data: Cursor;
  /** Creation order (v2 headers that track it), else -1. */
  creationOrder: number;
}

/** A decoded object header: version, flags and all messages in file order. */
export interface ObjectHeader {
  address: number;
  version: number;
  /** v2 header flags (bit 2: attribute creation order tracked); 0 for v1. */
  flags: number;
  messages: RawMessage[];
}

const CONTINUATION = 0x0010;

/** Message flag bits (section IV.A.1). */
export const MSG_FLAG_SHARED = 0x02;
export const MSG_FLAG_FAIL_IF_UNKNOWN_WRITE = 0x08;
export const MSG_FLAG_FAIL_IF_UNKNOWN_ALWAYS = 0x80;

/** Reads the object header at `address` (relative to the base), following continuations. */
export function readObjectHeader(file: FileContext, address: number): ObjectHeader {
  const at = file.absolute(address, 'object header');
  const probe = file.cursorAt(at, Math.min(16, file.bytes.length - at), 'object header');
  const first = probe.u8();
  if (first === 1) return readV1(file, address, at);
  if (first === 0x4f) return readV2(file, address, at); // 'O' of "OHDR"
  throw new Hdf5Error('BAD_OBJECT_HEADER', 'object header', at,
    `expected version 1 or the signature "OHDR", found byte 0x${first.toString(16)}`);
}

function readV1(file: FileContext, address: number, at: number): ObjectHeader {
  const c = file.cursorAt(at, 16, 'object header v1');
  c.skip(2); // version, reserved
  const count = c.u16();
  c.skip(4); // reference count
  const size = c.u32();
  const messages: RawMessage[] = [];
  const blocks: Array<[number, number]> = [[at + 16, size]];
  const seen = new Set<number>([at + 16]);
  for (let b = 0; b < blocks.length; b++) {
    if (b >= file.limits.maxHeaderBlocks) {
      throw new Hdf5Error('LIMIT_EXCEEDED', 'object header v1', at, 'too many continuation blocks');
    }
    const [start, len] = blocks[b]!;
    const block = file.cursorAt(start, len, 'object header v1 message block');
    while (block.remaining >= 8) {
      const type = block.u16();
      const msize = block.u16();
      const flags = block.u8();
      block.skip(3);
      const data = block.sub(msize, messageName(type));
      block.align(8);
      if (type === CONTINUATION) followContinuation(file, data, blocks, seen);
      else messages.push({ type, flags, data, creationOrder: -1 });
      if (messages.length > count + blocks.length + 1024) {
        block.fail('BAD_OBJECT_HEADER', `more messages than the ${count} declared`);
      }
    }
  }
  return { address, version: 1, flags: 0, messages };
}

function followContinuation(file: FileContext, data: Cursor, blocks: Array<[number, number]>,
  seen: Set<number>): void {
  const addr = data.offset();
  const len = data.length();
  if (addr === UNDEFINED_ADDRESS) data.fail('BAD_ADDRESS', 'continuation block at the undefined address');
  const abs = file.absolute(addr, 'object header continuation');
  if (seen.has(abs)) return; // a cycle: each block is read once
  seen.add(abs);
  blocks.push([abs, len]);
}

function readV2(file: FileContext, address: number, at: number): ObjectHeader {
  const c = file.cursorAt(at, file.bytes.length - at, 'object header v2');
  c.signature('OHDR');
  const version = c.u8();
  if (version !== 2) c.fail('UNSUPPORTED_VERSION', `object header version ${version}; expected 2`, at + 4);
  const flags = c.u8();
  if (flags & 0x20) c.skip(16); // access, modification, change, birth times
  if (flags & 0x10) c.skip(4); // max compact / min dense attribute counts
  const chunk0Size = c.uint(1 << (flags & 3));
  const trackOrder = (flags & 0x04) !== 0;
  const messages: RawMessage[] = [];
  const first = c.sub(chunk0Size, 'object header v2 chunk');
  verifyChecksum(c, at, file.verifyChecksums);
  const blocks: Array<[number, number]> = [];
  const seen = new Set<number>([at]);
  readV2Messages(first, trackOrder, messages, file, blocks, seen);
  for (let b = 0; b < blocks.length; b++) {
    if (b >= file.limits.maxHeaderBlocks) {
      throw new Hdf5Error('LIMIT_EXCEEDED', 'object header v2', at, 'too many continuation blocks');
    }
    const [start, len] = blocks[b]!;
    if (len < 8) throw new Hdf5Error('BAD_OBJECT_HEADER', 'object header continuation block', start, `length ${len} is too small`);
    const block = file.cursorAt(start, len, 'object header continuation block');
    block.signature('OCHK');
    const body = block.sub(len - 8);
    verifyChecksum(block, start, file.verifyChecksums);
    readV2Messages(body, trackOrder, messages, file, blocks, seen);
  }
  return { address, version: 2, flags, messages };
}

function readV2Messages(c: Cursor, trackOrder: boolean, out: RawMessage[], file: FileContext,
  blocks: Array<[number, number]>, seen: Set<number>): void {
  const prefix = trackOrder ? 6 : 4;
  while (c.remaining >= prefix) {
    const type = c.u8();
    const size = c.u16();
    const flags = c.u8();
    const creationOrder = trackOrder ? c.u16() : -1;
    const data = c.sub(size, messageName(type));
    if (type === CONTINUATION) followContinuation(file, data, blocks, seen);
    else out.push({ type, flags, data, creationOrder });
  }
}

const NAMES: Record<number, string> = {
  0x00: 'NIL message', 0x01: 'dataspace message', 0x02: 'link info message',
  0x03: 'datatype message', 0x04: 'fill value message (old)', 0x05: 'fill value message',
  0x06: 'link message', 0x07: 'external data files message', 0x08: 'data layout message',
  0x09: 'bogus message', 0x0a: 'group info message', 0x0b: 'filter pipeline message',
  0x0c: 'attribute message', 0x0d: 'object comment message', 0x0e: 'modification time message (old)',
  0x0f: 'shared message table message', 0x10: 'continuation message', 0x11: 'symbol table message',
  0x12: 'modification time message', 0x13: 'B-tree K values message', 0x14: 'driver info message',
  0x15: 'attribute info message', 0x16: 'reference count message', 0x17: 'file space info message',
};

/** The spec's name for a message type, for error messages. */
export function messageName(type: number): string {
  return NAMES[type] ?? `message type 0x${type.toString(16)}`;
}
