/**
 * The encoder's Huffman construction: code lengths are optimal when no limit
 * bites (cost equal to a textbook Huffman merge), always within the limit,
 * and form a complete prefix code; canonical codes follow RFC 1951 §3.2.2.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCodeLengths, buildCodes } from '../../src/zlib/huffman-encode.js';

/** Cost (Σ freq·length) of an optimal unrestricted Huffman code, by repeated merging of the two smallest. */
function optimalCost(freqs: number[]): number {
  const live = freqs.filter((f) => f > 0).sort((a, b) => a - b);
  if (live.length < 2) return live.length === 1 ? live[0]! : 0;
  let cost = 0;
  while (live.length > 1) {
    const merged = live.shift()! + live.shift()!;
    cost += merged;
    let i = 0;
    while (i < live.length && live[i]! < merged) i++;
    live.splice(i, 0, merged);
  }
  return cost;
}

function kraft(lengths: Uint8Array): number {
  let sum = 0;
  for (const l of lengths) if (l) sum += 2 ** -l;
  return sum;
}

const freqsArb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 4 })),
  { minLength: 2, maxLength: 286 });

describe('buildCodeLengths', () => {
  it('is optimal when the limit does not bite, complete, and within 15 bits', () => {
    fc.assert(fc.property(freqsArb, (freqs) => {
      const n = freqs.length;
      const lengths = new Uint8Array(n);
      buildCodeLengths(Int32Array.from(freqs), n, 15, lengths);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
      expect(kraft(lengths)).toBe(1);
      for (let s = 0; s < n; s++) if (freqs[s]! > 0) expect(lengths[s]).toBeGreaterThan(0);
      const cost = freqs.reduce((acc, f, s) => acc + f * lengths[s]!, 0);
      const best = optimalCost(freqs);
      if (freqs.filter((f) => f > 0).length >= 2) expect(cost).toBeGreaterThanOrEqual(best);
      // Fibonacci-like frequencies can force codes past 15 bits; otherwise we must be optimal.
      const unrestricted = new Uint8Array(n);
      buildCodeLengths(Int32Array.from(freqs), n, 31, unrestricted);
      if (Math.max(...unrestricted) <= 15 && freqs.filter((f) => f > 0).length >= 2) expect(cost).toBe(best);
    }), { numRuns: 300 });
  });

  it('limits lengths (Fibonacci frequencies want 24-bit codes)', () => {
    const fib = [1, 1];
    while (fib.length < 25) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);
    for (const limit of [7, 15]) {
      const n = limit === 7 ? 19 : 25;
      const freqs = Int32Array.from(fib.slice(0, n));
      const lengths = new Uint8Array(n);
      buildCodeLengths(freqs, n, limit, lengths);
      expect(Math.max(...lengths)).toBe(limit);
      expect(kraft(lengths)).toBe(1);
      // More frequent symbols never get longer codes.
      for (let s = 1; s < n; s++) if (freqs[s]! > freqs[s - 1]!) expect(lengths[s]).toBeLessThanOrEqual(lengths[s - 1]!);
    }
  });

  it('gives two codes even when one symbol (or none) occurs', () => {
    const lengths = new Uint8Array(30);
    buildCodeLengths(new Int32Array(30), 30, 15, lengths);
    expect(Array.from(lengths.subarray(0, 3))).toEqual([1, 1, 0]);
    const one = new Int32Array(30);
    one[7] = 5;
    buildCodeLengths(one, 30, 15, lengths);
    expect([lengths[0], lengths[7], kraft(lengths)]).toEqual([1, 1, 1]);
  });
});

describe('buildCodes', () => {
  it('reproduces the RFC 1951 §3.2.2 example (ABCDEFGH with lengths 3,3,3,3,3,2,4,4)', () => {
    const lengths = Uint8Array.of(3, 3, 3, 3, 3, 2, 4, 4);
    const codes = new Uint16Array(8);
    buildCodes(lengths, 8, codes);
    // Codes are stored bit-reversed (for LSB-first output); read them back MSB first.
    const msbFirst = Array.from(codes, (c, s) => {
      let r = 0;
      for (let i = 0; i < lengths[s]!; i++) r = (r << 1) | ((c >>> i) & 1);
      return r.toString(2).padStart(lengths[s]!, '0');
    });
    expect(msbFirst).toEqual(['010', '011', '100', '101', '110', '00', '1110', '1111']);
  });
});
