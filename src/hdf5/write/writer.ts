/**
 * Serialises an {@link H5Group} tree in three passes:
 *
 * 1. plan: walk the tree once, turning every structure into a block whose
 *    size is known up front (sizes never depend on addresses);
 * 2. place: give each block its address, metadata first (superblock, then
 *    each group's object header, B-tree nodes, local heap and symbol table
 *    nodes followed by its members, depth first), then the global heap
 *    collections, then raw data, each data block 8-byte aligned so readers
 *    can view it without copying;
 * 3. write: allocate one Uint8Array of the exact file size and let every
 *    block write itself; numeric data goes in with one `Uint8Array.set`.
 */
import { Hdf5Error } from '../errors.js';
import { attributeMessage } from './attribute.js';
import { btreeNodeSize, evenRuns, planBTree, writeBTreeNode, type BTreePlan } from './btree-v1.js';
import { UNDEFINED, alignTo, writeU64, type Out } from './bytes.js';
import { planChunks, type ChunkPlan } from './chunked.js';
import { datatypeSize, writeDatatype } from './datatype.js';
import { dataspaceSize, writeDataspace } from './dataspace.js';
import { ALLOC_TIME, fillValueMessage } from './fill-value.js';
import { FILTER_ID, filterPipelineMessage, type FilterSpec } from './filter-pipeline.js';
import { GlobalHeapBuilder, writeGlobalHeapCollection, writeHeapRef, type HeapRef } from './global-heap.js';
import { chunkedLayoutMessage, contiguousLayoutMessage } from './layout.js';
import { FLAG_CONSTANT, MSG, objectHeaderSize, writeObjectHeader, type Message } from './object-header.js';
import { SUPERBLOCK_SIZE, writeSuperblock } from './superblock.js';
import {
  GROUP_INTERNAL_K, LOCAL_HEAP_HEADER_SIZE, SNOD_CAPACITY, SNOD_SIZE,
  planLocalHeap, symbolTableMessage, writeLocalHeap, writeSymbolNode, type EntryTarget,
} from './symbol-table.js';
import { H5Dataset, H5Group, type H5Attributes } from './tree.js';
import { compareBytes, encodeUtf8 } from './utf8.js';
import type { NormalizedValue } from './values.js';

/** One contiguous piece of the file. */
interface Block {
  readonly size: number;
  readonly align: number;
  address: number;
  /**
   * Writes the block. Metadata is always written at its own address; raw
   * data blocks write at `at`, which differs when they go to a separate
   * segment (see {@link writeHdf5Segments}).
   */
  write(out: Out, at: number): void;
  /** Raw data stored as is: the bytes, so segments can reference them without copying. */
  readonly view?: Uint8Array;
  /** Told the address once placed (for structures that keep their own). */
  placed?(address: number): void;
  /** True when write() sets every byte of the block (so a reused buffer needs no zeroing there). */
  readonly fills?: boolean;
}

/** The blocks a symbol table entry points at, filled in when the object is planned. */
class ObjectPlan {
  header: Block | undefined;
  btreeRoot: Block | undefined;
  heap: Block | undefined;

  constructor(readonly isGroup: boolean) {}
}

const GROUP_BTREE_CAPACITY = 2 * GROUP_INTERNAL_K;
const GROUP_KEY_SIZE = 8;
/** Raw data blocks start on 8-byte boundaries so readers can view them in place. */
const DATA_ALIGN = 8;

/** Options of {@link writeHdf5}. */
export interface WriteHdf5Options {
  /**
   * Write into this buffer (from offset 0) instead of allocating one, e.g. a
   * reused buffer or WASM/shared memory; it must hold {@link hdf5ByteLength}
   * bytes. Bytes not covered by data are zeroed. Default: a new Uint8Array.
   */
  into?: Uint8Array;
}

/**
 * Serialises `root` (an {@link H5File} or any group, written as the root) to
 * the bytes of an HDF5 file.
 * @param options `into`: a buffer to write into instead of allocating.
 * @returns the file: a new Uint8Array of its exact size, or `into.subarray(0, size)`.
 * @throws {Hdf5Error} `FILE_TOO_LARGE` when the file cannot be held in one
 *   Uint8Array; `BUFFER_TOO_SMALL` when `into` is shorter than the file;
 *   `DATA_DETACHED` when a referenced typed array changed size;
 *   `MESSAGE_TOO_LARGE` / `TOO_MANY_MESSAGES` for oversized object headers.
 * @example const bytes = writeHdf5(file);
 */
export function writeHdf5(root: H5Group, options: WriteHdf5Options = {}): Uint8Array {
  const layout = new FileWriter().plan(root);
  const { into } = options;
  let bytes: Uint8Array;
  if (into !== undefined) {
    if (!(into instanceof Uint8Array)) {
      throw new Hdf5Error('BUFFER_TOO_SMALL', 'superblock', -1, 'options.into must be a Uint8Array');
    }
    if (into.length < layout.eof) {
      throw new Hdf5Error('BUFFER_TOO_SMALL', 'superblock', -1,
        `the file needs ${layout.eof} bytes but options.into holds ${into.length}`);
    }
    bytes = into.subarray(0, layout.eof);
  } else {
    try {
      bytes = new Uint8Array(layout.eof);
    } catch (e) {
      throw new Hdf5Error('FILE_TOO_LARGE', 'superblock', -1,
        `the file needs ${layout.eof} bytes, more than one Uint8Array can hold here (${(e as Error).message})`);
    }
  }
  const out: Out = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  const zeroed = into === undefined;
  let end = 0;
  for (const b of layout.blocks) {
    if (!zeroed) {
      if (b.address > end) bytes.fill(0, end, b.address); // alignment gap
      if (!b.fills) bytes.fill(0, b.address, b.address + b.size);
    }
    b.write(out, b.address);
    end = b.address + b.size;
  }
  return bytes;
}

/**
 * The exact size in bytes of the file {@link writeHdf5} would write for
 * `root` (it plans the file, compressing chunked data, without writing it).
 * @throws {Hdf5Error} as {@link writeHdf5} does while planning.
 */
export function hdf5ByteLength(root: H5Group): number {
  return new FileWriter().plan(root).eof;
}

/** Every block in address order, where raw data starts, and the end-of-file address. */
interface Layout {
  readonly blocks: Block[];
  /** Index in `blocks` of the first raw data block (all metadata comes before it). */
  readonly firstRaw: number;
  readonly eof: number;
}

/** Data blocks at least this large become zero-copy segments; smaller ones are packed together. */
const ZERO_COPY_MIN = 64 * 1024;

/**
 * Serialises `root` as a list of byte arrays whose concatenation is the file
 * {@link writeHdf5} would return, without assembling it: one buffer for all
 * metadata (which comes first in the file), then the raw data, where every
 * contiguous dataset of 64 KiB or more is a view of the caller's own typed
 * array (no copy) and smaller pieces are packed into buffers. Hand the list
 * to `fs.writevSync`, a stream, or `new Blob(segments)`.
 *
 * The views share memory with the datasets' arrays: write them out before
 * changing those arrays.
 * @throws {Hdf5Error} as {@link writeHdf5} does while planning.
 * @example fs.writevSync(fd, writeHdf5Segments(file));
 */
export function writeHdf5Segments(root: H5Group): Uint8Array[] {
  const { blocks, firstRaw, eof } = new FileWriter().plan(root);
  const metaEnd = firstRaw < blocks.length ? blocks[firstRaw]!.address : eof;
  const head = new Uint8Array(metaEnd);
  const headOut: Out = { bytes: head, view: new DataView(head.buffer) };
  for (let i = 0; i < firstRaw; i++) blocks[i]!.write(headOut, blocks[i]!.address);
  const segments: Uint8Array[] = [head];
  let pending: Block[] = [];
  let pendingStart = metaEnd;
  const flush = (upTo: number): void => {
    if (upTo <= pendingStart) return;
    const buf = new Uint8Array(upTo - pendingStart);
    const out: Out = { bytes: buf, view: new DataView(buf.buffer) };
    for (const b of pending) b.write(out, b.address - pendingStart);
    segments.push(buf);
    pending = [];
    pendingStart = upTo;
  };
  for (let i = firstRaw; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.view !== undefined && b.size >= ZERO_COPY_MIN) {
      flush(b.address); // pending blocks and the alignment gap before this one
      segments.push(b.view);
      pendingStart = b.address + b.size;
    } else {
      pending.push(b);
    }
  }
  flush(eof);
  return segments;
}

class FileWriter {
  private readonly meta: Block[] = [];
  private readonly raw: Block[] = [];
  private readonly heap = new GlobalHeapBuilder();

  plan(root: H5Group): Layout {
    const rootPlan = new ObjectPlan(true);
    const target: EntryTarget = entryTarget(rootPlan);
    let eof = 0;
    this.meta.push({ size: SUPERBLOCK_SIZE, align: 8, address: UNDEFINED, write: (out) => writeSuperblock(out, eof, target) });

    // Depth-first with an explicit stack: nesting depth never touches the call stack.
    const stack: [H5Group | H5Dataset, ObjectPlan][] = [[root, rootPlan]];
    while (stack.length > 0) {
      const [node, plan] = stack.pop()!;
      if (node instanceof H5Group) {
        const children = this.planGroup(node, plan);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
      } else {
        this.planDataset(node, plan);
      }
    }

    this.heap.finish();
    const collections: Block[] = this.heap.collections.map((c) => ({
      size: c.size, align: 8, address: UNDEFINED,
      write: (out: Out) => writeGlobalHeapCollection(out, c),
      placed: (address: number) => { c.address = address; },
    }));

    const blocks: Block[] = [];
    pushAll(blocks, this.meta);
    pushAll(blocks, collections);
    pushAll(blocks, this.raw);
    let addr = 0;
    for (const b of blocks) {
      addr = alignTo(addr, b.align);
      b.address = addr;
      b.placed?.(addr);
      addr += b.size;
    }
    eof = addr;
    if (!Number.isSafeInteger(eof)) {
      throw new Hdf5Error('FILE_TOO_LARGE', 'superblock', -1, `the file would need ${eof} bytes`);
    }
    return { blocks, firstRaw: this.meta.length + collections.length, eof };
  }

  /** Plans a group's own structures and returns its members' (node, plan) pairs in link order. */
  private planGroup(g: H5Group, plan: ObjectPlan): [H5Group | H5Dataset, ObjectPlan][] {
    const entries = g.entries();
    const n = entries.length;
    const names: Uint8Array[] = new Array(n);
    const members: [H5Group | H5Dataset, ObjectPlan][] = new Array(n);
    for (let i = 0; i < n; i++) {
      const [name, member] = entries[i]!;
      names[i] = encodeUtf8(name, 'symbol table entry', `link name in ${g.name}`);
      members[i] = [member, new ObjectPlan(member instanceof H5Group)];
    }
    const heapPlan = planLocalHeap(names);

    // Symbol table entries sorted by name bytes, spread evenly over SNODs.
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => compareBytes(names[a]!, names[b]!));
    const sortedOffsets = order.map((i) => heapPlan.offsets[i]!);
    const sortedTargets = order.map((i) => entryTarget(members[i]![1]));
    const runs = n === 0 ? [] : evenRuns(n, SNOD_CAPACITY);
    const snodFirst: number[] = [];
    let first = 0;
    for (const r of runs) {
      snodFirst.push(first);
      first += r;
    }
    const snods: Block[] = runs.map((count, s) => ({
      size: SNOD_SIZE, align: 8, address: UNDEFINED,
      write: (out: Out) => writeSymbolNode(out, snods[s]!.address, snodFirst[s]!, count, sortedOffsets, sortedTargets),
    }));

    // Group B-tree over the SNODs. Key 0 is the empty name (heap offset 0); key s+1 is the last name of SNOD s.
    const tree = planBTree(snods.length, GROUP_BTREE_CAPACITY);
    const keyOffset = (k: number): number => (k === 0 ? 0 : sortedOffsets[snodFirst[k - 1]! + runs[k - 1]! - 1]!);
    const treeBlocks = this.treeBlocks(tree, btreeNodeSize(GROUP_BTREE_CAPACITY, GROUP_KEY_SIZE), (out, node) =>
      writeBTreeNode(out, node, 0, GROUP_KEY_SIZE,
        (o, off, k) => writeU64(o.view, off, keyOffset(k)),
        (level, i) => (level === 0 ? snods[i]!.address : tree.levels[level - 1]![i]!.address)));

    const heapBlock: Block = {
      size: LOCAL_HEAP_HEADER_SIZE + heapPlan.dataSize, align: 8, address: UNDEFINED,
      write: (out) => writeLocalHeap(out, heapBlock.address, heapPlan, names),
    };
    plan.btreeRoot = treeBlocks.root;
    plan.heap = heapBlock;

    const messages: Message[] = [symbolTableMessage(() => ({ btree: treeBlocks.root.address, heap: heapBlock.address }))];
    this.attributeMessages(g.attrs, messages);
    plan.header = this.headerBlock(messages, `group ${g.name}`);

    this.meta.push(plan.header);
    pushAll(this.meta, treeBlocks.blocks);
    this.meta.push(heapBlock);
    pushAll(this.meta, snods);
    return members;
  }

  private planDataset(d: H5Dataset, plan: ObjectPlan): void {
    const value = d.value;
    checkAttached(value, d.name);
    const messages: Message[] = [dataspaceMessage(value.shape), datatypeMessage(value)];
    let chunkBlocks: Block[] = [];
    if (d.chunks === undefined) {
      messages.push(fillValueMessage(ALLOC_TIME.LATE));
      const data = this.contiguousData(value);
      messages.push(contiguousLayoutMessage(() => (data === undefined
        ? { address: UNDEFINED, size: 0 }
        : { address: data.address, size: data.size })));
    } else {
      messages.push(fillValueMessage(ALLOC_TIME.INCREMENTAL));
      const filters: FilterSpec[] = [];
      if (d.shuffle) filters.push({ id: FILTER_ID.SHUFFLE, name: 'shuffle', clientData: [value.type.size] });
      if (d.compressionLevel !== undefined) filters.push({ id: FILTER_ID.DEFLATE, name: 'deflate', clientData: [d.compressionLevel] });
      if (filters.length > 0) messages.push(filterPipelineMessage(filters));
      const chunks = planChunks(value, d.chunks, d.shuffle, d.compressionLevel);
      const tree = this.chunkTree(chunks);
      chunkBlocks = tree.blocks;
      messages.push(chunkedLayoutMessage(d.chunks, value.type.size, () => (tree.root ? tree.root.address : UNDEFINED)));
    }
    this.attributeMessages(d.attrs, messages);
    plan.header = this.headerBlock(messages, `dataset ${d.name}`);
    this.meta.push(plan.header);
    pushAll(this.meta, chunkBlocks);
  }

  /** Plans a contiguous dataset's data block; undefined when it has no elements. */
  private contiguousData(value: NormalizedValue): Block | undefined {
    if (value.count === 0) return undefined;
    const size = value.count * value.type.size;
    let block: Block;
    if (value.strings !== undefined) {
      const refs = value.strings.map((s) => this.heap.add(s));
      block = {
        size, align: DATA_ALIGN, address: UNDEFINED, fills: true,
        write: (out, at) => {
          for (let i = 0, p = at; i < refs.length; i++, p += 16) writeHeapRef(out, p, refs[i]!);
        },
      };
    } else {
      const raw = value.raw!;
      block = { size, align: DATA_ALIGN, address: UNDEFINED, fills: true, view: raw, write: (out, at) => out.bytes.set(raw, at) };
    }
    this.raw.push(block);
    return block;
  }

  /** Plans the chunk B-tree (node type 1, K = 32) and the chunks' data blocks. */
  private chunkTree(chunks: ChunkPlan): { root: Block | undefined; blocks: Block[] } {
    const dataBlocks: Block[] = chunks.chunks.map((c) => {
      const block: Block = {
        size: c.size, align: DATA_ALIGN, address: UNDEFINED, fills: c.fills,
        write: (out, at) => c.write(out.bytes, at),
      };
      return block;
    });
    pushAll(this.raw, dataBlocks);
    if (dataBlocks.length === 0) return { root: undefined, blocks: [] };
    const capacity = 2 * CHUNK_K;
    const keySize = 8 + 8 * (chunks.rank + 1);
    const tree = planBTree(dataBlocks.length, capacity);
    const { root, blocks } = this.treeBlocks(tree, btreeNodeSize(capacity, keySize), (out, node) =>
      writeBTreeNode(out, node, 1, keySize,
        (o, off, k) => chunks.writeKey(o.view, off, k),
        (level, i) => (level === 0 ? dataBlocks[i]!.address : tree.levels[level - 1]![i]!.address)));
    return { root, blocks };
  }

  /** Blocks for every node of a planned tree, root level first. */
  private treeBlocks(tree: BTreePlan, nodeSize: number, write: (out: Out, node: BTreePlan['root']) => void): { root: Block; blocks: Block[] } {
    const blocks: Block[] = [];
    let root: Block | undefined;
    for (let l = tree.levels.length - 1; l >= 0; l--) {
      for (const node of tree.levels[l]!) {
        const block: Block = {
          size: nodeSize, align: 8, address: UNDEFINED,
          write: (out) => write(out, node),
          placed: (address) => { node.address = address; },
        };
        if (node === tree.root) root = block;
        blocks.push(block);
      }
    }
    return { root: root!, blocks };
  }

  private attributeMessages(attrs: H5Attributes, messages: Message[]): void {
    for (const a of attrs.values()) {
      const v = a.normalized;
      checkAttached(v, `attribute '${a.name}'`);
      let refs: HeapRef[] | undefined;
      if (v.strings !== undefined) refs = v.strings.map((s) => this.heap.add(s));
      messages.push(attributeMessage(a.nameBytes, v, refs));
    }
  }

  private headerBlock(messages: Message[], what: string): Block {
    const block: Block = {
      size: objectHeaderSize(messages, what), align: 8, address: UNDEFINED,
      write: (out) => writeObjectHeader(out, block.address, messages),
    };
    return block;
  }
}

/** Chunk B-tree K: libhdf5's default "istore K" for superblock v0 files. */
const CHUNK_K = 32;

function entryTarget(plan: ObjectPlan): EntryTarget {
  return {
    header: () => plan.header!.address,
    scratch: () => (plan.isGroup ? { btree: plan.btreeRoot!.address, heap: plan.heap!.address } : undefined),
  };
}

function dataspaceMessage(shape: readonly number[]): Message {
  return { type: MSG.DATASPACE, flags: 0, size: dataspaceSize(shape), write: (out, off) => writeDataspace(out, off, shape) };
}

function datatypeMessage(value: NormalizedValue): Message {
  return { type: MSG.DATATYPE, flags: FLAG_CONSTANT, size: datatypeSize(value.type), write: (out, off) => writeDatatype(out, off, value.type) };
}

/** Appends without spreading into arguments (which overflows the stack past ~100k items). */
function pushAll<T>(dst: T[], src: readonly T[]): void {
  for (let i = 0; i < src.length; i++) dst.push(src[i]!);
}

function checkAttached(value: NormalizedValue, what: string): void {
  if (value.raw !== undefined && value.raw.byteLength !== value.count * value.type.size) {
    throw new Hdf5Error('DATA_DETACHED', 'dataset', -1,
      `${what}: its typed array now holds ${value.raw.byteLength} bytes, expected ${value.count * value.type.size} (was its buffer transferred?)`);
  }
}
