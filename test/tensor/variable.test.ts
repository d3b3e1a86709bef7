/** Variable: fixed shape, copy vs adopt on assign, and the unset state used by deferred builds. */
import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, Variable } from '../../src/tensor/index.js';

function shapeError(f: () => unknown): ShapeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ShapeError);
    return e as ShapeError;
  }
  return expect.fail('expected a ShapeError');
}

describe('Variable', () => {
  it('wraps its tensor without copying; shape and size come from it', () => {
    const t = new Tensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    const v = new Variable(t, 'kernel', { path: 'm/d/kernel', trainable: false });
    expect(v.value).toBe(t);
    expect(v.shape).toEqual([2, 3]);
    expect(v.size).toBe(6);
    expect(v.isSet).toBe(true);
    expect([v.name, v.path, v.trainable]).toEqual(['kernel', 'm/d/kernel', false]);
  });

  it('assign copies by default, into the same storage', () => {
    const v = new Variable(new Tensor(new Float32Array(3), [3]), 'b');
    const storage = v.value.data;
    const src = Float32Array.of(1.5, -2, 3);
    v.assign(src);
    src[0] = 99;
    expect(v.value.data).toBe(storage);
    expect(Array.from(v.value.data)).toEqual([1.5, -2, 3]);
    v.assign(new Tensor(Float32Array.of(7, 8, 9), [3]));
    expect(Array.from(storage)).toEqual([7, 8, 9]);
  });

  it('assign with adopt takes the array itself, even a view into a larger buffer', () => {
    const v = new Variable(new Tensor(new Float32Array(4), [2, 2]), 'k');
    const file = new Float32Array(10).map((_, i) => i);
    const view = file.subarray(3, 7);
    v.assign(view, { adopt: true });
    expect(v.value.data).toBe(view);
    expect(v.value.shape).toEqual([2, 2]);
    v.value.data[0] = -1;
    expect(file[3]).toBe(-1);
    const t = new Tensor(Float32Array.of(1, 2, 3, 4), [2, 2]);
    v.assign(t, { adopt: true });
    expect(v.value).toBe(t);
    // The value setter adopts too (and checks the shape).
    const u = new Tensor(Float32Array.of(5, 6, 7, 8), [2, 2]);
    v.value = u;
    expect(v.value).toBe(u);
  });

  it('refuses a different shape or length, naming the path', () => {
    const v = new Variable(new Tensor(new Float32Array(6), [2, 3]), 'kernel', { path: 'seq/dense/kernel' });
    for (const bad of [new Float32Array(5), new Tensor(new Float32Array(6), [3, 2]), new Tensor(new Float32Array(6), [6])]) {
      const e = shapeError(() => v.assign(bad));
      expect(e.code).toBe('SHAPE_MISMATCH');
      expect(e.arg).toBe('seq/dense/kernel');
      expect(shapeError(() => v.assign(bad, { adopt: true })).code).toBe('SHAPE_MISMATCH');
    }
    expect(shapeError(() => { v.value = new Tensor(new Float32Array(6), [1, 6]); }).code).toBe('SHAPE_MISMATCH');
    expect(shapeError(() => v.assign([1, 2, 3, 4, 5, 6] as never)).code).toBe('SHAPE_MISMATCH');
    expect(v.shape).toEqual([2, 3]);
  });

  it('Variable.unset has a shape and no storage until assigned', () => {
    const v = Variable.unset([3, 2], 'kernel', { path: 'seq/dense/kernel' });
    expect(v.isSet).toBe(false);
    expect(v.shape).toEqual([3, 2]);
    expect(v.size).toBe(6);
    expect(v.trainable).toBe(true);
    const e = shapeError(() => v.value);
    expect(e.code).toBe('VARIABLE_UNSET');
    expect(e.arg).toBe('seq/dense/kernel');
    const src = Float32Array.of(1, 2, 3, 4, 5, 6);
    v.assign(src);
    expect(v.isSet).toBe(true);
    expect(v.value.data).not.toBe(src);
    expect(Array.from(v.value.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(v.value.shape).toEqual([3, 2]);

    const w = Variable.unset([2], 'bias');
    const data = Float32Array.of(0.25, 0.5);
    w.assign(data, { adopt: true });
    expect(w.value.data).toBe(data);
  });

  it('Variable.unset refuses an invalid shape, and a large one costs no memory', () => {
    expect(shapeError(() => Variable.unset([2, -1], 'k')).code).toBe('SHAPE_INVALID');
    expect(shapeError(() => Variable.unset([1e6, 1e6], 'k')).code).toBe('SHAPE_TOO_LARGE');
    const big = Variable.unset([40000, 40000], 'k');
    expect(big.size).toBe(1.6e9);
    expect(big.isSet).toBe(false);
  });
});
