/**
 * Version 2 B-trees ("BTHD" header, "BTIN" internal and "BTLF" leaf nodes):
 * the indexes of dense link storage (record types 5 and 6), dense attribute
 * storage (8 and 9), huge fractal heap objects (1–4), shared messages (7)
 * and dataset chunks in layout versions 4 and 5 (10 and 11). Records have a
 * fixed size; this walker returns the file offset of every record in key
 * order and leaves decoding to the caller.
 *
 * Spec: HDF5 File Format Specification v3, section III.A.2 "Disk Format:
 * Level 1A2 - Version 2 B-trees".
 */
import { Hdf5Error } from '../errors.js';
import { StepBudget, type FileContext } from '../file-context.js';
import { verifyChecksum } from './lookup3.js';

export interface BtreeV2 {
  type: number;
  recordSize: number;
  /** File offsets of all records, in the tree's key order. */
  records: number[];
}

/** Bytes needed for a record count up to `n` (libhdf5's "limit encode size"). */
function encSize(n: number): number {
  return Math.floor(Math.log2(Math.max(n, 1)) / 8) + 1;
}

export function readBtreeV2(file: FileContext, address: number, expectType?: number): BtreeV2 {
  const at = file.absolute(address, 'v2 B-tree header');
  const o = file.superblock.offsetSize;
  const l = file.superblock.lengthSize;
  const h = file.cursorAt(at, Math.min(4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + o + 2 + l + 4, file.bytes.length - at), 'v2 B-tree header');
  h.signature('BTHD');
  const version = h.u8();
  if (version !== 0) h.fail('UNSUPPORTED_VERSION', `v2 B-tree version ${version}`);
  const type = h.u8();
  if (expectType !== undefined && type !== expectType) h.fail('BAD_BTREE', `record type ${type}; expected ${expectType}`, at + 5);
  const nodeSize = h.u32();
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2); // split and merge percent
  const rootAddress = h.offset();
  const rootRecords = h.u16();
  h.length(); // total records
  verifyChecksum(h, at, file.verifyChecksums);
  if (recordSize === 0 || nodeSize < 16 || depth > 64) {
    h.fail('BAD_BTREE', `node size ${nodeSize}, record size ${recordSize}, depth ${depth}`, at);
  }
  const records: number[] = [];
  if (rootAddress === -1 || rootRecords === 0) return { type, recordSize, records };

  // Node capacities per depth, as libhdf5 computes them (H5B2__hdr_init).
  const prefix = 4 + 1 + 1 + 4; // signature, version, type, checksum
  const maxNrec: number[] = [];
  const cumMax: number[] = [];
  const cumSize: number[] = [];
  maxNrec[0] = Math.floor((nodeSize - prefix) / recordSize);
  cumMax[0] = maxNrec[0];
  const leafNrecSize = encSize(maxNrec[0]);
  cumSize[0] = leafNrecSize;
  const ptrSize: number[] = [0];
  for (let d = 1; d <= depth; d++) {
    ptrSize[d] = o + leafNrecSize + (d > 1 ? cumSize[d - 1]! : 0);
    maxNrec[d] = Math.floor((nodeSize - (prefix + ptrSize[d]!)) / (recordSize + ptrSize[d]!));
    cumMax[d] = (maxNrec[d]! + 1) * cumMax[d - 1]! + maxNrec[d]!;
    cumSize[d] = encSize(cumMax[d]!);
  }

  const budget = new StepBudget(file.limits.maxNodes, 'v2 B-tree');
  const visited = new Set<number>();
  const visit = (addr: number, nrec: number, d: number): void => {
    const nat = file.absolute(addr, 'v2 B-tree node');
    if (visited.has(nat)) throw new Hdf5Error('CYCLE', 'v2 B-tree node', nat, 'node visited twice (a cycle)');
    visited.add(nat);
    budget.step(nat);
    if (nrec > maxNrec[d]!) {
      throw new Hdf5Error('BAD_BTREE', 'v2 B-tree node', nat, `${nrec} records exceed the node capacity ${maxNrec[d]}`);
    }
    const c = file.cursorAt(nat, Math.min(nodeSize, file.bytes.length - nat), d === 0 ? 'v2 B-tree leaf node' : 'v2 B-tree internal node');
    c.signature(d === 0 ? 'BTLF' : 'BTIN');
    const v = c.u8();
    if (v !== 0) c.fail('UNSUPPORTED_VERSION', `v2 B-tree node version ${v}`);
    const t = c.u8();
    if (t !== type) c.fail('BAD_BTREE', `node record type ${t}; expected ${type}`);
    const recStart = c.pos;
    c.skip(nrec * recordSize);
    if (d === 0) {
      verifyChecksum(c, nat, file.verifyChecksums);
      for (let i = 0; i < nrec; i++) records.push(recStart + i * recordSize);
      return;
    }
    const children: Array<[number, number]> = [];
    for (let i = 0; i <= nrec; i++) {
      const child = c.offset();
      const n = c.uint(leafNrecSize);
      if (d > 1) c.uint(cumSize[d - 1]!);
      children.push([child, n]);
    }
    verifyChecksum(c, nat, file.verifyChecksums);
    for (let i = 0; i <= nrec; i++) {
      visit(children[i]![0], children[i]![1], d - 1);
      if (i < nrec) records.push(recStart + i * recordSize);
    }
  };
  visit(rootAddress, rootRecords, depth);
  return { type, recordSize, records };
}
