/**
 * Huffman code construction for the encoder: length-limited code lengths
 * from symbol frequencies, and the canonical codes of RFC 1951 §3.2.2.
 *
 * Lengths come from Moffat and Katajainen's in-place minimum-redundancy
 * algorithm (1995) run on the frequencies in ascending order; when the
 * longest code exceeds the limit, the number of codes per length is
 * rebalanced (Kraft sum kept at exactly 1) and lengths are handed out again,
 * shortest to the most frequent symbols.
 */
import { MAX_CODE_BITS, reverseBits } from './tables.js';

/**
 * Computes code lengths for `freq[0..n)` no longer than `maxBits`, into
 * `lengths[0..n)` (0 for symbols that do not occur). At least two symbols get
 * a code (symbols 0 and 1 are added with weight 1 when fewer occur), as some
 * decoders reject a one-code tree.
 */
export function buildCodeLengths(freq: Int32Array, n: number, maxBits: number, lengths: Uint8Array): void {
  lengths.fill(0, 0, n);
  let m = 0;
  for (let s = 0; s < n; s++) if (freq[s]! > 0) m++;
  const padded = m < 2;
  const keys = new Int32Array(padded ? 2 : m);
  m = 0;
  for (let s = 0; s < n; s++) {
    if (freq[s]! > 0) keys[m++] = freq[s]! * 512 + s;
  }
  for (let s = 0; m < 2; s++) {
    if (freq[s]! === 0) keys[m++] = 512 + s;
  }
  keys.sort();

  const weights = new Int32Array(m);
  for (let i = 0; i < m; i++) weights[i] = keys[i]! >>> 9;
  minimumRedundancyLengths(weights, m);

  // weights[i] is now the length of the i-th least frequent symbol.
  const perLength = new Int32Array(MAX_CODE_BITS + 2);
  let longest = 0;
  for (let i = 0; i < m; i++) {
    const len = weights[i]!;
    if (len > maxBits) perLength[maxBits]!++;
    else perLength[len]!++;
    if (len > longest) longest = len;
  }
  if (longest > maxBits) limitLengths(perLength, maxBits);

  // Longest codes go to the least frequent symbols.
  let i = 0;
  for (let len = maxBits; len >= 1; len--) {
    for (let c = perLength[len]!; c > 0; c--) lengths[keys[i++]! & 511] = len;
  }
}

/**
 * Moffat–Katajainen: replaces ascending weights `a[0..n)` (n ≥ 2) by their
 * optimal code lengths, in place, in O(n).
 */
function minimumRedundancyLengths(a: Int32Array, n: number): void {
  // Phase 1: build the tree; internal nodes overwrite the front, holding weights then parent indices.
  a[0] = a[0]! + a[1]!;
  let root = 0;
  let leaf = 2;
  for (let next = 1; next < n - 1; next++) {
    if (leaf >= n || a[root]! < a[leaf]!) {
      a[next] = a[root]!;
      a[root++] = next;
    } else {
      a[next] = a[leaf++]!;
    }
    if (leaf >= n || (root < next && a[root]! < a[leaf]!)) {
      a[next] = a[next]! + a[root]!;
      a[root++] = next;
    } else {
      a[next] = a[next]! + a[leaf++]!;
    }
  }
  // Phase 2: parent indices to internal node depths.
  a[n - 2] = 0;
  for (let next = n - 3; next >= 0; next--) a[next] = a[a[next]!]! + 1;
  // Phase 3: internal depths to leaf depths, deepest first.
  let avail = 1;
  let used = 0;
  let depth = 0;
  root = n - 2;
  let next = n - 1;
  while (avail > 0) {
    while (root >= 0 && a[root] === depth) {
      used++;
      root--;
    }
    while (avail > used) {
      a[next--] = depth;
      avail--;
    }
    avail = 2 * used;
    depth++;
    used = 0;
  }
}

/**
 * Given code counts per length with everything longer than `maxBits` already
 * folded into `perLength[maxBits]`, moves codes between lengths until the
 * Kraft sum is exactly 1 again: each step drops one longest code and splits a
 * shorter leaf into two one level deeper.
 */
function limitLengths(perLength: Int32Array, maxBits: number): void {
  let total = 0;
  for (let len = 1; len <= maxBits; len++) total += perLength[len]! << (maxBits - len);
  const full = 1 << maxBits;
  while (total > full) {
    perLength[maxBits]!--;
    for (let len = maxBits - 1; len > 0; len--) {
      if (perLength[len]! > 0) {
        perLength[len]!--;
        perLength[len + 1]! += 2;
        break;
      }
    }
    total--;
  }
}

/**
 * Assigns canonical codes (§3.2.2) to `lengths[0..n)`, stored bit-reversed in
 * `codes` so they can be written LSB first.
 */
export function buildCodes(lengths: Uint8Array, n: number, codes: Uint16Array): void {
  const perLength = new Uint16Array(MAX_CODE_BITS + 1);
  for (let s = 0; s < n; s++) perLength[lengths[s]!]!++;
  perLength[0] = 0;
  const next = new Uint16Array(MAX_CODE_BITS + 1);
  let code = 0;
  for (let len = 1; len <= MAX_CODE_BITS; len++) {
    code = (code + perLength[len - 1]!) << 1;
    next[len] = code;
  }
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len === 0) {
      codes[s] = 0;
      continue;
    }
    codes[s] = reverseBits(next[len]!++, len);
  }
}
