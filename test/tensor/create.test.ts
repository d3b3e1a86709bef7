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
