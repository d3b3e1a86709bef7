/**
 * Symbol-table groups: the local heap that holds link names, the symbol table
 * nodes (`SNOD`, at most 2 × leaf K = 8 entries, sorted by name bytes as
 * strcmp orders them) and the group B-tree (node type 0, K = 16) over them.
 * Spec: "III.B. Group Symbol Table Nodes", "III.C. Symbol Table Entry",
 * "III.D. Local Heaps", "IV.A.2.r. The Symbol Table Message".
 */
import { align8, writeAddress, writeSignature, writeU64, type Out } from './bytes.js';
import { MSG, type Message } from './object-header.js';

/** Group leaf node K libhdf5 writes in superblock v0: SNODs hold 2K = 8 entries. */
export const GROUP_LEAF_K = 4;
/** Group internal node K libhdf5 writes in superblock v0: B-tree nodes hold 2K = 32 children. */
export const GROUP_INTERNAL_K = 16;
/** Entries per symbol table node. */
export const SNOD_CAPACITY = 2 * GROUP_LEAF_K;
/** Bytes of one symbol table entry. */
export const ENTRY_SIZE = 40;
/** Bytes of one SNOD, always allocated for its full capacity. */
export const SNOD_SIZE = 8 + SNOD_CAPACITY * ENTRY_SIZE;
/** Local heap header size. */
export const LOCAL_HEAP_HEADER_SIZE = 32;
/** The data segment size libhdf5 gives a new group's heap (its default size hint). */
export const LOCAL_HEAP_MIN_DATA = 88;
/** libhdf5's on-disk "no free block" marker (H5HL_FREE_NULL). */
const FREE_NULL = 1;
const FREE_BLOCK_MIN = 16;

/** Where a symbol table entry points, and the scratch pad libhdf5 caches for groups. */
export interface EntryTarget {
  /** Object header address. */
  header(): number;
  /** For groups: B-tree and heap addresses (cache type 1); undefined for datasets. */
  scratch(): { btree: number; heap: number } | undefined;
}

/** Local heap layout: names at 8-byte-aligned offsets after the empty string at 0. */
export interface LocalHeapPlan {
  /** Heap offset of each name, in the order given. */
  readonly offsets: number[];
  readonly dataSize: number;
  /** Offset of the single free block, or -1 when the segment is full. */
  readonly freeOffset: number;
}

/** Plans the heap for `names` (UTF-8 bytes, no terminator). */
export function planLocalHeap(names: readonly Uint8Array[]): LocalHeapPlan {
  const offsets: number[] = new Array(names.length);
  let used = 8; // offset 0: the empty string, 8 bytes once aligned
  for (let i = 0; i < names.length; i++) {
    offsets[i] = used;
    used += align8(names[i]!.length + 1);
  }
  let dataSize = used;
  let freeOffset = -1;
  if (used < LOCAL_HEAP_MIN_DATA) {
    dataSize = LOCAL_HEAP_MIN_DATA;
    freeOffset = used; // ≥ 16 bytes remain: the minimum is 88, the rest is a multiple of 8
    if (dataSize - used < FREE_BLOCK_MIN) freeOffset = -1;
  }
  return { offsets, dataSize, freeOffset };
}

/** Writes the heap header at `addr` and its data segment right after it. */
export function writeLocalHeap(out: Out, addr: number, plan: LocalHeapPlan, names: readonly Uint8Array[]): void {
  const { bytes, view } = out;
  writeSignature(bytes, addr, 'HEAP');
  bytes[addr + 4] = 0; // version
  writeU64(view, addr + 8, plan.dataSize);
  writeU64(view, addr + 16, plan.freeOffset >= 0 ? plan.freeOffset : FREE_NULL);
  const data = addr + LOCAL_HEAP_HEADER_SIZE;
  writeAddress(view, addr + 24, data);
  for (let i = 0; i < names.length; i++) bytes.set(names[i]!, data + plan.offsets[i]!);
  if (plan.freeOffset >= 0) {
    writeU64(view, data + plan.freeOffset, FREE_NULL); // next free block: none
    writeU64(view, data + plan.freeOffset + 8, plan.dataSize - plan.freeOffset);
  }
}

/** Writes one symbol table entry (also used for the root entry in the superblock). */
export function writeSymbolTableEntry(out: Out, off: number, nameOffset: number, target: EntryTarget): void {
  const view = out.view;
  writeU64(view, off, nameOffset);
  writeAddress(view, off + 8, target.header());
  const scratch = target.scratch();
  if (scratch !== undefined) {
    view.setUint32(off + 16, 1, true); // cache type 1: group B-tree and heap addresses follow
    writeAddress(view, off + 24, scratch.btree);
    writeAddress(view, off + 32, scratch.heap);
  }
}

/** Writes one SNOD holding `count` entries starting at `first` of the sorted entries. */
export function writeSymbolNode(
  out: Out, addr: number, first: number, count: number,
  nameOffsets: readonly number[], targets: readonly EntryTarget[],
): void {
  writeSignature(out.bytes, addr, 'SNOD');
  out.bytes[addr + 4] = 1; // version
  out.view.setUint16(addr + 6, count, true);
  let p = addr + 8;
  for (let i = first; i < first + count; i++, p += ENTRY_SIZE) {
    writeSymbolTableEntry(out, p, nameOffsets[i]!, targets[i]!);
  }
}

/** The symbol table message (0x0011): B-tree and local heap addresses. */
export function symbolTableMessage(place: () => { btree: number; heap: number }): Message {
  return {
    type: MSG.SYMBOL_TABLE,
    flags: 0,
    size: 16,
    write(out, off) {
      const { btree, heap } = place();
      writeAddress(out.view, off, btree);
      writeAddress(out.view, off + 8, heap);
    },
  };
}

