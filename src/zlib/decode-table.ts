/**
 * Huffman decoding tables for DEFLATE (RFC 1951 §3.2.2, canonical codes).
 *
 * A table is an Int32Array indexed by the next input bits (LSB first, so the
 * index is the bit-reversed code). The first `1 << rootBits` entries are the
 * root; a code longer than rootBits lands on a link entry that points at a
 * sub-table indexed by the following bits. Each entry packs
 *
 *   bits 0-3    code length to consume (total, including the root bits)
 *   bits 4-7    extra bits after a length/distance base, or a sub-table's index bits
 *   bits 8-23   value: the literal byte, the base length or distance, or the sub-table offset
 *   bits 24-31  kind: 0 for a literal, else KIND_* (all with bit 31 set)
 *
 * so a literal is any entry >= 0 and one load, a sign test and a few shifts
 * decode it.
 */
import {
  DIST_BASE, DIST_EXTRA, END_OF_BLOCK, LENGTH_BASE, LENGTH_EXTRA, MAX_CODE_BITS,
} from './tables.js';

/** Entry kinds (bits 24-31). Everything but a literal is negative as an int32. */
export const KIND_LITERAL = 0;
/** A length or distance base (value) followed by `(e >> 4) & 15` extra bits. */
export const KIND_BASE = 0x81 << 24;
/** End of block. */
export const KIND_END = 0x82 << 24;
/** Link to a sub-table at `value`, indexed by `(e >> 4) & 15` further bits. */
export const KIND_LINK = 0x84 << 24;
/** A symbol that must never be used (286, 287, distance 30, 31, or a hole of an incomplete code). */
export const KIND_INVALID = 0x88 << 24;

/** Root index bits of the literal/length table: codes up to 10 bits decode in one load. */
export const LITLEN_ROOT_BITS = 10;
/** Root index bits of the distance table. */
export const DIST_ROOT_BITS = 8;
/** Root index bits of the code-length table (its codes are at most 7 bits: no sub-tables). */
export const CODELEN_ROOT_BITS = 7;

/**
 * Table sizes that hold the root plus every sub-table any valid code can need
 * (the worst cases for these root sizes are 1332 and 402 entries, as computed
 * by zlib's `enough` program for 286/30 symbols and 15-bit codes).
 */
export const LITLEN_TABLE_SIZE = 1536;
/** Entries of a distance table (root and sub-tables). */
export const DIST_TABLE_SIZE = 512;
/** Entries of a code-length table (root only). */
export const CODELEN_TABLE_SIZE = 1 << CODELEN_ROOT_BITS;

/** {@link buildDecodeTable} result: a complete code (or a single 1-bit code, where allowed). */
export const TABLE_OK = 0;
/** {@link buildDecodeTable} result: more codes than the lengths leave room for. */
export const TABLE_OVERSUBSCRIBED = 1;
/** {@link buildDecodeTable} result: code space left unused. */
export const TABLE_INCOMPLETE = 2;
/** {@link buildDecodeTable} result: no symbol has a code. */
export const TABLE_EMPTY = 3;

function entry(value: number, kind: number, extra: number): number {
  return kind | (value << 8) | (extra << 4);
}

/** Entry (without length) of each literal/length symbol 0..287. */
export const LITLEN_SYMBOLS: Int32Array = (() => {
  const t = new Int32Array(288);
  for (let s = 0; s < 256; s++) t[s] = entry(s, KIND_LITERAL, 0);
  t[END_OF_BLOCK] = entry(0, KIND_END, 0);
  for (let i = 0; i < 29; i++) t[257 + i] = entry(LENGTH_BASE[i]!, KIND_BASE, LENGTH_EXTRA[i]!);
  t[286] = t[287] = entry(0, KIND_INVALID, 0);
  return t;
})();

/** Entry (without length) of each distance symbol 0..31. */
export const DIST_SYMBOLS: Int32Array = (() => {
  const t = new Int32Array(32);
  for (let i = 0; i < 30; i++) t[i] = entry(DIST_BASE[i]!, KIND_BASE, DIST_EXTRA[i]!);
  t[30] = t[31] = entry(0, KIND_INVALID, 0);
  return t;
})();

/** Entry (without length) of each code-length symbol 0..18: the symbol itself. */
export const CODELEN_SYMBOLS: Int32Array = (() => {
  const t = new Int32Array(19);
  for (let s = 0; s < 19; s++) t[s] = entry(s, KIND_LITERAL, 0);
  return t;
})();

/**
 * Fills `table` for the canonical Huffman code given by `count` code lengths
 * starting at `lengths[offset]` (0 = symbol unused).
 *
 * Returns TABLE_OK, TABLE_OVERSUBSCRIBED (more codes than the lengths allow),
 * TABLE_INCOMPLETE (unused code space, tolerated only for a single code of
 * length 1 when `allowSingle`, as zlib does) or TABLE_EMPTY (no codes; the
 * table then decodes everything as invalid). The caller turns these into errors.
 */
export function buildDecodeTable(
  lengths: Uint8Array, offset: number, count: number,
  symbols: Int32Array, rootBits: number, table: Int32Array, allowSingle: boolean,
): number {
  const perLength = new Uint16Array(MAX_CODE_BITS + 1);
  for (let i = 0; i < count; i++) perLength[lengths[offset + i]!]!++;
  perLength[0] = 0;

  // Kraft: walk the code tree level by level counting free slots.
  let left = 1;
  let maxLen = 0;
  let total = 0;
  for (let len = 1; len <= MAX_CODE_BITS; len++) {
    left = (left << 1) - perLength[len]!;
    if (left < 0) return TABLE_OVERSUBSCRIBED;
    if (perLength[len]! > 0) maxLen = len;
    total += perLength[len]!;
  }
  const rootSize = 1 << rootBits;
  table.fill(entry(0, KIND_INVALID, 0), 0, rootSize);
  if (total === 0) return TABLE_EMPTY;
  if (left > 0 && !(allowSingle && maxLen === 1)) return TABLE_INCOMPLETE;

  // Symbols sorted by (length, symbol): the canonical code order.
  const next = new Uint16Array(MAX_CODE_BITS + 2);
  for (let len = 1; len <= MAX_CODE_BITS; len++) next[len + 1] = next[len]! + perLength[len]!;
  const sorted = new Uint16Array(total);
  for (let s = 0; s < count; s++) {
    const len = lengths[offset + s]!;
    if (len !== 0) sorted[next[len]!++] = s;
  }

  const rootMask = rootSize - 1;
  let huff = 0; // the current code, bit-reversed (the order bits arrive in)
  let used = rootSize;
  let subPrefix = -1;
  let subBase = 0;
  let subBits = 0;
  for (let k = 0; k < total; k++) {
    const sym = sorted[k]!;
    const len = lengths[offset + sym]!;
    const e = symbols[sym]! | len;
    if (len <= rootBits) {
      for (let i = huff; i < rootSize; i += 1 << len) table[i] = e;
    } else {
      const prefix = huff & rootMask;
      if (prefix !== subPrefix) {
        // Size the sub-table to cover exactly the codes sharing this prefix.
        subBits = len - rootBits;
        let free = 1 << subBits;
        while (subBits + rootBits < maxLen) {
          free -= perLength[subBits + rootBits]!;
          if (free <= 0) break;
          subBits++;
          free <<= 1;
        }
        subBase = used;
        used += 1 << subBits;
        if (used > table.length) throw new RangeError('decode table overflow (internal)');
        table[prefix] = entry(subBase, KIND_LINK, subBits) | rootBits;
        subPrefix = prefix;
      }
      const step = 1 << (len - rootBits);
      const subSize = 1 << subBits;
      for (let i = huff >>> rootBits; i < subSize; i += step) table[subBase + i] = e;
    }
    perLength[len]!--;
    // Next canonical code: add 1 to the bit-reversed value, carrying downwards.
    let incr = 1 << (len - 1);
    while (huff & incr) incr >>>= 1;
    huff = incr !== 0 ? (huff & (incr - 1)) + incr : 0;
  }
  return TABLE_OK;
}
