/**
 * LZ77 match finding for the encoder (RFC 1951 §4): hash chains over 3-byte
 * prefixes, greedy parsing at the fast levels and lazy parsing (try the next
 * position before committing to a match) at the others.
 *
 * The whole input is in memory, so positions are absolute: `head[hash]` is
 * the latest position with that hash and `prev[pos & mask]` the one before it.
 * A chain is followed only while it stays within the 32 KiB window, where its
 * links are still valid, so it always strictly decreases.
 */
import { BLOCK_SYMBOLS, LENGTH_CODE, DIST_CODE, type BlockWriter } from './block-writer.js';
import { MAX_DISTANCE, MAX_MATCH, MIN_MATCH } from './tables.js';

/** Tuning of one compression level (zlib's published table, same meaning). */
export interface LevelConfig {
  /** Lazy levels: quarter the chain when the previous match is at least this long. */
  good: number;
  /** Lazy levels: do not look for a better match after one this long. Greedy levels: insert the positions inside matches up to this long. */
  lazy: number;
  /** Stop searching once a match is this long. */
  nice: number;
  /** Chain links followed per search. */
  chain: number;
  /** Lazy (true) or greedy (false) parsing. */
  lazyParsing: boolean;
}

/** Levels 1..9 (index 0 is unused: level 0 stores). */
export const LEVELS: readonly LevelConfig[] = [
  { good: 0, lazy: 0, nice: 0, chain: 0, lazyParsing: false },
  { good: 4, lazy: 4, nice: 8, chain: 4, lazyParsing: false },
  { good: 4, lazy: 5, nice: 16, chain: 8, lazyParsing: false },
  { good: 4, lazy: 6, nice: 32, chain: 32, lazyParsing: false },
  { good: 4, lazy: 4, nice: 16, chain: 16, lazyParsing: true },
  { good: 8, lazy: 16, nice: 32, chain: 32, lazyParsing: true },
  { good: 8, lazy: 16, nice: 128, chain: 128, lazyParsing: true },
  { good: 8, lazy: 32, nice: 128, chain: 256, lazyParsing: true },
  { good: 32, lazy: 128, nice: 258, chain: 1024, lazyParsing: true },
  { good: 32, lazy: 258, nice: 258, chain: 4096, lazyParsing: true },
];

/** A 3-byte match this far back costs more than three literals; lazy levels drop it (zlib's TOO_FAR). */
const TOO_FAR = 4096;

/**
 * Hash-chain tables sized to the input (small inputs need small tables). The
 * hash of a 3-byte prefix is zlib's: each byte shifted by `shift` bits and
 * xored, so prefixes of text (which differ in their low bits) rarely collide.
 */
interface Chains {
  head: Int32Array;
  prev: Int32Array;
  /** prev index mask (window size - 1). */
  mask: number;
  shift: number;
  /** hash mask (head size - 1). */
  hmask: number;
}

function makeChains(n: number): Chains {
  const bits = Math.min(15, Math.max(8, 32 - Math.clz32(n)));
  const head = new Int32Array(1 << bits).fill(-1);
  const windowSize = Math.min(MAX_DISTANCE, 1 << bits);
  return {
    head, prev: new Int32Array(windowSize), mask: windowSize - 1,
    shift: Math.ceil(bits / 3), hmask: (1 << bits) - 1,
  };
}

/**
 * Longest match for `pos` along the chain starting at `cur`, longer than
 * `best` (< maxLen). Returns (length << 16) | distance, or 0 if none is longer.
 */
function longestMatch(
  data: Uint8Array, pos: number, cur: number, prev: Int32Array, mask: number,
  maxLen: number, best: number, chain: number, nice: number,
): number {
  const limit = pos > MAX_DISTANCE ? pos - MAX_DISTANCE : 0;
  let bestDist = 0;
  // A candidate must match the two bytes ending the best match so far and
  // the first two: most candidates fail one of these four loads.
  let endByte = data[pos + best]!;
  let endByte1 = data[pos + best - 1]!;
  const b0 = data[pos]!;
  const b1 = data[pos + 1]!;
  while (cur >= limit) {
    if (data[cur + best] === endByte && data[cur + best - 1] === endByte1 && data[cur] === b0 && data[cur + 1] === b1) {
      let len = 2;
      while (len < maxLen && data[cur + len] === data[pos + len]) len++;
      if (len > best) {
        best = len;
        bestDist = pos - cur;
        if (len >= nice || len >= maxLen) break;
        endByte = data[pos + len]!;
        endByte1 = data[pos + len - 1]!;
      }
    }
    if (--chain === 0) break;
    cur = prev[cur & mask]!;
  }
  return bestDist === 0 ? 0 : (best << 16) | bestDist;
}

/**
 * Greedy parsing (levels 1–3): take the longest match at each position.
 * Positions inside a match are indexed only when it is short (`lazy`).
 */
export function compressGreedy(w: BlockWriter, cfg: LevelConfig): void {
  const data = w.data;
  const n = data.length;
  const { head, prev, mask, shift, hmask } = makeChains(n);
  const shift2 = shift * 2;
  const symLitLen = w.symLitLen;
  const symDist = w.symDist;
  const litFreq = w.litFreq;
  const distFreq = w.distFreq;
  const maxInsert = cfg.lazy;
  const chainLen = cfg.chain;
  const nice = cfg.nice;
  let sc = 0;
  let pos = 0;
  while (pos < n) {
    let cur = -1;
    if (pos + 2 < n) {
      const h = ((data[pos]! << shift2) ^ (data[pos + 1]! << shift) ^ data[pos + 2]!) & hmask;
      cur = head[h]!;
      head[h] = pos;
      prev[pos & mask] = cur;
    }
    const maxLen = Math.min(MAX_MATCH, n - pos);
    let match = 0;
    if (cur >= 0 && pos - cur <= MAX_DISTANCE && maxLen >= MIN_MATCH) {
      match = longestMatch(data, pos, cur, prev, mask, maxLen, MIN_MATCH - 1, chainLen, nice);
    }
    if (match !== 0) {
      const len = match >>> 16;
      const dist = match & 0xffff;
      symLitLen[sc] = len;
      symDist[sc++] = dist;
      litFreq[257 + LENGTH_CODE[len]!]!++;
      const d = dist - 1;
      distFreq[DIST_CODE[d < 256 ? d : 256 + (d >>> 7)]!]!++;
      const end = pos + len;
      if (len <= maxInsert) {
        for (let p = pos + 1; p < end && p + 2 < n; p++) {
          const h = ((data[p]! << shift2) ^ (data[p + 1]! << shift) ^ data[p + 2]!) & hmask;
          prev[p & mask] = head[h]!;
          head[h] = p;
        }
      }
      pos = end;
    } else {
      const byte = data[pos++]!;
      symLitLen[sc] = byte;
      symDist[sc++] = 0;
      litFreq[byte]!++;
    }
    if (sc === BLOCK_SYMBOLS) {
      w.symCount = sc;
      w.flush(false, pos);
      sc = 0;
    }
  }
  w.symCount = sc;
}

/**
 * Lazy parsing (levels 4–9): a match found at `pos` is held back one step;
 * if `pos + 1` has a longer match, `pos` becomes a literal instead.
 */
export function compressLazy(w: BlockWriter, cfg: LevelConfig): void {
  const data = w.data;
  const n = data.length;
  const { head, prev, mask, shift, hmask } = makeChains(n);
  const shift2 = shift * 2;
  const symLitLen = w.symLitLen;
  const symDist = w.symDist;
  const litFreq = w.litFreq;
  const distFreq = w.distFreq;
  const good = cfg.good;
  const maxLazy = cfg.lazy;
  const chainLen = cfg.chain;
  const nice = cfg.nice;
  let sc = 0;
  let pos = 0;
  let covered = 0; // input bytes described by recorded symbols
  let prevLen = MIN_MATCH - 1;
  let prevDist = 0;
  let pending = false; // a literal for pos - 1 is not recorded yet
  while (pos < n) {
    let cur = -1;
    if (pos + 2 < n) {
      const h = ((data[pos]! << shift2) ^ (data[pos + 1]! << shift) ^ data[pos + 2]!) & hmask;
      cur = head[h]!;
      head[h] = pos;
      prev[pos & mask] = cur;
    }
    const maxLen = Math.min(MAX_MATCH, n - pos);
    let len = MIN_MATCH - 1;
    let dist = 0;
    if (cur >= 0 && prevLen < maxLazy && pos - cur <= MAX_DISTANCE && maxLen > prevLen) {
      const match = longestMatch(data, pos, cur, prev, mask, maxLen, prevLen,
        prevLen >= good ? chainLen >>> 2 : chainLen, nice);
      if (match !== 0) {
        len = match >>> 16;
        dist = match & 0xffff;
        if (len === MIN_MATCH && dist > TOO_FAR) len = MIN_MATCH - 1;
      }
    }
    if (prevLen >= MIN_MATCH && len <= prevLen) {
      // The match at pos - 1 wins: record it and index the positions it covers.
      symLitLen[sc] = prevLen;
      symDist[sc++] = prevDist;
      litFreq[257 + LENGTH_CODE[prevLen]!]!++;
      const d = prevDist - 1;
      distFreq[DIST_CODE[d < 256 ? d : 256 + (d >>> 7)]!]!++;
      const end = pos - 1 + prevLen;
      for (let p = pos + 1; p < end && p + 2 < n; p++) {
        const h = ((data[p]! << shift2) ^ (data[p + 1]! << shift) ^ data[p + 2]!) & hmask;
        prev[p & mask] = head[h]!;
        head[h] = p;
      }
      covered += prevLen;
      pos = end;
      pending = false;
      prevLen = MIN_MATCH - 1;
    } else {
      if (pending) {
        const byte = data[pos - 1]!;
        symLitLen[sc] = byte;
        symDist[sc++] = 0;
        litFreq[byte]!++;
        covered++;
      }
      pending = true;
      prevLen = len;
      prevDist = dist;
      pos++;
    }
    if (sc === BLOCK_SYMBOLS) {
      w.symCount = sc;
      w.flush(false, covered);
      sc = 0;
    }
  }
  if (pending) {
    const byte = data[n - 1]!;
    symLitLen[sc] = byte;
    symDist[sc++] = 0;
    litFreq[byte]!++;
    if (sc === BLOCK_SYMBOLS) {
      w.symCount = sc;
      w.flush(false, n);
      sc = 0;
    }
  }
  w.symCount = sc;
}
