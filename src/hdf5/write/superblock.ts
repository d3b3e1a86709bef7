/**
 * Superblock version 0 with 8-byte offsets and lengths, group K values 4 and
 * 16, no free-space info or driver info, and the root group's symbol table
 * entry; the end-of-file address is the file length.
 * Spec: "II.A. Disk Format: Level 0A - Format Signature and Superblock".
 */
import { UNDEFINED, writeAddress, writeU64, type Out } from './bytes.js';
import { GROUP_INTERNAL_K, GROUP_LEAF_K, writeSymbolTableEntry, type EntryTarget } from './symbol-table.js';

/** Bytes of a version 0 superblock with 8-byte offsets (root entry included). */
export const SUPERBLOCK_SIZE = 96;

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Writes the superblock at offset 0. */
export function writeSuperblock(out: Out, eof: number, root: EntryTarget): void {
  const { bytes, view } = out;
  bytes.set(SIGNATURE, 0);
  // versions of superblock, free-space storage, root symbol table entry, shared header: all 0
  bytes[13] = 8; // size of offsets
  bytes[14] = 8; // size of lengths
  view.setUint16(16, GROUP_LEAF_K, true);
  view.setUint16(18, GROUP_INTERNAL_K, true);
  // file consistency flags (4 bytes) stay zero
  writeU64(view, 24, 0); // base address
  writeAddress(view, 32, UNDEFINED); // free-space info
  writeU64(view, 40, eof);
  writeAddress(view, 48, UNDEFINED); // driver information block
  writeSymbolTableEntry(out, 56, 0, root);
}
