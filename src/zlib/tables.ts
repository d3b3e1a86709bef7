/**
 * Constant tables of RFC 1951 (DEFLATE), shared by the decoder and the encoder.
 * §3.2.5 gives the length and distance codes, §3.2.6 the fixed Huffman code,
 * §3.2.7 the order in which code-length code lengths are sent.
 */

/** Shortest match DEFLATE can express (§3.2.5). */
export const MIN_MATCH = 3;
/** Longest match DEFLATE can express (§3.2.5). */
export const MAX_MATCH = 258;

/** Largest distance DEFLATE can express, i.e. the biggest window (§2). */
export const MAX_DISTANCE = 32768;

/** Longest Huffman code for literal/length and distance codes (§3.2.7). */
export const MAX_CODE_BITS = 15;

/** Longest code-length code (3-bit lengths, §3.2.7). */
export const MAX_CODE_LENGTH_BITS = 7;

/** Literal/length alphabet size that may appear in a stream (286, 287 are never valid). */
export const NUM_LITLEN_CODES = 286;
/** Distance alphabet size that may appear in a stream (30, 31 are never valid). */
export const NUM_DIST_CODES = 30;
/** The end-of-block symbol. */
export const END_OF_BLOCK = 256;

/** Base match length of length codes 257..285 (index = code - 257). */
export const LENGTH_BASE = Uint16Array.of(
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);

/** Extra bits following length codes 257..285. */
export const LENGTH_EXTRA = Uint8Array.of(
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
  3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);

/** Base distance of distance codes 0..29. */
export const DIST_BASE = Uint16Array.of(
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
  257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);

/** Extra bits following distance codes 0..29. */
export const DIST_EXTRA = Uint8Array.of(
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
  7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);

/** The order in which a dynamic block sends the code-length code lengths (§3.2.7). */
export const CODE_LENGTH_ORDER = Uint8Array.of(
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** Code lengths of the fixed literal/length code (§3.2.6), all 288 symbols. */
export function fixedLitLenLengths(): Uint8Array {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return lengths;
}

/** Code lengths of the fixed distance code (§3.2.6), all 32 symbols. */
export function fixedDistLengths(): Uint8Array {
  return new Uint8Array(32).fill(5);
}

/** Reverses the low `length` bits of `code` (Huffman codes are sent MSB first, bits LSB first). */
export function reverseBits(code: number, length: number): number {
  let r = 0;
  for (let i = 0; i < length; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}
