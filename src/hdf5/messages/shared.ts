/**
 * Shared object header messages: a message whose flags say "shared" holds a
 * small reference instead of its data — to a committed object's header
 * (versions 1–3, type 2) or to the file's shared-message heap (version 3,
 * type 1, an 8-byte fractal heap ID). This resolves the reference to a
 * cursor over the real message data. The shared-message table comes from
 * the superblock extension's Shared Message Table message (0x000F).
 *
 * Spec: HDF5 File Format Specification v3, sections IV.A.2 ("Shared
 * Messages" in the message flags), III.I "Shared Object Header Message
 * Table" and IV.A.2.p "The Shared Message Table Message".
 */
import { UNDEFINED_ADDRESS, type Cursor } from '../cursor.js';
import { Hdf5Error } from '../errors.js';
import type { FileContext } from '../file-context.js';
import { FractalHeap } from '../structures/fractal-heap.js';
import { verifyChecksum } from '../structures/lookup3.js';

/** Follows a shared-message reference of message `type` to the message's own data. */
export function resolveShared(file: FileContext, c: Cursor, type: number, depth = 0): Cursor {
  if (depth > 8) c.fail('CYCLE', 'shared message refers to itself');
  const at = c.pos;
  const version = c.u8();
  const kind = c.u8();
  let address: number;
  if (version === 1) {
    c.skip(6);
    c.skip(c.lengthSize);
    address = c.offset();
  } else if (version === 2) {
    address = c.offset();
  } else if (version === 3) {
    if (kind === 1) return sharedHeapMessage(file, c.bytesView(8), type, at);
    if (kind !== 2) c.fail('BAD_SHARED_MESSAGE', `shared message type ${kind}`, at + 1);
    address = c.offset();
  } else {
    return c.fail('UNSUPPORTED_VERSION', `shared message version ${version}`, at);
  }
  const header = file.header(address);
  const m = header.messages.find((x) => x.type === type);
  if (!m) {
    throw new Hdf5Error('BAD_SHARED_MESSAGE', 'shared message', at,
      `the object header at 0x${address.toString(16)} has no message of type ${type}`);
  }
  const data = m.data.clone();
  if (m.flags & 0x02) return resolveShared(file, data, type, depth + 1);
  return data;
}

function sharedHeapMessage(file: FileContext, heapId: Uint8Array, type: number, at: number): Cursor {
  const heaps = sharedMessageHeaps(file);
  const heapAddress = heaps.get(type);
  if (heapAddress === undefined) {
    throw new Hdf5Error('BAD_SHARED_MESSAGE', 'shared message', at,
      `the file has no shared-message index for message type ${type}`);
  }
  const heap = new FractalHeap(file, heapAddress);
  const obj = heap.object(heapId);
  const start = obj.byteOffset - file.bytes.byteOffset;
  return file.cursorAt(start, obj.length, 'shared message (heap)');
}

/** Message type → shared-message fractal heap address, from the superblock extension. */
function sharedMessageHeaps(file: FileContext): Map<number, number> {
  if (file.sharedMessageHeaps) return file.sharedMessageHeaps;
  const map = new Map<number, number>();
  file.sharedMessageHeaps = map;
  const ext = file.superblock.extensionAddress;
  if (ext === UNDEFINED_ADDRESS) return map;
  const header = file.header(ext);
  const msg = header.messages.find((m) => m.type === 0x0f);
  if (!msg) return map;
  const c = msg.data.clone();
  c.u8(); // version
  const tableAddress = c.offset();
  const count = c.u8();
  const o = file.superblock.offsetSize;
  const t = file.cursor(tableAddress, 4 + count * (12 + 2 * o + 4) + 4, 'shared message table', true);
  t.signature('SMTB');
  for (let i = 0; i < count; i++) {
    t.u8(); // version
    t.u8(); // index type
    const flags = t.u16();
    t.u32(); // minimum message size
    t.u16(); // list cutoff
    t.u16(); // B-tree cutoff
    t.u16(); // number of messages
    t.offset(); // index address
    const heap = t.offset();
    for (let bit = 0; bit < 16; bit++) if (flags & (1 << bit)) map.set(bit, heap);
  }
  verifyChecksum(t, t.start, file.verifyChecksums);
  return map;
}
