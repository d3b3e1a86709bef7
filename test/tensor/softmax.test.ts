import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { Tensor } from '../../src/index.js';
import { expectF32, expectWithin, nonScalarShapeArb, numericGradient, randomTensor, sizeOf, weightedSum } from './ref.js';

/** Float64 softmax / log-softmax along `axis`, the textbook way (max-shifted). */
function refSoftmax(a: Tensor, axis: number, log: boolean): Float64Array {
  const ax = axis < 0 ? axis + a.rank : axis;
  let outer = 1, inner = 1;
  for (let d = 0; d < ax; d++) outer *= a.shape[d]!;
  for (let d = ax + 1; d < a.rank; d++) inner *= a.shape[d]!;
  const len = a.shape[ax]!;
  const out = new Float64Array(a.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (r: number): number => (o * len + r) * inner + i;
      let m = -Infinity;
      for (let r = 0; r < len; r++) m = Math.max(m, a.data[at(r)]!);
      let s = 0;
      for (let r = 0; r < len; r++) s += Math.exp(a.data[at(r)]! - m);
      for (let r = 0; r < len; r++) {
        const v = a.data[at(r)]! - m;
        out[at(r)] = log ? v - Math.log(s) : Math.exp(v) / s;
      }
    }
  }
  return out;
}

const logitsArb = nonScalarShapeArb.chain((shape) => fc.tuple(
  fc.array(fc.float({ min: -30, max: 30, noNaN: true }), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((v) => new Tensor(Float32Array.from(v), shape)),
  fc.integer({ min: -shape.length, max: shape.length - 1 }),
));

describe('softmax and logSoftmax match float64 references', () => {
  it('softmax, any axis', () => {
    fc.assert(fc.property(logitsArb, fc.boolean(), ([a, axis], inPlace) => {
      const want = refSoftmax(a, axis, false);
      // In place works on a copy: fast-check may reuse `a` while shrinking.
      const b = a.clone();
      const got = inPlace ? T.softmax(b, axis, b) : T.softmax(a, axis);
      expectF32(got.data, want, 1, 'softmax', 1e-37);
    }), { numRuns: 300 });
  });

  it('logSoftmax, any axis', () => {
    fc.assert(fc.property(logitsArb, fc.boolean(), ([a, axis], inPlace) => {
      const want = refSoftmax(a, axis, true);
      const b = a.clone();
      const got = inPlace ? T.logSoftmax(b, axis, b) : T.logSoftmax(a, axis);
      expectF32(got.data, want, 1, 'logSoftmax');
    }), { numRuns: 300 });
  });

  it('does not overflow on huge logits and sums to 1', () => {
    const a = T.tensor([[1e30, 0, -1e30], [88, 89, 90], [-1e4, -1e4, -1e4]]);
    const s = T.softmax(a);
    expect(Array.from(s.data.subarray(0, 3))).toEqual([1, 0, 0]);
    for (let r = 0; r < 3; r++) expect(s.data[r * 3]! + s.data[r * 3 + 1]! + s.data[r * 3 + 2]!).toBeCloseTo(1, 6);
    const l = T.logSoftmax(a);
    expect(l.data[0]).toBe(0);
    expect(l.data[2]).toBe(-2e30 === Math.fround(-2e30) ? -2e30 : Math.fround(-2e30));
    expect(l.data.every(Number.isFinite)).toBe(true);
  });

  it('treats an all −∞ row as Keras does (NaN for softmax)', () => {
    const s = T.softmax(T.tensor([[-Infinity, -Infinity]]));
    expect(Number.isNaN(s.data[0]!)).toBe(true);
  });
});

describe('softmax/logSoftmax backward, checked by finite differences', () => {
  const shapes: [number[], number][] = [[[3, 5], -1], [[4, 3, 2], 1], [[2, 3, 4], 0], [[6], 0], [[2, 1], -1]];
  it.each(shapes)('softmaxBackward on %j axis %i', (shape, axis) => {
    const x = randomTensor(shape, 61, 2), w = randomTensor(shape, 62);
    const loss = (): number => weightedSum(w, T.softmax(x, axis));
    const dx = T.softmaxBackward(T.softmax(x, axis), w, axis);
    expectWithin(dx.data, numericGradient(x, loss, 1e-2), 3e-3, 'softmax dx');
  });

  it.each(shapes)('logSoftmaxBackward on %j axis %i', (shape, axis) => {
    const x = randomTensor(shape, 71, 2), w = randomTensor(shape, 72);
    const loss = (): number => weightedSum(w, T.logSoftmax(x, axis));
    const dx = T.logSoftmaxBackward(T.logSoftmax(x, axis), w, axis);
    expectWithin(dx.data, numericGradient(x, loss, 1e-2), 3e-3, 'logSoftmax dx');
  });

  it('matches the float64 Jacobian-vector product on random shapes, also in place', () => {
    fc.assert(fc.property(logitsArb, fc.constantFrom('fresh', 'y', 'dy'), ([a, axis], where) => {
      const y = T.softmax(a, axis);
      const dy = randomTensor(a.shape, 5);
      const ld = T.logSoftmax(a, axis);
      // Reference: dx_i = y_i (dy_i − Σ_j dy_j y_j) and dx_i = dy_i − e^{y_i} Σ_j dy_j, in float64 from the same y.
      const sumAlong = (v: Float64Array): Float64Array => {
        const ax = axis < 0 ? axis + a.rank : axis;
        let outer = 1, inner = 1;
        for (let d = 0; d < ax; d++) outer *= a.shape[d]!;
        for (let d = ax + 1; d < a.rank; d++) inner *= a.shape[d]!;
        const len = a.shape[ax]!;
        const out = new Float64Array(v.length);
        for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
          let s = 0;
          for (let r = 0; r < len; r++) s += v[(o * len + r) * inner + i]!;
          for (let r = 0; r < len; r++) out[(o * len + r) * inner + i] = s;
        }
        return out;
      };
      const Y = Float64Array.from(y.data), D = Float64Array.from(dy.data), L = Float64Array.from(ld.data);
      const sYD = sumAlong(Y.map((v, i) => v * D[i]!));
      const sD = sumAlong(D);
      const wantS = Y.map((v, i) => v * (D[i]! - sYD[i]!));
      const wantL = D.map((v, i) => v - Math.exp(L[i]!) * sD[i]!);
      const outS = where === 'y' ? y : where === 'dy' ? dy.clone() : undefined;
      expectF32(T.softmaxBackward(y.clone(), dy, axis, outS).data, wantS, 1, 'softmaxBackward', 1e-6);
      const outL = where === 'y' ? ld : where === 'dy' ? dy.clone() : undefined;
      expectF32(T.logSoftmaxBackward(ld.clone(), dy, axis, outL).data, wantL, 1, 'logSoftmaxBackward', 1e-6);
    }), { numRuns: 200 });
  });
});

describe('softmax refuses bad arguments', () => {
  const a = T.zeros([2, 3]);
  const cases: [string, () => unknown, code: string, op: string, arg: string][] = [
    ['scalar', () => T.softmax(T.tensor(1)), 'SHAPE_RANK', 'softmax', 'a'],
    ['axis', () => T.logSoftmax(a, 2), 'SHAPE_AXIS', 'logSoftmax', 'axis'],
    ['out', () => T.softmax(a, -1, T.zeros([3, 2])), 'SHAPE_MISMATCH', 'softmax', 'out'],
    ['dy shape', () => T.softmaxBackward(a, T.zeros([3, 2])), 'SHAPE_MISMATCH', 'softmaxBackward', 'dy'],
    ['backward axis', () => T.logSoftmaxBackward(a, a, -3), 'SHAPE_AXIS', 'logSoftmaxBackward', 'axis'],
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
