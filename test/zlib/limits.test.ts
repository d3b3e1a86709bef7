/**
 * Output sizing and limits: maxOutputLength, expectedLength, out, and option
 * validation. Compressed inputs come from node:zlib.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_OUTPUT_LENGTH, deflate, deflateRaw, inflate, inflateRaw, ZlibError,
} from '../../src/zlib/index.js';
import { floatWeights, sameBytes, textLike } from './corpus.js';

function errorOf(fn: () => unknown): ZlibError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ZlibError);
    return e as ZlibError;
  }
  throw new Error('expected a ZlibError');
}

describe('maxOutputLength', () => {
  // 16 MiB of zeros deflates to ~16 KiB: a small decompression bomb.
  const bomb = new Uint8Array(zlib.deflateSync(new Uint8Array(16 << 20), { level: 9 }));

  it('refuses output beyond the limit, before allocating for it', () => {
    const e = errorOf(() => inflate(bomb, { maxOutputLength: 1 << 20 }));
    expect(e.code).toBe('ZLIB_OUTPUT_LIMIT');
    expect(e.offset).toBeGreaterThan(0);
    expect(e.offset).toBeLessThan(bomb.length);
  });

  it('accepts output of exactly the limit, refuses one byte less', () => {
    const input = textLike(50_000);
    const packed = new Uint8Array(zlib.deflateSync(input));
    expect(sameBytes(inflate(packed, { maxOutputLength: input.length }), input)).toBe(true);
    expect(errorOf(() => inflate(packed, { maxOutputLength: input.length - 1 })).code).toBe('ZLIB_OUTPUT_LIMIT');
    // Stored data counts too.
    const stored = new Uint8Array(zlib.deflateRawSync(input, { level: 0 }));
    expect(errorOf(() => inflateRaw(stored, { maxOutputLength: 1000 })).code).toBe('ZLIB_OUTPUT_LIMIT');
  });

  it('defaults to 1 GiB', () => {
    expect(DEFAULT_MAX_OUTPUT_LENGTH).toBe(1 << 30);
    expect(inflate(bomb).length).toBe(16 << 20);
  });
});

describe('expectedLength and out', () => {
  const input = floatWeights(10_000);
  const packed = new Uint8Array(zlib.deflateSync(input));

  it('expectedLength equal to the output: one exact allocation', () => {
    const out = inflate(packed, { expectedLength: input.length });
    expect(sameBytes(out, input)).toBe(true);
    expect(out.buffer.byteLength).toBe(input.length);
  });

  it('expectedLength wrong either way still decodes the stream', () => {
    expect(sameBytes(inflate(packed, { expectedLength: input.length + 100 }), input)).toBe(true);
    expect(sameBytes(inflate(packed, { expectedLength: 10 }), input)).toBe(true);
    expect(sameBytes(inflate(packed, { expectedLength: 0 }), input)).toBe(true);
  });

  it('without a hint, the result is a tight copy', () => {
    const out = inflate(packed);
    expect(out.buffer.byteLength).toBe(input.length);
  });

  it('out: decodes in place and returns a view of it', () => {
    const buf = new Uint8Array(input.length + 7);
    const out = inflate(packed, { out: buf });
    expect(out.buffer).toBe(buf.buffer);
    expect(out.length).toBe(input.length);
    expect(sameBytes(out, input)).toBe(true);
  });

  it('out too small, or maxOutputLength below it: ZLIB_OUTPUT_LIMIT', () => {
    expect(errorOf(() => inflate(packed, { out: new Uint8Array(input.length - 1) })).code).toBe('ZLIB_OUTPUT_LIMIT');
    const big = new Uint8Array(input.length * 2);
    expect(errorOf(() => inflate(packed, { out: big, maxOutputLength: input.length - 1 })).code).toBe('ZLIB_OUTPUT_LIMIT');
    expect(inflate(packed, { out: big, maxOutputLength: input.length }).length).toBe(input.length);
  });
});

describe('option validation', () => {
  const packed = deflate(Uint8Array.of(1, 2, 3));

  it('bad lengths are ZLIB_BAD_OPTION with offset -1', () => {
    for (const opts of [{ maxOutputLength: -1 }, { maxOutputLength: 1.5 }, { maxOutputLength: Number.NaN },
      { expectedLength: -3 }, { expectedLength: 100, maxOutputLength: 10 }]) {
      const e = errorOf(() => inflate(packed, opts));
      expect([e.code, e.offset]).toEqual(['ZLIB_BAD_OPTION', -1]);
    }
  });

  it('levels outside 0..9 are ZLIB_BAD_OPTION', () => {
    for (const level of [-1, 10, 2.5, Number.NaN]) {
      expect(errorOf(() => deflate(Uint8Array.of(1), { level })).code).toBe('ZLIB_BAD_OPTION');
      expect(errorOf(() => deflateRaw(Uint8Array.of(1), { level })).code).toBe('ZLIB_BAD_OPTION');
    }
  });

  it('ZlibError is a PureKerasError with a stable name', async () => {
    const { PureKerasError } = await import('../../src/errors.js');
    const e = errorOf(() => inflate(Uint8Array.of(0x78)));
    expect(e).toBeInstanceOf(PureKerasError);
    expect(e.name).toBe('ZlibError');
    expect(e.message).toMatch(/at input byte 1/);
  });
});
