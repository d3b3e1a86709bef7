/**
 * The encoder's back end (RFC 1951 §3.2.3–3.2.7): collects the LZ77 symbols of
 * one block with their frequencies, then writes the block in whichever form is
 * smallest — stored, fixed Huffman or dynamic Huffman — to a growing bit
 * stream (LSB first).
 */
import { buildCodeLengths, buildCodes } from './huffman-encode.js';
import {
  CODE_LENGTH_ORDER, DIST_BASE, DIST_EXTRA, END_OF_BLOCK, fixedDistLengths,
  fixedLitLenLengths, LENGTH_BASE, LENGTH_EXTRA, MAX_CODE_BITS,
  MAX_CODE_LENGTH_BITS, NUM_DIST_CODES, NUM_LITLEN_CODES,
} from './tables.js';

/** Symbols per block before it is written (zlib's default buffer holds 16 Ki). */
export const BLOCK_SYMBOLS = 16384;

/** Largest payload of one stored block (LEN is 16 bits). */
const MAX_STORED = 65535;

/** Length code index (0..28, symbol − 257) of each match length 0..258. */
export const LENGTH_CODE: Uint8Array = (() => {
  const t = new Uint8Array(259);
  for (let code = 0; code < 29; code++) {
    const last = code === 28 ? 258 : LENGTH_BASE[code]! + (1 << LENGTH_EXTRA[code]!) - 1;
    for (let len = LENGTH_BASE[code]!; len <= last; len++) t[len] = code;
  }
  t[258] = 28; // 258 has its own code; 227 + 31 (code 27's last) would be 258 as well
  return t;
})();

/**
 * Distance code of distance − 1: entries 0..255 for distances 1..256, then
 * 256 + ((distance − 1) >> 7) for the rest (codes ≥ 16 span multiples of 128).
 */
export const DIST_CODE: Uint8Array = (() => {
  const t = new Uint8Array(512);
  for (let code = 0; code < 30; code++) {
    const first = DIST_BASE[code]! - 1;
    const last = first + (1 << DIST_EXTRA[code]!) - 1;
    for (let d = first; d <= last; d++) {
      if (d < 256) t[d] = code;
      else t[256 + (d >>> 7)] = code;
    }
  }
  return t;
})();

let fixedCodes: { litLen: Uint8Array; litCode: Uint16Array; distLen: Uint8Array; distCode: Uint16Array } | undefined;

function getFixedCodes(): NonNullable<typeof fixedCodes> {
  if (fixedCodes === undefined) {
    const litLen = fixedLitLenLengths();
    const litCode = new Uint16Array(288);
    buildCodes(litLen, 288, litCode);
    const distLen = fixedDistLengths();
    const distCode = new Uint16Array(32);
    buildCodes(distLen, 32, distCode);
    fixedCodes = { litLen, litCode, distLen, distCode };
  }
  return fixedCodes;
}

/**
 * Output bit stream plus the pending block. The LZ77 loops append to
 * `symLitLen` / `symDist` (a literal has distance 0) and bump the frequency
 * tables directly; {@link BlockWriter.flush} writes and resets the block.
 */
export class BlockWriter {
  readonly data: Uint8Array;
  out: Uint8Array;
  outPos = 0;
  bitBuf = 0;
  bitCnt = 0;

  /** Literal byte, or match length 3..258 when symDist is non-zero. */
  readonly symLitLen = new Uint16Array(BLOCK_SYMBOLS);
  /** Match distance 1..32768, or 0 for a literal. */
  readonly symDist = new Uint16Array(BLOCK_SYMBOLS);
  symCount = 0;
  readonly litFreq = new Int32Array(NUM_LITLEN_CODES);
  readonly distFreq = new Int32Array(NUM_DIST_CODES);
  /** Input offset of the first byte of the pending block. */
  blockStart = 0;

  private readonly litLen = new Uint8Array(NUM_LITLEN_CODES);
  private readonly litCode = new Uint16Array(NUM_LITLEN_CODES);
  private readonly distLen = new Uint8Array(NUM_DIST_CODES);
  private readonly distCode = new Uint16Array(NUM_DIST_CODES);
  private readonly clFreq = new Int32Array(19);
  private readonly clLen = new Uint8Array(19);
  private readonly clCode = new Uint16Array(19);
  private readonly allLengths = new Uint8Array(NUM_LITLEN_CODES + NUM_DIST_CODES);
  /** Run-length coded code lengths: symbol 0..18 and its extra-bits value. */
  private readonly clSyms = new Uint8Array(NUM_LITLEN_CODES + NUM_DIST_CODES);
  private readonly clExtra = new Uint8Array(NUM_LITLEN_CODES + NUM_DIST_CODES);
  /** The planned dynamic header: HLIT + 257, HDIST + 1, HCLEN + 4, run-length symbol count. */
  private nlit = 257;
  private ndist = 1;
  private nclen = 4;
  private clCount = 0;

  constructor(data: Uint8Array, initialCapacity: number) {
    this.data = data;
    this.out = new Uint8Array(Math.max(64, initialCapacity));
  }

  /** Makes room for `bytes` more output bytes. */
  reserve(bytes: number): void {
    const needed = this.outPos + bytes + 8;
    if (needed <= this.out.length) return;
    const bigger = new Uint8Array(Math.max(needed, this.out.length * 2));
    bigger.set(this.out.subarray(0, this.outPos));
    this.out = bigger;
  }

  /** Appends `n` ≤ 16 bits of `value`, LSB first (room must be reserved). */
  putBits(value: number, n: number): void {
    this.bitBuf |= value << this.bitCnt;
    this.bitCnt += n;
    if (this.bitCnt >= 16) {
      this.out[this.outPos++] = this.bitBuf;
      this.out[this.outPos++] = this.bitBuf >>> 8;
      this.bitBuf >>>= 16;
      this.bitCnt -= 16;
    }
  }

  /** Pads to a byte boundary with zero bits and writes out the bit buffer. */
  alignToByte(): void {
    while (this.bitCnt > 0) {
      this.out[this.outPos++] = this.bitBuf;
      this.bitBuf >>>= 8;
      this.bitCnt = Math.max(0, this.bitCnt - 8);
    }
    this.bitBuf = 0;
  }

  /** Appends whole bytes (the stream must be byte-aligned and room reserved). */
  putBytes(bytes: Uint8Array): void {
    this.out.set(bytes, this.outPos);
    this.outPos += bytes.length;
  }

  /**
   * Writes the pending block covering input bytes [blockStart, blockEnd) in
   * its smallest form and starts a new block at blockEnd.
   */
  flush(final: boolean, blockEnd: number): void {
    const storedLen = blockEnd - this.blockStart;
    this.litFreq[END_OF_BLOCK] = 1;

    // Extra bits are the same for the fixed and the dynamic code.
    let extraBits = 0;
    for (let c = 0; c < 29; c++) extraBits += this.litFreq[257 + c]! * LENGTH_EXTRA[c]!;
    for (let c = 0; c < NUM_DIST_CODES; c++) extraBits += this.distFreq[c]! * DIST_EXTRA[c]!;

    const fixed = getFixedCodes();
    let fixedBits = 3 + extraBits;
    for (let s = 0; s < NUM_LITLEN_CODES; s++) fixedBits += this.litFreq[s]! * fixed.litLen[s]!;
    for (let c = 0; c < NUM_DIST_CODES; c++) fixedBits += this.distFreq[c]! * 5;

    const dynamicBits = this.planDynamic() + extraBits;

    // Stored: header, padding to the byte, LEN/NLEN, payload, per 64 KiB piece.
    const pieces = Math.max(1, Math.ceil(storedLen / MAX_STORED));
    const firstPad = (8 - ((this.bitCnt + 3) & 7)) & 7;
    const storedBits = 3 + firstPad + 32 + (pieces - 1) * 40 + storedLen * 8;

    if (storedBits <= fixedBits && storedBits <= dynamicBits) {
      this.writeStored(final, this.blockStart, blockEnd);
    } else if (fixedBits <= dynamicBits) {
      this.reserve((fixedBits >>> 3) + 1);
      this.putBits(final ? 3 : 2, 3);
      this.writeSymbols(fixed.litCode, fixed.litLen, fixed.distCode, fixed.distLen);
    } else {
      this.reserve((dynamicBits >>> 3) + 1);
      this.writeDynamicHeader(final);
      this.writeSymbols(this.litCode, this.litLen, this.distCode, this.distLen);
    }

    this.litFreq.fill(0);
    this.distFreq.fill(0);
    this.symCount = 0;
    this.blockStart = blockEnd;
  }

  /** Stored blocks (§3.2.4) for input bytes [from, to), in pieces of at most 65535. */
  writeStored(final: boolean, from: number, to: number): void {
    let pos = from;
    do {
      const len = Math.min(MAX_STORED, to - pos);
      const last = final && pos + len === to;
      this.reserve(len + 8);
      this.putBits(last ? 1 : 0, 3);
      this.alignToByte();
      const out = this.out;
      let o = this.outPos;
      out[o++] = len;
      out[o++] = len >>> 8;
      out[o++] = ~len;
      out[o++] = ~len >>> 8;
      this.outPos = o;
      this.putBytes(this.data.subarray(pos, pos + len));
      pos += len;
    } while (pos < to);
  }

  /**
   * Builds the block's dynamic codes and the run-length coded code lengths;
   * returns the block's size in bits, excluding match extra bits.
   */
  private planDynamic(): number {
    const litLen = this.litLen;
    const distLen = this.distLen;
    buildCodeLengths(this.litFreq, NUM_LITLEN_CODES, MAX_CODE_BITS, litLen);
    buildCodeLengths(this.distFreq, NUM_DIST_CODES, MAX_CODE_BITS, distLen);
    buildCodes(litLen, NUM_LITLEN_CODES, this.litCode);
    buildCodes(distLen, NUM_DIST_CODES, this.distCode);

    let nlit = NUM_LITLEN_CODES;
    while (nlit > 257 && litLen[nlit - 1] === 0) nlit--;
    let ndist = NUM_DIST_CODES;
    while (ndist > 1 && distLen[ndist - 1] === 0) ndist--;
    const all = this.allLengths;
    all.set(litLen.subarray(0, nlit), 0);
    all.set(distLen.subarray(0, ndist), nlit);
    const count = this.runLengthCode(all, nlit + ndist);

    const clLen = this.clLen;
    buildCodeLengths(this.clFreq, 19, MAX_CODE_LENGTH_BITS, clLen);
    buildCodes(clLen, 19, this.clCode);
    let nclen = 19;
    while (nclen > 4 && clLen[CODE_LENGTH_ORDER[nclen - 1]!] === 0) nclen--;
    this.nlit = nlit;
    this.ndist = ndist;
    this.nclen = nclen;
    this.clCount = count;

    let bits = 3 + 5 + 5 + 4 + 3 * nclen;
    for (let s = 0; s < 19; s++) bits += this.clFreq[s]! * clLen[s]!;
    bits += this.clFreq[16]! * 2 + this.clFreq[17]! * 3 + this.clFreq[18]! * 7;
    for (let s = 0; s < nlit; s++) bits += this.litFreq[s]! * litLen[s]!;
    for (let c = 0; c < ndist; c++) bits += this.distFreq[c]! * distLen[c]!;
    return bits;
  }

  /**
   * Run-length codes `lengths[0..n)` with symbols 16 (repeat previous 3–6),
   * 17 (3–10 zeros) and 18 (11–138 zeros), counting symbol frequencies.
   */
  private runLengthCode(lengths: Uint8Array, n: number): number {
    const syms = this.clSyms;
    const extra = this.clExtra;
    const freq = this.clFreq;
    freq.fill(0);
    let k = 0;
    let i = 0;
    while (i < n) {
      const v = lengths[i]!;
      let run = 1;
      while (i + run < n && lengths[i + run] === v) run++;
      i += run;
      if (v === 0) {
        while (run >= 11) {
          const r = Math.min(run, 138);
          syms[k] = 18; extra[k++] = r - 11; freq[18]!++;
          run -= r;
        }
        if (run >= 3) {
          syms[k] = 17; extra[k++] = run - 3; freq[17]!++;
          run = 0;
        }
      } else {
        syms[k] = v; extra[k++] = 0; freq[v]!++;
        run--;
        while (run >= 3) {
          const r = Math.min(run, 6);
          syms[k] = 16; extra[k++] = r - 3; freq[16]!++;
          run -= r;
        }
      }
      for (; run > 0; run--) {
        syms[k] = v; extra[k++] = 0; freq[v]!++;
      }
    }
    return k;
  }

  private writeDynamicHeader(final: boolean): void {
    this.putBits(final ? 5 : 4, 3);
    this.putBits(this.nlit - 257, 5);
    this.putBits(this.ndist - 1, 5);
    this.putBits(this.nclen - 4, 4);
    for (let i = 0; i < this.nclen; i++) this.putBits(this.clLen[CODE_LENGTH_ORDER[i]!]!, 3);
    const syms = this.clSyms;
    const extra = this.clExtra;
    for (let k = 0; k < this.clCount; k++) {
      const s = syms[k]!;
      this.putBits(this.clCode[s]!, this.clLen[s]!);
      if (s === 16) this.putBits(extra[k]!, 2);
      else if (s === 17) this.putBits(extra[k]!, 3);
      else if (s === 18) this.putBits(extra[k]!, 7);
    }
  }

  /**
   * Writes the pending symbols and end-of-block with the given codes. The hot
   * loop of the encoder's back end: state in locals, two bytes flushed at a time.
   */
  private writeSymbols(litCode: Uint16Array, litLen: Uint8Array, distCode: Uint16Array, distLen: Uint8Array): void {
    const symLitLen = this.symLitLen;
    const symDist = this.symDist;
    const count = this.symCount;
    const out = this.out;
    let o = this.outPos;
    let buf = this.bitBuf;
    let cnt = this.bitCnt;
    for (let i = 0; i < count; i++) {
      const v = symLitLen[i]!;
      const dist = symDist[i]!;
      if (dist === 0) {
        buf |= litCode[v]! << cnt;
        cnt += litLen[v]!;
        if (cnt >= 16) {
          out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
        }
        continue;
      }
      const lc = LENGTH_CODE[v]!;
      buf |= litCode[257 + lc]! << cnt;
      cnt += litLen[257 + lc]!;
      if (cnt >= 16) {
        out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
      }
      let extra = LENGTH_EXTRA[lc]!;
      if (extra !== 0) {
        buf |= (v - LENGTH_BASE[lc]!) << cnt;
        cnt += extra;
        if (cnt >= 16) {
          out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
        }
      }
      const d = dist - 1;
      const dc = DIST_CODE[d < 256 ? d : 256 + (d >>> 7)]!;
      buf |= distCode[dc]! << cnt;
      cnt += distLen[dc]!;
      if (cnt >= 16) {
        out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
      }
      extra = DIST_EXTRA[dc]!;
      if (extra !== 0) {
        buf |= (d + 1 - DIST_BASE[dc]!) << cnt;
        cnt += extra;
        if (cnt >= 16) {
          out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
        }
      }
    }
    buf |= litCode[END_OF_BLOCK]! << cnt;
    cnt += litLen[END_OF_BLOCK]!;
    if (cnt >= 16) {
      out[o++] = buf; out[o++] = buf >>> 8; buf >>>= 16; cnt -= 16;
    }
    this.outPos = o;
    this.bitBuf = buf;
    this.bitCnt = cnt;
  }

  /** Pads the last byte and returns the compressed bytes (a copy of exactly the written length). */
  finish(): Uint8Array {
    this.reserve(4);
    this.alignToByte();
    return this.out.slice(0, this.outPos);
  }
}
