import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { Tensor } from '../../src/index.js';
import {
  anyFloat32, expectF32, expectWithin, moderateFloat32, nonScalarShapeArb, numericGradient, randomTensor, shapeArb, sizeOf, tensorArb, weightedSum,
} from './ref.js';

/** Index of element `coords` in a row-major `shape`. */
function flatIndex(shape: readonly number[], coords: readonly number[]): number {
  let idx = 0;
  for (let d = 0; d < shape.length; d++) idx = idx * shape[d]! + coords[d]!;
  return idx;
}

/** Every coordinate tuple of `shape`, in row-major order. */
function* allCoords(shape: readonly number[]): Generator<number[]> {
  if (sizeOf(shape) === 0) return;
  const c = shape.map(() => 0);
  for (;;) {
    yield c.slice();
    let d = shape.length - 1;
    while (d >= 0 && ++c[d]! === shape[d]!) c[d--] = 0;
    if (d < 0) return;
  }
}

/** Reference reduction over one axis (or all when axis is undefined), float64. */
function refReduce(a: Tensor, axis: number | undefined, f: (vals: number[]) => number): { shape: number[]; data: number[] } {
  if (axis === undefined) return { shape: [], data: [f(Array.from(a.data))] };
  const ax = axis < 0 ? axis + a.rank : axis;
  const outShape = a.shape.filter((_, d) => d !== ax);
  const data: number[] = [];
  for (const oc of allCoords(outShape)) {
    const vals: number[] = [];
    for (let r = 0; r < a.shape[ax]!; r++) {
      const c = oc.slice();
      c.splice(ax, 0, r);
      vals.push(a.data[flatIndex(a.shape, c)]!);
    }
    data.push(f(vals));
  }
  return { shape: outShape, data };
}

const refs: [name: 'sum' | 'mean' | 'max' | 'min', f: (v: number[]) => number, ulps: number][] = [
  ['sum', (v) => v.reduce((s, x) => s + x, 0), 0],
  ['mean', (v) => v.reduce((s, x) => s + x, 0) / v.length, 0],
  ['max', (v) => (v.some(Number.isNaN) ? NaN : v.reduce((m, x) => (x > m ? x : m), -Infinity)), 0],
  ['min', (v) => (v.some(Number.isNaN) ? NaN : v.reduce((m, x) => (x < m ? x : m), Infinity)), 0],
];

/** A tensor plus an axis valid for it (or undefined), possibly negative. */
const tensorAxisArb = tensorArb(moderateFloat32, shapeArb).chain((a) =>
  fc.tuple(fc.constant(a), a.rank === 0 ? fc.constant(undefined) : fc.option(fc.integer({ min: -a.rank, max: a.rank - 1 }), { nil: undefined })));

describe('reductions match float64 references', () => {
  it.each(refs)('%s over an axis or all, with and without keepDims', (name, f, ulps) => {
    const op = T[name];
    fc.assert(fc.property(tensorAxisArb, fc.boolean(), ([a, axis], keepDims) => {
      const want = refReduce(a, axis, f);
      const got = op(a, axis, keepDims);
      const wantShape = keepDims
        ? a.shape.map((d, i) => (axis === undefined || i === (axis < 0 ? axis + a.rank : axis) ? 1 : d))
        : want.shape;
      expect(got.shape).toEqual(wantShape);
      // Sums run in float64 in the same order as the reference and are rounded once.
      expectF32(got.data, want.data, ulps, name);
    }), { numRuns: 300 });
  });

  it('max and min propagate NaN; empty reductions give the identities', () => {
    const t = T.tensor([[1, NaN, 3], [4, 5, 6]]);
    expect(Array.from(T.max(t, 1).data)).toEqual([NaN, 6]);
    expect(Array.from(T.min(t, 0).data)).toEqual([1, NaN, 3]);
    expect(T.max(t).data[0]).toBeNaN();
    const empty = T.zeros([0, 3]);
    expect(Array.from(T.sum(empty, 0).data)).toEqual([0, 0, 0]);
    expect(Array.from(T.max(empty, 0).data)).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(Array.from(T.min(empty).data)).toEqual([Infinity]);
    expect(T.mean(empty).data[0]).toBeNaN();
    expect(T.sum(empty, 1).shape).toEqual([0]);
  });

  it('writes into out', () => {
    const a = T.tensor([[1, 2], [3, 4]]);
    const out = T.zeros([1, 2]);
    expect(T.sum(a, 0, true, out)).toBe(out);
    expect(out.toArray()).toEqual([[4, 6]]);
  });

  it('sum accumulates in float64 (a million float32 0.1s)', () => {
    const a = T.fill([1_000_000], 0.1);
    expect(T.sum(a).data[0]).toBe(Math.fround(1_000_000 * Math.fround(0.1)));
  });
});

describe('argmax', () => {
  it('matches a reference on random tensors along any axis (first index wins ties)', () => {
    const arb = tensorArb(fc.integer({ min: -3, max: 3 }), nonScalarShapeArb).filter((a) => a.shape.every((d) => d > 0))
      .chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: -a.rank, max: a.rank - 1 })));
    fc.assert(fc.property(arb, ([a, axis]) => {
      const want = refReduce(a, axis, (v) => v.indexOf(Math.max(...v)));
      const got = T.argmax(a, axis);
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data)).toEqual(want.data);
    }), { numRuns: 300 });
  });

  it('defaults to the last axis and picks the first NaN', () => {
    expect(T.argmax(T.tensor([[1, 3, 2], [9, 0, 9]])).toArray()).toEqual([1, 0]);
    expect(T.argmax(T.tensor([1, NaN, 5, NaN])).toArray()).toEqual(1);
    expect(T.argmax(T.tensor([NaN, 7])).toArray()).toEqual(0);
  });
});

describe('sumSquares and norm', () => {
  it('match float64 references', () => {
    fc.assert(fc.property(tensorArb(moderateFloat32), (a) => {
      let s = 0;
      for (const v of a.data) s += v * v;
      expect(T.sumSquares(a)).toBeCloseTo(s, 6);
      expect(T.norm(a)).toBeCloseTo(Math.sqrt(s), 6);
    }), { numRuns: 200 });
    expect(T.norm(T.tensor([3, 4]))).toBe(5);
  });

  it('are infinite or NaN when the input is', () => {
    fc.assert(fc.property(tensorArb(anyFloat32), (a) => {
      const hasNaN = a.data.some(Number.isNaN);
      const s = T.sumSquares(a);
      if (hasNaN) expect(s).toBeNaN();
      else expect(s).toBeGreaterThanOrEqual(0);
    }), { numRuns: 100 });
  });
});

describe('reductions refuse bad arguments', () => {
  const a = T.zeros([2, 3]);
  const cases: [string, () => unknown, code: string, op: string, arg: string][] = [
    ['axis too large', () => T.sum(a, 2), 'SHAPE_AXIS', 'sum', 'axis'],
    ['axis too negative', () => T.mean(a, -3), 'SHAPE_AXIS', 'mean', 'axis'],
    ['axis not integer', () => T.max(a, 0.5), 'SHAPE_AXIS', 'max', 'axis'],
    ['out shape', () => T.min(a, 0, false, T.zeros([2])), 'SHAPE_MISMATCH', 'min', 'out'],
    ['argmax scalar', () => T.argmax(T.tensor(1)), 'SHAPE_RANK', 'argmax', 'a'],
    ['argmax empty axis', () => T.argmax(T.zeros([2, 0])), 'SHAPE_EMPTY', 'argmax', 'a'],
    ['argmax axis', () => T.argmax(a, 5), 'SHAPE_AXIS', 'argmax', 'axis'],
    ['sumSquares not tensor', () => T.sumSquares(null as unknown as Tensor), 'SHAPE_TYPE', 'sumSquares', 'a'],
  ];
  it.each(cases)('%s', (_name, call, code, op, arg) => {
    try {
      call();
      expect.fail('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(T.ShapeError);
      expect((e as T.ShapeError).code).toBe(code);
      expect((e as T.ShapeError).op).toBe(op);
      expect((e as T.ShapeError).arg).toBe(arg);
    }
  });
});

describe('reductions as used for gradients, checked by finite differences', () => {
  // L = Σ w ⊙ reduce(x, axis). Its gradient is w broadcast back along the axis
  // (sum), divided by the axis length (mean), or routed to the argmax (max).
  const cases: [number[], number][] = [[[4, 5], 0], [[4, 5], 1], [[3, 4, 2], 1], [[3, 4, 2], -1], [[7], 0]];
  it.each(cases)('sum, mean and max over %j axis %i', (shape, axis) => {
    const x = randomTensor(shape, 81, 3);
    const ax = axis < 0 ? axis + shape.length : axis;
    const outShape = shape.filter((_, d) => d !== ax);
    const w = randomTensor(outShape, 82);
    const len = shape[ax]!;
    const winner = T.argmax(x, axis);
    // Index of the reduced element that x[i] contributes to, and its position along the axis.
    const inner = shape.slice(ax + 1).reduce((p, d) => p * d, 1);
    const target = (i: number): { o: number; r: number } => {
      const outerIdx = Math.floor(i / (len * inner));
      const r = Math.floor(i / inner) % len;
      return { o: outerIdx * inner + (i % inner), r };
    };
    const want = { sum: new Float64Array(x.size), mean: new Float64Array(x.size), max: new Float64Array(x.size) };
    for (let i = 0; i < x.size; i++) {
      const { o, r } = target(i);
      want.sum[i] = w.data[o]!;
      want.mean[i] = w.data[o]! / len;
      want.max[i] = winner.data[o] === r ? w.data[o]! : 0;
    }
    for (const name of ['sum', 'mean', 'max'] as const) {
      const g = numericGradient(x, () => weightedSum(w, T[name](x, axis)), 1e-3);
      expectWithin(g, want[name], 5e-3, name);
    }
  });
});
