/**
 * A tiny DEFLATE bit writer for hand-made test streams: fields LSB first,
 * Huffman codes MSB first (RFC 1951 §3.1.1), canonical codes from lengths.
 */
export class BitSink {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  /** Writes the low `count` bits of `value`, LSB first (a header field or extra bits). */
  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >>> i) & 1) << this.n;
      if (++this.n === 8) this.flushByte();
    }
    return this;
  }

  /** Writes a Huffman code of `length` bits, MSB first. */
  code(code: number, length: number): this {
    for (let i = length - 1; i >= 0; i--) this.bits((code >>> i) & 1, 1);
    return this;
  }

  /** Pads to a byte boundary with zeros. */
  align(): this {
    if (this.n > 0) this.flushByte();
    return this;
  }

  /** Appends whole bytes (after align()). */
  raw(...values: number[]): this {
    this.align();
    this.bytes.push(...values);
    return this;
  }

  /** Number of bits written so far. */
  get bitLength(): number {
    return this.bytes.length * 8 + this.n;
  }

  done(): Uint8Array {
    this.align();
    return Uint8Array.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    this.acc = 0;
    this.n = 0;
  }
}

/** Canonical codes (RFC 1951 §3.2.2) for the given code lengths. */
export function canonicalCodes(lengths: readonly number[]): number[] {
  const count = new Array<number>(16).fill(0);
  for (const l of lengths) if (l) count[l]++;
  const next = new Array<number>(16).fill(0);
  let code = 0;
  for (let len = 1; len < 16; len++) {
    code = (code + count[len - 1]!) << 1;
    next[len] = code;
  }
  return lengths.map((l) => (l ? next[l]++ : 0));
}

/** The fixed literal/length code (§3.2.6): [code, length] of symbol `sym`. */
export function fixedLitLen(sym: number): [number, number] {
  if (sym < 144) return [0x30 + sym, 8];
  if (sym < 256) return [0x190 + sym - 144, 9];
  if (sym < 280) return [sym - 256, 7];
  return [0xc0 + sym - 280, 8];
}

/** Order of the code-length code lengths in a dynamic header (§3.2.7). */
export const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * Writes a dynamic block header: HLIT/HDIST/HCLEN, the code-length code
 * lengths `clLengths` (by symbol 0..18), then `items` coded with that code —
 * each a code-length symbol, or [symbol, extra value] for 16/17/18.
 * Returns the codes of the code-length code.
 */
export function dynamicHeader(
  sink: BitSink, final: boolean, nlit: number, ndist: number,
  clLengths: readonly number[], items: readonly (number | [number, number])[],
): void {
  sink.bits(final ? 1 : 0, 1).bits(2, 2);
  let nclen = 19;
  while (nclen > 4 && !clLengths[CL_ORDER[nclen - 1]!]) nclen--;
  sink.bits(nlit - 257, 5).bits(ndist - 1, 5).bits(nclen - 4, 4);
  for (let i = 0; i < nclen; i++) sink.bits(clLengths[CL_ORDER[i]!] ?? 0, 3);
  const codes = canonicalCodes(clLengths);
  for (const item of items) {
    const [sym, extra] = typeof item === 'number' ? [item, 0] : item;
    sink.code(codes[sym]!, clLengths[sym]!);
    if (sym === 16) sink.bits(extra, 2);
    else if (sym === 17) sink.bits(extra, 3);
    else if (sym === 18) sink.bits(extra, 7);
  }
}
