/**
 * Reads the links of a group, whichever way it stores them: an old-style
 * symbol table (v1 B-tree, symbol table nodes, local heap), compact link
 * messages in the object header, or dense storage (fractal heap indexed by a
 * v2 B-tree of link-name hashes, record type 5).
 *
 * Spec: HDF5 File Format Specification v3, sections IV.A.2.c "The Link Info
 * Message", IV.A.2.g "The Link Message", IV.A.2.r "The Symbol Table Message",
 * III.A.1, III.B, III.D (old-style groups) and III.A.2 record type 5.
 */
import { UNDEFINED_ADDRESS } from './cursor.js';
import type { FileContext } from './file-context.js';
import { readLink, readLinkInfo, readSymbolTableMessage, type Link } from './messages/link.js';
import { MSG_FLAG_SHARED, type ObjectHeader } from './object-header.js';
import { resolveShared } from './messages/shared.js';
import { readBtreeV2 } from './structures/btree-v2.js';
import { readGroupBtree } from './structures/btree-v1.js';
import { FractalHeap } from './structures/fractal-heap.js';
import { localHeapString, readLocalHeap } from './structures/local-heap.js';

export interface GroupLinks {
  links: Link[];
  /** True when the group records link creation order. */
  creationOrderTracked: boolean;
}

const LINK_INFO = 0x02;
const LINK = 0x06;
const SYMBOL_TABLE = 0x11;

export function readGroupLinks(file: FileContext, header: ObjectHeader): GroupLinks {
  const links: Link[] = [];
  let tracked = false;
  for (const m of header.messages) {
    const data = m.flags & MSG_FLAG_SHARED ? resolveShared(file, m.data.clone(), m.type) : m.data.clone();
    if (m.type === SYMBOL_TABLE) {
      const st = readSymbolTableMessage(data);
      const heap = readLocalHeap(file, st.heapAddress);
      for (const e of readGroupBtree(file, st.btreeAddress)) {
        const name = localHeapString(heap, e.nameOffset);
        if (e.cacheType === 2) {
          links.push({ kind: 'soft', name, target: localHeapString(heap, e.softLinkOffset), creationOrder: -1 });
        } else {
          links.push({ kind: 'hard', name, address: e.address, creationOrder: -1 });
        }
      }
    } else if (m.type === LINK) {
      links.push(readLink(data));
    } else if (m.type === LINK_INFO) {
      const info = readLinkInfo(data);
      tracked = info.creationOrderTracked;
      if (info.heapAddress !== UNDEFINED_ADDRESS && info.nameIndexAddress !== UNDEFINED_ADDRESS) {
        const heap = new FractalHeap(file, info.heapAddress);
        const tree = readBtreeV2(file, info.nameIndexAddress, 5);
        for (const r of tree.records) {
          const id = file.bytes.subarray(r + 4, r + 11);
          const obj = heap.object(id);
          const c = file.cursorAt(obj.byteOffset - file.bytes.byteOffset, obj.length, 'link (dense storage)');
          links.push(readLink(c));
        }
      }
    }
  }
  return { links, creationOrderTracked: tracked };
}

/** Compares two names in the byte order of their UTF-8 encodings (= code point order). */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
