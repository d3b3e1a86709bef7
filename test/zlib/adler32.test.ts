/**
 * Adler-32 against zlib: the last four bytes of every zlib stream node:zlib
 * writes are the Adler-32 of its input, big-endian.
 */
import fc from 'fast-check';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32 } from '../../src/zlib/index.js';

function zlibAdler(data: Uint8Array): number {
  const z = zlib.deflateSync(data, { level: 0 });
  return z.readUInt32BE(z.length - 4);
}

describe('adler32', () => {
  it('matches the checksum zlib writes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20000 }), (data) => {
      expect(adler32(data)).toBe(zlibAdler(data));
    }), { numRuns: 200 });
  });

  it('the worst case for the running sums: long runs of 0xff', () => {
    for (const n of [1, 2800, 2801, 5552, 5553, 100_000, 1 << 20]) {
      const data = new Uint8Array(n).fill(0xff);
      expect(adler32(data)).toBe(zlibAdler(data));
    }
  });

  it('the published example and the empty input', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it('continues from a previous checksum', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 9000 }), fc.uint8Array({ maxLength: 9000 }), (a, b) => {
      const ab = new Uint8Array(a.length + b.length);
      ab.set(a);
      ab.set(b, a.length);
      expect(adler32(b, adler32(a))).toBe(zlibAdler(ab));
    }), { numRuns: 100 });
  });
});
