/**
 * The superblock: the file's entry point, found by searching for the HDF5
 * signature at offsets 0, 512, 1024, 2048, … (a user block may precede it).
 *
 * Spec: HDF5 File Format Specification v3, section II.A "Disk Format: Level 0A
 * - Format Signature and Superblock" (versions 0 and 1: fixed fields plus the
 * root group symbol table entry; versions 2 and 3: compact fields, superblock
 * extension address, root object header address, lookup3 checksum).
 */
import { Cursor, UNDEFINED_ADDRESS } from './cursor.js';
import { Hdf5Error } from './errors.js';
import { verifyChecksum } from './structures/lookup3.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the rest of the reader needs from the superblock. */
export interface Superblock {
  version: number;
  /** File offset of the superblock (the user block size). */
  at: number;
  offsetSize: number;
  lengthSize: number;
  /** Base address: every address in the file is relative to it. */
  baseAddress: number;
  /** End-of-file address as stored (relative to the base). */
  eofAddress: number;
  /** Root group object header address (relative to the base). */
  rootAddress: number;
  /** Versions 0/1: the root symbol table entry's cached B-tree and heap, if cached. */
  rootSymbolTable?: { btreeAddress: number; heapAddress: number };
  /** Superblock extension object header address (versions 2/3), or -1. */
  extensionAddress: number;
  groupLeafK: number;
  groupInternalK: number;
  indexedStorageK: number;
}

/** Finds the signature at 0, 512, 1024, … and returns its offset. */
export function findSignature(bytes: Uint8Array): number {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    let ok = true;
    for (let i = 0; i < 8; i++) {
      if (bytes[at + i] !== SIGNATURE[i]) { ok = false; break; }
    }
    if (ok) return at;
  }
  throw new Hdf5Error('NOT_HDF5', 'superblock', 0,
    'no HDF5 signature at offset 0, 512, 1024, … (not an HDF5 file)');
}

function checkSize(c: Cursor, n: number, what: string, at: number): void {
  if (n !== 2 && n !== 4 && n !== 8) c.fail('UNSUPPORTED_SIZE', `${what} is ${n}; expected 2, 4 or 8`, at);
}

/** Decodes the superblock (any version) at the signature's offset. */
export function readSuperblock(bytes: Uint8Array, view: DataView, verifyChecksums: boolean): Superblock {
  const at = findSignature(bytes);
  const c = new Cursor(bytes, view, at, bytes.length, 'superblock');
  c.skip(8);
  const version = c.u8();
  if (version === 0 || version === 1) {
    c.skip(3); // free-space version, root group symbol table entry version, reserved
    c.skip(1); // shared header message format version
    const sizeAt = c.pos;
    const offsetSize = c.u8();
    const lengthSize = c.u8();
    checkSize(c, offsetSize, 'Size of Offsets', sizeAt);
    checkSize(c, lengthSize, 'Size of Lengths', sizeAt + 1);
    c.offsetSize = offsetSize;
    c.lengthSize = lengthSize;
    c.skip(1);
    const groupLeafK = c.u16();
    const groupInternalK = c.u16();
    c.skip(4); // file consistency flags
    let indexedStorageK = 32;
    if (version === 1) {
      indexedStorageK = c.u16();
      c.skip(2);
    }
    const baseAddress = c.offset();
    c.offset(); // free-space info address (unused: always undefined)
    const eofAddress = c.offset();
    c.offset(); // driver information block address
    // Root group symbol table entry (section III.C).
    c.offset(); // link name offset
    const rootAddress = c.offset();
    const cacheType = c.u32();
    c.skip(4);
    const scratch = c.sub(16);
    let rootSymbolTable: Superblock['rootSymbolTable'];
    if (cacheType === 1) {
      const btreeAddress = scratch.offset();
      const heapAddress = scratch.offset();
      rootSymbolTable = { btreeAddress, heapAddress };
    }
    return {
      version, at, offsetSize, lengthSize,
      baseAddress: baseAddress === UNDEFINED_ADDRESS ? at : baseAddress,
      eofAddress, rootAddress, rootSymbolTable, extensionAddress: UNDEFINED_ADDRESS,
      groupLeafK, groupInternalK, indexedStorageK,
    };
  }
  if (version === 2 || version === 3) {
    const sizeAt = c.pos;
    const offsetSize = c.u8();
    const lengthSize = c.u8();
    checkSize(c, offsetSize, 'Size of Offsets', sizeAt);
    checkSize(c, lengthSize, 'Size of Lengths', sizeAt + 1);
    c.offsetSize = offsetSize;
    c.lengthSize = lengthSize;
    c.skip(1); // file consistency flags
    const baseAddress = c.offset();
    const extensionAddress = c.offset();
    const eofAddress = c.offset();
    const rootAddress = c.offset();
    verifyChecksum(c, at, verifyChecksums);
    return {
      version, at, offsetSize, lengthSize,
      baseAddress: baseAddress === UNDEFINED_ADDRESS ? at : baseAddress,
      eofAddress, rootAddress, extensionAddress,
      groupLeafK: 4, groupInternalK: 16, indexedStorageK: 32,
    };
  }
  throw new Hdf5Error('UNSUPPORTED_VERSION', 'superblock', at + 8,
    `superblock version ${version} is not one of 0, 1, 2, 3`);
}
