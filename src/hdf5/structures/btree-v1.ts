/**
 * Version 1 B-trees ("TREE"): type 0 indexes an old-style group's symbol
 * table nodes (keys are heap offsets of names), type 1 indexes a dataset's
 * raw data chunks (keys are chunk size, filter mask and chunk offsets).
 * Also symbol table nodes ("SNOD") and their symbol table entries.
 *
 * Spec: HDF5 File Format Specification v3, sections III.A.1 "Disk Format:
 * Level 1A1 - Version 1 B-trees", III.B "Symbol Table Nodes" and III.C
 * "Symbol Table Entry".
 */
import { UNDEFINED_ADDRESS } from '../cursor.js';
import { Hdf5Error } from '../errors.js';
import { StepBudget, type FileContext } from '../file-context.js';

/** One chunk found in a type-1 tree: where it is, its stored size, mask and offsets. */
export interface ChunkRecord {
  address: number;
  size: number;
  filterMask: number;
  /** Element offsets of the chunk's first element, one per dataset dimension. */
  offset: number[];
}

/** One symbol table entry ("Link Name Offset", object header address, cache). */
export interface SymbolEntry {
  nameOffset: number;
  address: number;
  cacheType: number;
  /** For cache type 2 (soft link): offset of the link value in the local heap. */
  softLinkOffset: number;
}

/**
 * Walks a v1 B-tree and calls `leaf(childAddress, keyCursorBefore)` for each
 * child of each level-0 node, in key order. Cycles and runaway depth throw.
 */
function walk(file: FileContext, address: number, nodeType: number, keySize: number,
  onChild: (child: number, keyAt: number) => void): void {
  const budget = new StepBudget(file.limits.maxNodes, 'v1 B-tree');
  const visited = new Set<number>();
  const visit = (addr: number, expectLevel: number): void => {
    const at = file.absolute(addr, 'v1 B-tree node');
    if (visited.has(at)) throw new Hdf5Error('CYCLE', 'v1 B-tree node', at, 'node visited twice (a cycle)');
    visited.add(at);
    budget.step(at);
    const head = file.cursorAt(at, Math.min(8 + 2 * file.superblock.offsetSize, file.bytes.length - at), 'v1 B-tree node');
    head.signature('TREE');
    const type = head.u8();
    if (type !== nodeType) head.fail('BAD_BTREE', `node type ${type}; expected ${nodeType}`, at + 4);
    const level = head.u8();
    if (expectLevel >= 0 && level !== expectLevel) head.fail('BAD_BTREE', `node level ${level}; expected ${expectLevel}`, at + 5);
    const entries = head.u16();
    const o = file.superblock.offsetSize;
    const size = 8 + 2 * o + entries * (keySize + o) + keySize;
    const c = file.cursorAt(at, size, 'v1 B-tree node');
    c.skip(8 + 2 * o);
    for (let i = 0; i < entries; i++) {
      const keyAt = c.pos;
      c.skip(keySize);
      const child = c.offset();
      if (level > 0) visit(child, level - 1);
      else onChild(child, keyAt);
    }
  };
  visit(address, -1);
}

/** All chunks of a chunked dataset indexed by a v1 B-tree (type 1). */
export function readChunkBtree(file: FileContext, address: number, rank: number): ChunkRecord[] {
  const keySize = 8 + 8 * (rank + 1);
  const out: ChunkRecord[] = [];
  walk(file, address, 1, keySize, (child, keyAt) => {
    const k = file.cursorAt(keyAt, keySize, 'v1 B-tree chunk key');
    const size = k.u32();
    const filterMask = k.u32();
    const offset: number[] = [];
    for (let d = 0; d < rank; d++) offset.push(k.uint(8));
    out.push({ address: child, size, filterMask, offset });
  });
  return out;
}

/** All symbol table entries of an old-style group, in name order. */
export function readGroupBtree(file: FileContext, address: number): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  const l = file.superblock.lengthSize;
  const o = file.superblock.offsetSize;
  const seen = new Set<number>();
  walk(file, address, 0, l, (snod) => {
    if (snod === UNDEFINED_ADDRESS) return;
    const at = file.absolute(snod, 'symbol table node');
    if (seen.has(at)) throw new Hdf5Error('CYCLE', 'symbol table node', at, 'node referenced twice');
    seen.add(at);
    const head = file.cursorAt(at, Math.min(8, file.bytes.length - at), 'symbol table node');
    head.signature('SNOD');
    const version = head.u8();
    if (version !== 1) head.fail('UNSUPPORTED_VERSION', `symbol table node version ${version}`);
    head.skip(1);
    const count = head.u16();
    const entrySize = 2 * o + 24;
    const c = file.cursorAt(at + 8, count * entrySize, 'symbol table node');
    for (let i = 0; i < count; i++) out.push(readSymbolEntry(c));
  });
  return out;
}

/** One symbol table entry (section III.C). */
export function readSymbolEntry(c: import('../cursor.js').Cursor): SymbolEntry {
  const nameOffset = c.offset();
  const address = c.offset();
  const cacheType = c.u32();
  c.skip(4);
  const scratch = c.sub(16);
  const softLinkOffset = cacheType === 2 ? scratch.u32() : -1;
  return { nameOffset, address, cacheType, softLinkOffset };
}
