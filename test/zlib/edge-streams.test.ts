/**
 * Hand-made streams for each rule of RFC 1950/1951 the decoder enforces.
 * Every stream is also given to zlib (node:zlib): valid ones must decode to
 * the same bytes, invalid ones must fail in zlib with the matching message,
 * and ours must fail with the expected code at the offset of the offending
 * item (taken from where the stream builder wrote it).
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, deflate, inflate, inflateRaw, ZlibError } from '../../src/zlib/index.js';
import { BitSink, dynamicHeader, fixedLitLen } from './bit-sink.js';

/** Asserts our raw decoder fails with `code` at `offset`, and zlib fails with `message`. */
function rejectsRaw(bytes: Uint8Array, code: string, offset: number, message: RegExp): void {
  expect(() => zlib.inflateRawSync(bytes)).toThrow(message);
  let error: unknown;
  try {
    inflateRaw(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ZlibError);
  expect({ code: (error as ZlibError).code, offset: (error as ZlibError).offset }).toEqual({ code, offset });
}

/** Asserts our zlib decoder fails with `code` at `offset`, and zlib fails with `message`. */
function rejectsZlib(bytes: Uint8Array, code: string, offset: number, message: RegExp): void {
  expect(() => zlib.inflateSync(bytes)).toThrow(message);
  let error: unknown;
  try {
    inflate(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ZlibError);
  expect({ code: (error as ZlibError).code, offset: (error as ZlibError).offset }).toEqual({ code, offset });
}

/** Asserts both decoders return `expected` (a string of latin-1 bytes). */
function decodesRaw(bytes: Uint8Array, expected: string): void {
  const want = Buffer.from(expected, 'latin1');
  expect(Buffer.from(zlib.inflateRawSync(bytes)).equals(want)).toBe(true);
  expect(Buffer.from(inflateRaw(bytes)).equals(want)).toBe(true);
}

/** Code-length code giving all 19 symbols a code: 0..12 → 4 bits, 13..18 → 5 bits (complete). */
const CL_ALL = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5];
/** Bit offset where the code-length symbols start when all 19 CL lengths are sent. */
const CL_SYMBOLS_BIT = 3 + 14 + 19 * 3;

/**
 * Code lengths for literal/length 0..257: 'A' → 1, 256 → 2, 257 → 2
 * (codes 'A' = 0, EOB = 10, len3 = 11), as code-length items.
 */
const LITLEN_A_EOB_LEN3: (number | [number, number])[] = [[18, 65 - 11], 1, [18, 138 - 11], [18, 52 - 11], 2, 2];

describe('stored blocks (§3.2.4)', () => {
  it('empty input is truncated', () => {
    rejectsRaw(new Uint8Array(0), 'ZLIB_TRUNCATED', 0, /unexpected end of file/);
    rejectsZlib(new Uint8Array(0), 'ZLIB_TRUNCATED', 0, /unexpected end of file/);
  });

  it('a zero-length final stored block is an empty stream', () => {
    decodesRaw(Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff), '');
  });

  it('zero-length stored blocks between real blocks (sync-flush markers)', () => {
    const s = new BitSink().bits(0, 1).bits(0, 2).raw(0, 0, 0xff, 0xff)
      .bits(0, 1).bits(0, 2).raw(2, 0, 0xfd, 0xff, 0x68, 0x69)
      .bits(0, 1).bits(0, 2).raw(0, 0, 0xff, 0xff);
    s.bits(1, 1).bits(1, 2).code(...fixedLitLen(0x21)).code(...fixedLitLen(256));
    decodesRaw(s.done(), 'hi!');
  });

  it('LEN that is not the complement of NLEN', () => {
    rejectsRaw(Uint8Array.of(0x01, 0x05, 0x00, 0xfb, 0xff, 1, 2, 3, 4, 5), 'ZLIB_BAD_STORED_LENGTH', 1, /invalid stored block lengths/);
  });

  it('input ends inside the LEN/NLEN header or the payload', () => {
    rejectsRaw(Uint8Array.of(0x01, 0x05, 0x00), 'ZLIB_TRUNCATED', 3, /unexpected end of file/);
    rejectsRaw(Uint8Array.of(0x01, 0x05, 0x00, 0xfa, 0xff, 0x61, 0x62), 'ZLIB_TRUNCATED', 7, /unexpected end of file/);
  });

  it('bytes after the final block are ignored, as zlib does', () => {
    decodesRaw(Uint8Array.of(0x01, 0x02, 0x00, 0xfd, 0xff, 0x68, 0x69, 0xde, 0xad), 'hi');
  });
});

describe('block headers', () => {
  it('block type 3 is refused where it appears', () => {
    rejectsRaw(Uint8Array.of(0x07), 'ZLIB_BAD_BLOCK_TYPE', 0, /invalid block type/);
    // After an empty non-final stored block.
    rejectsRaw(Uint8Array.of(0x00, 0x00, 0x00, 0xff, 0xff, 0x07), 'ZLIB_BAD_BLOCK_TYPE', 5, /invalid block type/);
  });

  it('a stream whose last block is not final is truncated', () => {
    rejectsRaw(Uint8Array.of(0x00, 0x00, 0x00, 0xff, 0xff), 'ZLIB_TRUNCATED', 5, /unexpected end of file/);
  });
});

describe('fixed Huffman blocks (§3.2.6)', () => {
  it('decodes literals, an overlapping match, and end-of-block', () => {
    // "ab" then length 7 at distance 2: "ababababa"
    const s = new BitSink().bits(1, 1).bits(1, 2)
      .code(...fixedLitLen(0x61)).code(...fixedLitLen(0x62))
      .code(...fixedLitLen(261)).code(1, 5) // length 7, distance code 1 = distance 2
      .code(...fixedLitLen(256));
    decodesRaw(s.done(), 'ababababa');
  });

  it('a distance before the start of the output', () => {
    const s = new BitSink().bits(1, 1).bits(1, 2).code(...fixedLitLen(257));
    const at = s.bitLength >>> 3;
    s.code(0, 5).code(...fixedLitLen(256));
    rejectsRaw(s.done(), 'ZLIB_INVALID_DISTANCE', at, /invalid distance too far back/);

    const t = new BitSink().bits(1, 1).bits(1, 2).code(...fixedLitLen(0x61)).code(...fixedLitLen(257));
    const at2 = t.bitLength >>> 3;
    t.code(1, 5).code(...fixedLitLen(256)); // distance 2 after one byte
    rejectsRaw(t.done(), 'ZLIB_INVALID_DISTANCE', at2, /invalid distance too far back/);
  });

  it('literal/length codes 286 and 287 are invalid', () => {
    for (const sym of [286, 287]) {
      const s = new BitSink().bits(1, 1).bits(1, 2).code(...fixedLitLen(0x61));
      const at = s.bitLength >>> 3;
      s.code(...fixedLitLen(sym)).code(0, 16);
      rejectsRaw(s.done(), 'ZLIB_INVALID_SYMBOL', at, /invalid literal\/length code/);
    }
  });

  it('distance codes 30 and 31 are invalid', () => {
    for (const dist of [30, 31]) {
      const s = new BitSink().bits(1, 1).bits(1, 2).code(...fixedLitLen(0x61)).code(...fixedLitLen(257));
      const at = s.bitLength >>> 3;
      s.code(dist, 5).code(0, 16);
      rejectsRaw(s.done(), 'ZLIB_INVALID_SYMBOL', at, /invalid distance code/);
    }
  });

  it('input ending before end-of-block, also inside a code or its extra bits', () => {
    const s = new BitSink().bits(1, 1).bits(1, 2).code(...fixedLitLen(0x61)).done();
    rejectsRaw(s, 'ZLIB_TRUNCATED', s.length, /unexpected end of file/);
    // Streams that end exactly where a length's or a distance's extra bits should start.
    const lenCut = new BitSink().bits(1, 1).bits(1, 2);
    for (let i = 0; i < 6; i++) lenCut.code(...fixedLitLen(0xff)); // 9-bit literals: 3 + 54 + 7 = 64 bits
    lenCut.code(...fixedLitLen(265));
    expect(lenCut.bitLength).toBe(64);
    rejectsRaw(lenCut.done(), 'ZLIB_TRUNCATED', 8, /unexpected end of file/);
    const distCut = new BitSink().bits(1, 1).bits(1, 2);
    for (let i = 0; i < 9; i++) distCut.code(...fixedLitLen(0xff)); // 3 + 81 + 7 + 5 = 96 bits
    distCut.code(...fixedLitLen(257)).code(4, 5);
    expect(distCut.bitLength).toBe(96);
    rejectsRaw(distCut.done(), 'ZLIB_TRUNCATED', 12, /unexpected end of file/);
  });

  it('the longest match (258) at the largest distance (32768)', () => {
    const s = new BitSink().bits(0, 1).bits(0, 2);
    const block = new Uint8Array(32768);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7 + (i >> 8)) & 255;
    s.raw(0x00, 0x80, 0xff, 0x7f, ...block);
    s.bits(1, 1).bits(1, 2).code(...fixedLitLen(285)).code(29, 5).bits(32768 - 24577, 13).code(...fixedLitLen(256));
    const bytes = s.done();
    const want = Buffer.concat([Buffer.from(block), Buffer.from(block.subarray(0, 258))]);
    expect(Buffer.from(zlib.inflateRawSync(bytes)).equals(want)).toBe(true);
    expect(Buffer.from(inflateRaw(bytes)).equals(want)).toBe(true);
  });
});

describe('dynamic Huffman blocks (§3.2.7)', () => {
  it('decodes a block with a single (incomplete) distance code', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, [...LITLEN_A_EOB_LEN3, 1]);
    s.code(0, 1).code(3, 2).code(0, 1).code(2, 2); // 'A', len 3, dist 1, EOB
    decodesRaw(s.done(), 'AAAA');
  });

  it('decodes a literal-only block with no distance codes at all', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, [...LITLEN_A_EOB_LEN3, 0]);
    s.code(0, 1).code(0, 1).code(2, 2);
    decodesRaw(s.done(), 'AA');
  });

  it('a repeat (16) may run from the literal/length lengths into the distance lengths', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 4, CL_ALL, [...LITLEN_A_EOB_LEN3, [16, 1]]);
    s.code(0, 1).code(3, 2).code(0, 2).code(2, 2);
    decodesRaw(s.done(), 'AAAA');
  });

  it('using the missing half of an incomplete distance code', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, [...LITLEN_A_EOB_LEN3, 1]);
    s.code(0, 1).code(3, 2);
    const at = s.bitLength >>> 3;
    s.code(1, 1).code(2, 2);
    rejectsRaw(s.done(), 'ZLIB_INVALID_SYMBOL', at, /invalid distance code/);
  });

  it('more than 286 literal/length or 30 distance codes', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 287, 1, CL_ALL, []);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', 0, /too many length or distance symbols/);
    const t = new BitSink();
    dynamicHeader(t, true, 258, 31, CL_ALL, []);
    rejectsRaw(t.done(), 'ZLIB_BAD_CODE_LENGTHS', 0, /too many length or distance symbols/);
  });

  it('an over-subscribed or incomplete code-length code', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, new Array(19).fill(1), []);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', 0, /invalid code lengths set/);
    // One code of length 1: fine for distances, never for the code-length code.
    const cl = new Array(19).fill(0);
    cl[0] = 1;
    const t = new BitSink();
    dynamicHeader(t, true, 258, 1, cl, []);
    rejectsRaw(t.done(), 'ZLIB_BAD_CODE_LENGTHS', 0, /invalid code lengths set/);
  });

  it('a repeat (16) with no previous length', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, [[16, 0], ...LITLEN_A_EOB_LEN3]);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', CL_SYMBOLS_BIT >>> 3, /invalid bit length repeat/);
  });

  it('a repeat running past the declared number of lengths', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, LITLEN_A_EOB_LEN3);
    const at = s.bitLength >>> 3;
    s.code(...clCode(18)).bits(0, 7); // 11 zeros where 1 length is left
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', at, /invalid bit length repeat/);
  });

  it('an over-subscribed or incomplete literal/length code', () => {
    const over = new BitSink();
    dynamicHeader(over, true, 258, 1, CL_ALL, [[18, 65 - 11], 1, [18, 138 - 11], [18, 52 - 11], 1, 1, 1]);
    rejectsRaw(over.done(), 'ZLIB_BAD_CODE_LENGTHS', CL_SYMBOLS_BIT >>> 3, /invalid literal\/lengths set/);
    const incomplete = new BitSink();
    dynamicHeader(incomplete, true, 258, 1, CL_ALL, [[18, 65 - 11], 2, [18, 138 - 11], [18, 52 - 11], 2, 2, 1]);
    rejectsRaw(incomplete.done(), 'ZLIB_BAD_CODE_LENGTHS', CL_SYMBOLS_BIT >>> 3, /invalid literal\/lengths set/);
  });

  it('an over-subscribed distance code', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 3, CL_ALL, [...LITLEN_A_EOB_LEN3, 1, 1, 1]);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', CL_SYMBOLS_BIT >>> 3, /invalid distances set/);
  });

  it('a literal/length code without end-of-block', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, CL_ALL, [[18, 65 - 11], 1, [18, 138 - 11], [18, 52 - 11], 0, 1, 1]);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', CL_SYMBOLS_BIT >>> 3, /missing end-of-block/);
  });

  it('an all-zero code-length code: refused for the missing end-of-block, as zlib does', () => {
    const s = new BitSink();
    dynamicHeader(s, true, 258, 1, [0, 0, 0, 0], []);
    s.bits(0, 259);
    rejectsRaw(s.done(), 'ZLIB_BAD_CODE_LENGTHS', (3 + 14 + 12) >>> 3, /missing end-of-block/);
  });
});

/** The code of code-length symbol `sym` under CL_ALL. */
function clCode(sym: number): [number, number] {
  // canonical: 0..12 get 4-bit codes 0000..1100, 13..18 get 5-bit codes 11010..11111
  return sym < 13 ? [sym, 4] : [0b11010 + sym - 13, 5];
}

describe('zlib container (RFC 1950)', () => {
  const body = Uint8Array.of(0x01, 0x02, 0x00, 0xfd, 0xff, 0x68, 0x69); // stored "hi"
  const hiSum = adler32(new TextEncoder().encode('hi'));
  function wrap(cmf: number, flg: number, trailer = hiSum): Uint8Array {
    return Uint8Array.from([cmf, flg, ...body, trailer >>> 24, (trailer >>> 16) & 255, (trailer >>> 8) & 255, trailer & 255]);
  }
  /** FLG with a valid FCHECK for `cmf` and the given upper bits. */
  function flg(cmf: number, upper: number): number {
    return upper | ((31 - (((cmf << 8) | upper) % 31)) % 31);
  }

  it('decodes a stream with a valid header and checksum', () => {
    const s = wrap(0x78, flg(0x78, 0x80));
    expect(Buffer.from(zlib.inflateSync(s)).toString()).toBe('hi');
    expect(new TextDecoder().decode(inflate(s))).toBe('hi');
  });

  it('refuses a method other than 8, a window over 32 KiB, and a bad FCHECK', () => {
    rejectsZlib(wrap(0x77, flg(0x77, 0x80)), 'ZLIB_BAD_HEADER', 0, /unknown compression method/);
    rejectsZlib(wrap(0x88, flg(0x88, 0x80)), 'ZLIB_BAD_HEADER', 0, /invalid window size/);
    rejectsZlib(wrap(0x78, flg(0x78, 0x80) ^ 1), 'ZLIB_BAD_HEADER', 1, /incorrect header check/);
  });

  it('refuses a preset dictionary (FDICT)', () => {
    rejectsZlib(wrap(0x78, flg(0x78, 0x80 | 0x20)), 'ZLIB_PRESET_DICTIONARY', 1, /Missing dictionary/);
    rejectsZlib(Uint8Array.of(0x78, flg(0x78, 0xa0), 0, 0), 'ZLIB_TRUNCATED', 4, /unexpected end of file/);
  });

  it('refuses a wrong Adler-32, and a missing or short trailer', () => {
    rejectsZlib(wrap(0x78, flg(0x78, 0x80), hiSum ^ 0x10000), 'ZLIB_BAD_CHECKSUM', 9, /incorrect data check/);
    const full = wrap(0x78, flg(0x78, 0x80));
    rejectsZlib(full.subarray(0, 9), 'ZLIB_TRUNCATED', 9, /unexpected end of file/);
    rejectsZlib(full.subarray(0, 12), 'ZLIB_TRUNCATED', 12, /unexpected end of file/);
    rejectsZlib(full.subarray(0, 1), 'ZLIB_TRUNCATED', 1, /unexpected end of file/);
  });

  it('honours a window under 32 KiB declared in the header', () => {
    // CINFO 0 = 256-byte window: 300 stored bytes, then a match at distance 300.
    const s = new BitSink().bits(0, 1).bits(0, 2);
    s.raw(300 & 255, 300 >> 8, ~300 & 255, (~300 >> 8) & 255, ...new Uint8Array(300).fill(0x41));
    s.bits(1, 1).bits(1, 2).code(...fixedLitLen(257));
    const at = 2 + (s.bitLength >>> 3);
    s.code(16, 5).bits(300 - 257, 7).code(...fixedLitLen(256));
    const raw = s.done();
    const bytes = Uint8Array.from([0x08, flg(0x08, 0), ...raw, 0, 0, 0, 0]);
    expect(() => inflate(bytes)).toThrow(expect.objectContaining({ code: 'ZLIB_INVALID_DISTANCE', offset: at }));
    // The same match is fine in a 32 KiB window (checksum aside).
    expect(() => inflate(Uint8Array.from([0x78, flg(0x78, 0), ...raw, 0, 0, 0, 0])))
      .toThrow(expect.objectContaining({ code: 'ZLIB_BAD_CHECKSUM' }));
  });

  it('deflate output round-trips through zlib for the empty and 1-byte inputs', () => {
    for (const input of [new Uint8Array(0), Uint8Array.of(0xff)]) {
      for (let level = 0; level <= 9; level++) {
        const ours = deflate(input, { level });
        expect(Array.from(zlib.inflateSync(ours))).toEqual(Array.from(input));
        expect(Array.from(inflate(ours))).toEqual(Array.from(input));
      }
    }
  });
});
