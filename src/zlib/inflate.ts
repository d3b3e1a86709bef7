/**
 * Raw DEFLATE decoding (RFC 1951 §3.2): stored, fixed-Huffman and
 * dynamic-Huffman blocks, into one output buffer.
 *
 * Bits are read LSB first through a bit buffer (`hold`, `bits`). Block
 * headers and code-length tables go through the small methods of
 * {@link Inflater}; the per-symbol loop ({@link decodeHuffmanBlock}) copies the
 * state into locals and decodes with one table load per symbol (see
 * decode-table.ts). Near the end of the input the bit buffer is topped up with
 * zero bytes; consuming any of them is reported as ZLIB_TRUNCATED.
 */
import {
  buildDecodeTable, CODELEN_ROOT_BITS, CODELEN_SYMBOLS, CODELEN_TABLE_SIZE,
  DIST_ROOT_BITS, DIST_SYMBOLS, DIST_TABLE_SIZE, LITLEN_ROOT_BITS, LITLEN_SYMBOLS,
  KIND_BASE, KIND_END, KIND_LINK, LITLEN_TABLE_SIZE, TABLE_EMPTY, TABLE_INCOMPLETE,
  TABLE_OK, TABLE_OVERSUBSCRIBED,
} from './decode-table.js';
import { ZlibError, type ZlibErrorCode } from './errors.js';
import {
  CODE_LENGTH_ORDER, END_OF_BLOCK, fixedDistLengths, fixedLitLenLengths,
  MAX_DISTANCE, NUM_DIST_CODES, NUM_LITLEN_CODES,
} from './tables.js';

/** Options of {@link inflate} and {@link inflateRaw}. */
export interface InflateOptions {
  /**
   * Largest decompressed size accepted; a stream that would produce more
   * throws ZLIB_OUTPUT_LIMIT before allocating for it.
   * Default {@link DEFAULT_MAX_OUTPUT_LENGTH} (1 GiB).
   */
  maxOutputLength?: number;
  /**
   * The decompressed size when known (an HDF5 chunk's size): the output is
   * allocated once at exactly this size. A stream that turns out longer still
   * decodes (growing up to `maxOutputLength`); one that is shorter returns a
   * view of the bytes written.
   */
  expectedLength?: number;
  /**
   * Decode into this buffer and return `out.subarray(0, length)`; a stream
   * that does not fit throws ZLIB_OUTPUT_LIMIT.
   */
  out?: Uint8Array;
}

/** Default `maxOutputLength`: 1 GiB. */
export const DEFAULT_MAX_OUTPUT_LENGTH = 1 << 30;

/** What {@link inflateStream} decoded: the output and where the deflate stream ended. */
export interface InflatedStream {
  output: Uint8Array;
  /** Byte offset in the input just past the last block (the stream is padded to a byte). */
  end: number;
}

const LITLEN_MASK = (1 << LITLEN_ROOT_BITS) - 1;
const DIST_MASK = (1 << DIST_ROOT_BITS) - 1;
const CODELEN_MASK = (1 << CODELEN_ROOT_BITS) - 1;

let fixedTables: { litlen: Int32Array; dist: Int32Array } | undefined;

/** The fixed-Huffman tables (§3.2.6), built on first use. */
function getFixedTables(): { litlen: Int32Array; dist: Int32Array } {
  if (fixedTables === undefined) {
    const litlen = new Int32Array(LITLEN_TABLE_SIZE);
    const dist = new Int32Array(DIST_TABLE_SIZE);
    buildDecodeTable(fixedLitLenLengths(), 0, 288, LITLEN_SYMBOLS, LITLEN_ROOT_BITS, litlen, false);
    // 30 and 31 are part of the fixed code but invalid to use: build all 32.
    buildDecodeTable(fixedDistLengths(), 0, 32, DIST_SYMBOLS, DIST_ROOT_BITS, dist, false);
    fixedTables = { litlen, dist };
  }
  return fixedTables;
}

function checkLength(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ZlibError('ZLIB_BAD_OPTION', -1, `${name} must be an integer in [0, ${max}], got ${value}`);
  }
}

/**
 * The decoder's state between blocks. Fields are plain numbers and typed
 * arrays so the hot loop can copy them into locals and back.
 */
export class Inflater {
  readonly data: Uint8Array;
  readonly inEnd: number;
  /** Offset of the deflate stream in `data`. */
  readonly start: number;
  /** Next input byte to load into `hold`; may run up to a few bytes past inEnd (zero padding). */
  inPos: number;
  /** Bit buffer: the next `bits` input bits, LSB first. */
  hold = 0;
  bits = 0;
  out: Uint8Array;
  outPos = 0;
  /** Largest distance accepted (the window size from the zlib header, or 32 KiB). */
  readonly window: number;
  /** Hard output limit; the buffer may grow up to this when `growable`. */
  readonly limit: number;
  readonly growable: boolean;
  /** Where decodeSymbols stopped: the input bit of the offending item, and a symbol left to write. */
  stopBit = 0;
  pendingLength = 0;
  pendingDistance = 0;
  pendingLiteral = 0;

  constructor(data: Uint8Array, start: number, window: number, opts: InflateOptions | undefined) {
    this.data = data;
    this.inEnd = data.length;
    this.inPos = start;
    this.start = start;
    this.window = window;
    const maxOut = opts?.maxOutputLength ?? DEFAULT_MAX_OUTPUT_LENGTH;
    checkLength('maxOutputLength', maxOut, Number.MAX_SAFE_INTEGER);
    if (opts?.out !== undefined) {
      this.out = opts.out.length > maxOut ? opts.out.subarray(0, maxOut) : opts.out;
      this.limit = this.out.length;
      this.growable = false;
    } else if (opts?.expectedLength !== undefined) {
      checkLength('expectedLength', opts.expectedLength, maxOut);
      this.out = new Uint8Array(opts.expectedLength);
      this.limit = maxOut;
      this.growable = true;
    } else {
      // A first guess (weights deflate ~1.1x, text ~3x); grow() then
      // extrapolates from the ratio seen so far.
      this.out = new Uint8Array(Math.min(maxOut, Math.max(4096, (data.length - start) * 2)));
      this.limit = maxOut;
      this.growable = true;
    }
  }

  /** Bit offset of the next unread input bit. */
  bitPosition(): number {
    return this.inPos * 8 - this.bits;
  }

  /**
   * Makes an error located at input bit `bitPos`. When decoding has already
   * run into the zero padding past the end, the real cause is truncation.
   */
  error(code: ZlibErrorCode, bitPos: number, message: string): ZlibError {
    if (this.inPos * 8 - this.bits > this.inEnd * 8) {
      return new ZlibError('ZLIB_TRUNCATED', this.inEnd, 'compressed data ends in the middle of a block');
    }
    return new ZlibError(code, bitPos >>> 3, message);
  }

  /** Ensures at least `n` (≤ 24) bits are in `hold`, padding with zero bytes past the end. */
  need(n: number): void {
    while (this.bits < n) {
      const byte = this.inPos < this.inEnd ? this.data[this.inPos]! : 0;
      this.hold |= byte << this.bits;
      this.inPos++;
      this.bits += 8;
    }
  }

  /** Drops `n` bits, failing if any of them was padding. */
  drop(n: number): void {
    this.hold >>= n;
    this.bits -= n;
    if (this.inPos * 8 - this.bits > this.inEnd * 8) {
      throw new ZlibError('ZLIB_TRUNCATED', this.inEnd, 'compressed data ends in the middle of a block');
    }
  }

  /** Reads `n` (≤ 24) bits as an unsigned number. */
  take(n: number): number {
    this.need(n);
    const v = this.hold & ((1 << n) - 1);
    this.drop(n);
    return v;
  }

  /** Discards padding bits after the last real byte so the buffer holds only input. */
  trimPadding(): void {
    if (this.inPos > this.inEnd) {
      this.bits -= (this.inPos - this.inEnd) * 8;
      this.inPos = this.inEnd;
      this.hold &= this.bits >= 32 ? -1 : (1 << this.bits) - 1;
    }
  }

  /** Makes room for `needed` output bytes in total, or throws ZLIB_OUTPUT_LIMIT. */
  grow(needed: number, bitPos: number): Uint8Array {
    if (needed > this.limit || !this.growable) {
      throw this.error('ZLIB_OUTPUT_LIMIT', bitPos,
        `decompressed data exceeds ${this.growable ? 'maxOutputLength' : 'the output buffer'} (${this.limit} bytes)`);
    }
    // Guess the final size from the compression ratio so far (one or two
    // grows instead of many), but at least double so growth stays geometric.
    const consumed = Math.max(1, this.inPos - this.start);
    const estimate = Math.ceil((this.outPos / consumed) * (this.inEnd - this.start) * 1.1) + 4096;
    const size = Math.min(this.limit, Math.max(needed, this.out.length * 2, estimate));
    const bigger = new Uint8Array(size);
    bigger.set(this.out.subarray(0, this.outPos));
    this.out = bigger;
    return bigger;
  }

  /** A stored block (§3.2.4): align, LEN, NLEN, then LEN raw bytes. */
  storedBlock(): void {
    const pad = this.bits & 7;
    this.drop(pad);
    // Return the whole bytes still in the bit buffer to the input.
    this.inPos -= this.bits >>> 3;
    this.hold = 0;
    this.bits = 0;
    const at = this.inPos;
    if (at + 4 > this.inEnd) throw new ZlibError('ZLIB_TRUNCATED', this.inEnd, 'input ends inside a stored block header');
    const data = this.data;
    const len = data[at]! | (data[at + 1]! << 8);
    const nlen = data[at + 2]! | (data[at + 3]! << 8);
    if (len !== (~nlen & 0xffff)) {
      throw new ZlibError('ZLIB_BAD_STORED_LENGTH', at,
        `stored block LEN 0x${len.toString(16)} is not the complement of NLEN 0x${nlen.toString(16)}`);
    }
    const from = at + 4;
    if (from + len > this.inEnd) throw new ZlibError('ZLIB_TRUNCATED', this.inEnd, 'input ends inside a stored block');
    if (this.outPos + len > this.out.length) this.grow(this.outPos + len, at * 8);
    this.out.set(data.subarray(from, from + len), this.outPos);
    this.outPos += len;
    this.inPos = from + len;
  }

  /**
   * Reads a dynamic block's code descriptions (§3.2.7) and fills the
   * literal/length and distance tables.
   */
  dynamicTables(litlen: Int32Array, dist: Int32Array, lengths: Uint8Array, clTable: Int32Array): void {
    const headerPos = this.bitPosition();
    const nlit = this.take(5) + 257;
    const ndist = this.take(5) + 1;
    const nclen = this.take(4) + 4;
    if (nlit > NUM_LITLEN_CODES || ndist > NUM_DIST_CODES) {
      throw this.error('ZLIB_BAD_CODE_LENGTHS', headerPos,
        `dynamic block declares ${nlit} literal/length and ${ndist} distance codes (at most 286 and 30)`);
    }
    const clLengths = new Uint8Array(19);
    for (let i = 0; i < nclen; i++) clLengths[CODE_LENGTH_ORDER[i]!] = this.take(3);
    const clPos = this.bitPosition();
    const clStatus = buildDecodeTable(clLengths, 0, 19, CODELEN_SYMBOLS, CODELEN_ROOT_BITS, clTable, false);
    if (clStatus === TABLE_EMPTY) {
      // zlib reads every code length as a 1-bit 0 here, so the block then
      // fails for lack of an end-of-block code (or for lack of input): do the same.
      clTable.fill(1, 0, CODELEN_TABLE_SIZE); // literal 0, 1 bit
    } else if (clStatus !== TABLE_OK) {
      throw this.error('ZLIB_BAD_CODE_LENGTHS', headerPos, `code-length code is ${describeTable(clStatus)}`);
    }

    const total = nlit + ndist;
    lengths.fill(0, 0, total);
    let i = 0;
    while (i < total) {
      const symPos = this.bitPosition();
      this.need(CODELEN_ROOT_BITS);
      const e = clTable[this.hold & CODELEN_MASK]!;
      this.drop(e & 15);
      const sym = e >>> 8;
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        repeat = 3 + this.take(2);
        if (i === 0) throw this.error('ZLIB_BAD_CODE_LENGTHS', symPos, 'code length repeat (16) with no previous length');
        value = lengths[i - 1]!;
      } else if (sym === 17) {
        repeat = 3 + this.take(3);
      } else {
        repeat = 11 + this.take(7);
      }
      if (i + repeat > total) {
        throw this.error('ZLIB_BAD_CODE_LENGTHS', symPos,
          `code length repeat runs past the ${total} lengths declared`);
      }
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) {
      throw this.error('ZLIB_BAD_CODE_LENGTHS', clPos, 'literal/length code has no end-of-block symbol');
    }
    const litStatus = buildDecodeTable(lengths, 0, nlit, LITLEN_SYMBOLS, LITLEN_ROOT_BITS, litlen, true);
    if (litStatus !== TABLE_OK) {
      throw this.error('ZLIB_BAD_CODE_LENGTHS', clPos, `literal/length code is ${describeTable(litStatus)}`);
    }
    const distStatus = buildDecodeTable(lengths, nlit, ndist, DIST_SYMBOLS, DIST_ROOT_BITS, dist, true);
    // No distance codes at all is fine for a block of literals (its table refuses every code).
    if (distStatus !== TABLE_OK && distStatus !== TABLE_EMPTY) {
      throw this.error('ZLIB_BAD_CODE_LENGTHS', clPos, `distance code is ${describeTable(distStatus)}`);
    }
  }
}

function describeTable(status: number): string {
  return status === TABLE_OVERSUBSCRIBED ? 'over-subscribed'
    : status === TABLE_INCOMPLETE ? 'incomplete'
      : 'empty';
}

/** Why {@link decodeSymbols} stopped. */
const STOP_END_OF_BLOCK = 0;
const STOP_NEED_ROOM = 1;
const STOP_TRUNCATED = 2;
const STOP_BAD_LITLEN = 3;
const STOP_BAD_DIST = 4;
const STOP_TOO_FAR = 5;

/**
 * Decodes Huffman-coded symbols until end-of-block (§3.2.5), growing the
 * output and turning stops into errors around {@link decodeSymbols}.
 */
function decodeHuffmanBlock(s: Inflater, litlen: Int32Array, dist: Int32Array): void {
  for (;;) {
    const stop = decodeSymbols(s, litlen, dist);
    if (stop === STOP_END_OF_BLOCK) return;
    if (stop === STOP_NEED_ROOM) {
      // The symbol is decoded but does not fit: grow, then write it here.
      const len = s.pendingLength;
      const out = s.grow(s.outPos + len, s.stopBit);
      let outPos = s.outPos;
      if (s.pendingDistance === 0) {
        out[outPos++] = s.pendingLiteral;
      } else {
        let from = outPos - s.pendingDistance;
        const end = outPos + len;
        while (outPos < end) out[outPos++] = out[from++]!;
      }
      s.outPos = outPos;
      continue;
    }
    if (stop === STOP_TRUNCATED) {
      throw new ZlibError('ZLIB_TRUNCATED', s.inEnd, 'compressed data ends in the middle of a block');
    }
    if (stop === STOP_BAD_LITLEN) throw s.error('ZLIB_INVALID_SYMBOL', s.stopBit, 'invalid literal/length code');
    if (stop === STOP_BAD_DIST) throw s.error('ZLIB_INVALID_SYMBOL', s.stopBit, 'invalid distance code');
    const distance = s.pendingDistance;
    const window = s.window;
    throw s.error('ZLIB_INVALID_DISTANCE', s.stopBit,
      `distance ${distance} reaches back past ${distance > s.outPos ? `the start of the output (${s.outPos} bytes written)` : `the ${window}-byte window`}`);
  }
}

/**
 * The hot loop: decodes symbols into the current output buffer until the
 * end of the block or a stop (no room, bad code, truncation). State lives in
 * locals; the loop calls nothing but native copies, so V8 keeps the buffers'
 * lengths and pointers in registers. The bit buffer is topped up two bytes
 * at a time and never holds more than 30 bits, so `>>` is a plain shift.
 */
function decodeSymbols(s: Inflater, litlen: Int32Array, dist: Int32Array): number {
  const data = s.data;
  const inEnd = s.inEnd;
  const fastEnd = inEnd - 1;
  const window = s.window;
  const out = s.out;
  const cap = out.length;
  let inPos = s.inPos;
  let hold = s.hold;
  let bits = s.bits;
  let outPos = s.outPos;
  let stop = STOP_TRUNCATED;
  let stopBits = 0; // bits of the offending item already consumed, to locate it

  for (;;) {
    if (bits < 15) {
      if (inPos < fastEnd) {
        hold |= (data[inPos]! | (data[inPos + 1]! << 8)) << bits;
      } else {
        if ((inPos - inEnd) * 8 > bits) break; // consumed padding: truncated
        hold |= (inPos < inEnd ? data[inPos]! : 0) << bits;
      }
      inPos += 2;
      bits += 16;
    }
    let e = litlen[hold & LITLEN_MASK]!;
    if (e < 0 && (e & KIND_LINK) === KIND_LINK) {
      e = litlen[((e >> 8) & 0xffff) + ((hold >> LITLEN_ROOT_BITS) & ((1 << ((e >> 4) & 15)) - 1))]!;
    }
    let n = e & 15;
    hold >>= n;
    bits -= n;
    if (e >= 0) {
      // A literal: the common case.
      if (outPos >= cap) {
        s.pendingLength = 1;
        s.pendingDistance = 0;
        s.pendingLiteral = e >>> 8;
        stop = STOP_NEED_ROOM;
        stopBits = n;
        break;
      }
      out[outPos++] = e >>> 8;
      continue;
    }
    if ((e & KIND_BASE) !== KIND_BASE) {
      stop = (e & KIND_END) === KIND_END ? STOP_END_OF_BLOCK : STOP_BAD_LITLEN;
      stopBits = n;
      break;
    }
    // A match: length extra bits, then the distance code and its extra bits.
    let len = (e >> 8) & 0xffff;
    let extra = (e >> 4) & 15;
    let used = n;
    if (extra !== 0) {
      if (bits < extra) {
        if (inPos < fastEnd) {
          hold |= (data[inPos]! | (data[inPos + 1]! << 8)) << bits;
        } else {
          if ((inPos - inEnd) * 8 > bits) break;
          hold |= (inPos < inEnd ? data[inPos]! : 0) << bits;
        }
        inPos += 2;
        bits += 16;
      }
      len += hold & ((1 << extra) - 1);
      hold >>= extra;
      bits -= extra;
    }
    if (bits < 15) {
      if (inPos < fastEnd) {
        hold |= (data[inPos]! | (data[inPos + 1]! << 8)) << bits;
      } else {
        if ((inPos - inEnd) * 8 > bits) break;
        hold |= (inPos < inEnd ? data[inPos]! : 0) << bits;
      }
      inPos += 2;
      bits += 16;
    }
    e = dist[hold & DIST_MASK]!;
    if ((e & KIND_LINK) === KIND_LINK) {
      e = dist[((e >> 8) & 0xffff) + ((hold >> DIST_ROOT_BITS) & ((1 << ((e >> 4) & 15)) - 1))]!;
    }
    n = e & 15;
    hold >>= n;
    bits -= n;
    if ((e & KIND_BASE) !== KIND_BASE) {
      stop = STOP_BAD_DIST;
      stopBits = n;
      break;
    }
    let distance = (e >> 8) & 0xffff;
    extra = (e >> 4) & 15;
    used = n + extra;
    if (extra !== 0) {
      if (bits < extra) {
        if (inPos < fastEnd) {
          hold |= (data[inPos]! | (data[inPos + 1]! << 8)) << bits;
        } else {
          if ((inPos - inEnd) * 8 > bits) break;
          hold |= (inPos < inEnd ? data[inPos]! : 0) << bits;
        }
        inPos += 2;
        bits += 16;
      }
      distance += hold & ((1 << extra) - 1);
      hold >>= extra;
      bits -= extra;
    }
    if (distance > outPos || distance > window) {
      s.pendingDistance = distance;
      stop = STOP_TOO_FAR;
      stopBits = used;
      break;
    }
    const end = outPos + len;
    if (end > cap) {
      s.pendingLength = len;
      s.pendingDistance = distance;
      stop = STOP_NEED_ROOM;
      break;
    }
    let from = outPos - distance;
    if (len > 16 && distance >= len) {
      // A long copy that does not overlap itself: one native memmove.
      out.copyWithin(outPos, from, from + len);
      outPos = end;
    } else if (len > 16 && distance === 1) {
      out.fill(out[from]!, outPos, end);
      outPos = end;
    } else {
      while (outPos < end) out[outPos++] = out[from++]!;
    }
  }
  s.inPos = inPos;
  s.hold = hold;
  s.bits = bits;
  s.outPos = outPos;
  s.stopBit = inPos * 8 - bits - stopBits;
  return stop;
}

/**
 * Decodes one raw DEFLATE stream starting at `data[start]`.
 * @param window largest back-reference distance allowed (from a zlib header; 32768 for raw data).
 * @throws ZlibError on any malformed, truncated or oversized stream.
 */
export function inflateStream(data: Uint8Array, start: number, window: number, opts?: InflateOptions): InflatedStream {
  const s = new Inflater(data, start, window, opts);
  let litlen: Int32Array | undefined;
  let dist: Int32Array | undefined;
  let lengths: Uint8Array | undefined;
  let clTable: Int32Array | undefined;
  let final = 0;
  if (start >= data.length) throw new ZlibError('ZLIB_TRUNCATED', data.length, 'no deflate data');
  do {
    const blockPos = s.bitPosition();
    final = s.take(1);
    const type = s.take(2);
    if (type === 0) {
      s.storedBlock();
    } else if (type === 1) {
      const fixed = getFixedTables();
      decodeHuffmanBlock(s, fixed.litlen, fixed.dist);
    } else if (type === 2) {
      if (litlen === undefined) {
        litlen = new Int32Array(LITLEN_TABLE_SIZE);
        dist = new Int32Array(DIST_TABLE_SIZE);
        lengths = new Uint8Array(NUM_LITLEN_CODES + NUM_DIST_CODES);
        clTable = new Int32Array(CODELEN_TABLE_SIZE);
      }
      s.dynamicTables(litlen, dist!, lengths!, clTable!);
      decodeHuffmanBlock(s, litlen, dist!);
    } else {
      throw s.error('ZLIB_BAD_BLOCK_TYPE', blockPos, 'block type 3 is reserved');
    }
    if (s.bitPosition() > s.inEnd * 8) {
      throw new ZlibError('ZLIB_TRUNCATED', s.inEnd, 'compressed data ends in the middle of a block');
    }
    s.trimPadding();
  } while (final === 0);

  // The stream ends at the next byte boundary.
  const end = s.inPos - (s.bits >>> 3);
  const out = s.out;
  const n = s.outPos;
  let output: Uint8Array;
  if (n === out.length) output = out;
  else if (opts?.out !== undefined || opts?.expectedLength !== undefined) output = out.subarray(0, n);
  else output = out.slice(0, n); // our own guess: hand back a buffer of exactly the right size
  return { output, end };
}

/**
 * Decompresses raw DEFLATE data (RFC 1951, no zlib header or checksum).
 * Bytes after the final block are ignored, as zlib does.
 * @param data the compressed bytes.
 * @param opts output sizing and limits; see {@link InflateOptions}.
 * @returns the decompressed bytes.
 * @throws ZlibError (ZLIB_TRUNCATED, ZLIB_BAD_BLOCK_TYPE, ZLIB_BAD_STORED_LENGTH,
 *   ZLIB_BAD_CODE_LENGTHS, ZLIB_INVALID_SYMBOL, ZLIB_INVALID_DISTANCE,
 *   ZLIB_OUTPUT_LIMIT, ZLIB_BAD_OPTION) with the input byte offset.
 * @example inflateRaw(deflateRaw(bytes)) // equals bytes
 */
export function inflateRaw(data: Uint8Array, opts?: InflateOptions): Uint8Array {
  return inflateStream(data, 0, MAX_DISTANCE, opts).output;
}
