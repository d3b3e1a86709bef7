/**
 * Version 1 object headers: a 16-byte prefix (version, message count,
 * reference count, header size, then 4 bytes of padding) and one chunk of
 * messages, each an 8-byte message header plus its body padded to 8 bytes.
 * libhdf5 requires the size field of every v1 message to be that padded size
 * and refuses messages of 64 KiB or more. We plan the whole header at once,
 * so no continuation messages are ever needed.
 * Spec: "IV.A.1.a. Version 1 Data Object Header Prefix".
 */
import { Hdf5Error } from '../errors.js';
import { align8, type Out } from './bytes.js';

/** Largest padded v1 message body libhdf5 accepts (below H5O_MESG_MAX_SIZE = 65536). */
export const MAX_MESSAGE_SIZE = 65528;
const PREFIX_SIZE = 16;
const MESSAGE_HEADER_SIZE = 8;

/** Message type numbers used by the writer. */
export const MSG = Object.freeze({
  DATASPACE: 0x0001,
  DATATYPE: 0x0003,
  FILL_VALUE: 0x0005,
  LAYOUT: 0x0008,
  FILTER_PIPELINE: 0x000b,
  ATTRIBUTE: 0x000c,
  SYMBOL_TABLE: 0x0011,
});

/** The "constant" message flag libhdf5 sets on datatype, fill value and filter pipeline messages. */
export const FLAG_CONSTANT = 0x01;

/** One message to place in an object header. */
export interface Message {
  readonly type: number;
  readonly flags: number;
  /** Unpadded body size. */
  readonly size: number;
  /** Writes the body at `off`; runs after every address is known. */
  write(out: Out, off: number): void;
}

/**
 * Size in bytes of a v1 object header holding `messages`.
 * @param what names the object in errors (its path).
 * @throws {Hdf5Error} `MESSAGE_TOO_LARGE` for a message of 64 KiB or more,
 *   `TOO_MANY_MESSAGES` past 65,535 messages.
 */
export function objectHeaderSize(messages: readonly Message[], what: string): number {
  if (messages.length > 0xffff) {
    throw new Hdf5Error('TOO_MANY_MESSAGES', 'object header', -1,
      `${what}: ${messages.length} messages (attributes) exceed the 65,535 a v1 object header can count`);
  }
  let size = PREFIX_SIZE;
  for (const m of messages) {
    if (align8(m.size) > MAX_MESSAGE_SIZE) {
      throw new Hdf5Error('MESSAGE_TOO_LARGE', 'object header', -1,
        `${what}: a message of type 0x${m.type.toString(16)} needs ${m.size} bytes; v1 object header messages stop at ${MAX_MESSAGE_SIZE}`);
    }
    size += MESSAGE_HEADER_SIZE + align8(m.size);
  }
  return size;
}

/** Writes the header at `addr` (sized by {@link objectHeaderSize}). */
export function writeObjectHeader(out: Out, addr: number, messages: readonly Message[]): void {
  const { bytes, view } = out;
  bytes[addr] = 1; // version
  view.setUint16(addr + 2, messages.length, true);
  view.setUint32(addr + 4, 1, true); // reference count: one hard link
  let p = addr + PREFIX_SIZE;
  for (const m of messages) {
    const padded = align8(m.size);
    view.setUint16(p, m.type, true);
    view.setUint16(p + 2, padded, true);
    bytes[p + 4] = m.flags;
    m.write(out, p + MESSAGE_HEADER_SIZE);
    p += MESSAGE_HEADER_SIZE + padded;
  }
  view.setUint32(addr + 8, p - addr - PREFIX_SIZE, true);
}
