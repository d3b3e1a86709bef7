/**
 * Version 1 B-trees (signature `TREE`), bulk-built bottom-up from items that
 * are already sorted. Each node has room for 2K children and 2K+1 keys and is
 * always written at that full size (readers size nodes from K, not from the
 * entries used). Items are spread evenly over ceil(n / 2K) nodes per level;
 * levels are added until one root node remains, so the tree deepens exactly
 * when a node would overflow.
 * Spec: "III.A.1. Disk Format: Level 1A1 - Version 1 B-trees".
 */
import { UNDEFINED, writeAddress, writeSignature, type Out } from './bytes.js';

/** One node: which keys (indices into the tree's key list) and which children it holds. */
export interface BTreeNode {
  readonly level: number;
  /** Index of the first child in the level below (items for level 0). */
  readonly firstChild: number;
  readonly childCount: number;
  /** Indices of its childCount + 1 keys. */
  readonly keys: readonly number[];
  address: number;
  left: BTreeNode | undefined;
  right: BTreeNode | undefined;
}

/** A planned tree: levels[0] are the leaves, levels[levels.length - 1] holds the root alone. */
export interface BTreePlan {
  readonly levels: readonly (readonly BTreeNode[])[];
  readonly root: BTreeNode;
}

/** Splits `n` items into ceil(n / cap) runs whose sizes differ by at most one. */
export function evenRuns(n: number, cap: number): number[] {
  const runs = Math.max(1, Math.ceil(n / cap));
  const base = Math.floor(n / runs);
  const extra = n % runs;
  const out: number[] = new Array(runs);
  for (let i = 0; i < runs; i++) out[i] = base + (i < extra ? 1 : 0);
  return out;
}

/**
 * Plans a tree over `itemCount` sorted items whose keys are numbered
 * 0..itemCount (key i bounds item i on the left, key i+1 on the right).
 * @param capacity 2K, the most children per node.
 */
export function planBTree(itemCount: number, capacity: number): BTreePlan {
  const levels: BTreeNode[][] = [];
  // Level 0 over the items; keys are item boundaries.
  let boundaries: number[] = [];
  for (let i = 0; i <= itemCount; i++) boundaries.push(i);
  let count = itemCount;
  let level = 0;
  for (;;) {
    const nodes: BTreeNode[] = [];
    let first = 0;
    for (const run of evenRuns(count, capacity)) {
      nodes.push({
        level, firstChild: first, childCount: run,
        keys: boundaries.slice(first, first + run + 1),
        address: UNDEFINED, left: undefined, right: undefined,
      });
      first += run;
    }
    for (let i = 0; i < nodes.length; i++) {
      nodes[i]!.left = nodes[i - 1];
      nodes[i]!.right = nodes[i + 1];
    }
    levels.push(nodes);
    if (nodes.length === 1) break;
    // The next level's boundaries are each node's first key, then the last node's last key.
    const next: number[] = nodes.map((n) => n.keys[0]!);
    next.push(nodes[nodes.length - 1]!.keys[nodes[nodes.length - 1]!.childCount]!);
    boundaries = next;
    count = nodes.length;
    level++;
  }
  return { levels, root: levels[levels.length - 1]![0]! };
}

/** Size of one node: 24-byte header, 2K+1 keys and 2K child addresses. */
export function btreeNodeSize(capacity: number, keySize: number): number {
  return 24 + (capacity + 1) * keySize + capacity * 8;
}

/**
 * Writes one node.
 * @param writeKey writes key number `k` at `off`.
 * @param childAddress address of child `i` of a node at `level` (an item for level 0).
 */
export function writeBTreeNode(
  out: Out, node: BTreeNode, nodeType: number, keySize: number,
  writeKey: (out: Out, off: number, k: number) => void,
  childAddress: (level: number, i: number) => number,
): void {
  const { bytes, view } = out;
  const a = node.address;
  writeSignature(bytes, a, 'TREE');
  bytes[a + 4] = nodeType;
  bytes[a + 5] = node.level;
  view.setUint16(a + 6, node.childCount, true);
  writeAddress(view, a + 8, node.left ? node.left.address : UNDEFINED);
  writeAddress(view, a + 16, node.right ? node.right.address : UNDEFINED);
  let p = a + 24;
  for (let i = 0; i < node.childCount; i++) {
    writeKey(out, p, node.keys[i]!);
    p += keySize;
    writeAddress(view, p, childAddress(node.level, node.firstChild + i));
    p += 8;
  }
  writeKey(out, p, node.keys[node.childCount]!);
}
