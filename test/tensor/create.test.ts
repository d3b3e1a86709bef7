import { describe, expect, it } from 'vitest';
import { ShapeError, tensor, zeros } from '../../src/index.js';

describe('tensor creation', () => {
  it('infers shapes from nested arrays and round-trips toArray', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.reshape([3, -1]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('refuses ragged input and bad reshapes with a ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => zeros([2, 3]).reshape([4, 2])).toThrow(ShapeError);
    try {
      zeros([2, 3]).reshape([4, 2]);
    } catch (e) {
      expect((e as ShapeError).code).toBe('SHAPE_SIZE_MISMATCH');
      expect((e as ShapeError).op).toBe('reshape');
    }
  });
});

describe('random creators', () => {
  it('are reproducible with a seed and differ across seeds', async () => {
    const { randomUniform, randomNormal, truncatedNormal } = await import('../../src/index.js');
    for (const f of [randomUniform, randomNormal, truncatedNormal]) {
      expect(f([4, 5], { seed: 3 }).data).toEqual(f([4, 5], { seed: 3 }).data);
      expect(f([4, 5], { seed: 3 }).data).not.toEqual(f([4, 5], { seed: 4 }).data);
    }
  });

  it('draw from the documented distributions (100k samples)', async () => {
    const { randomUniform, randomNormal, truncatedNormal } = await import('../../src/index.js');
    const moments = (d: Float32Array): { mean: number; std: number; lo: number; hi: number } => {
      let s = 0, q = 0, lo = Infinity, hi = -Infinity;
      for (const v of d) { s += v; q += v * v; lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const mean = s / d.length;
      return { mean, std: Math.sqrt(q / d.length - mean * mean), lo, hi };
    };
    const u = moments(randomUniform([100_000], { seed: 1, minval: -1, maxval: 3 }).data);
    expect(u.mean).toBeCloseTo(1, 1);
    expect(u.std).toBeCloseTo(4 / Math.sqrt(12), 2);
    expect(u.lo).toBeGreaterThanOrEqual(-1);
    expect(u.hi).toBeLessThan(3);
    const n = moments(randomNormal([100_000], { seed: 2, mean: 5, stddev: 2 }).data);
    expect(n.mean).toBeCloseTo(5, 1);
    expect(n.std).toBeCloseTo(2, 1);
    // A normal truncated at ±2σ has standard deviation ≈ 0.8796σ.
    const t = moments(truncatedNormal([100_000], { seed: 3, stddev: 1 }).data);
    expect(t.lo).toBeGreaterThanOrEqual(-2);
    expect(t.hi).toBeLessThanOrEqual(2);
    expect(t.std).toBeCloseTo(0.8796, 2);
    // Keras's defaults: RandomUniform(-0.05, 0.05), RandomNormal(0, 0.05).
    const d = moments(randomUniform([10_000], { seed: 4 }).data);
    expect(d.lo).toBeGreaterThanOrEqual(-0.05);
    expect(d.hi).toBeLessThan(0.05);
  });
});
