import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { Tensor } from '../../src/index.js';
import { anyFloat32, expectF32, moderateFloat32, tensorArb, tensorPairArb } from './ref.js';

type OutMode = 'fresh' | 'out' | 'alias';
const outModeArb = fc.constantFrom<OutMode>('fresh', 'out', 'alias');

/** Runs `op` writing to a fresh tensor, a separate out, or in place over `a`; checks the returned tensor is that target. */
function runWithOut(mode: OutMode, a: Tensor, op: (out?: Tensor) => Tensor): Tensor {
  if (mode === 'fresh') {
    const r = op();
    expect(r).not.toBe(a);
    return r;
  }
  const target = mode === 'alias' ? a : new Tensor(new Float32Array(a.size).fill(123), a.shape);
  const r = op(target);
  expect(r).toBe(target);
  return r;
}

// Reference definitions in float64, written the obvious way.
const unaryRefs: [name: keyof typeof T, ref: (x: number) => number, ulps: number][] = [
  ['neg', (x) => -x, 0],
  ['abs', (x) => Math.abs(x), 0],
  ['sign', (x) => Math.sign(x), 0],
  ['sqrt', (x) => Math.sqrt(x), 0],
  ['rsqrt', (x) => 1 / Math.sqrt(x), 0],
  ['square', (x) => x * x, 0],
  ['exp', (x) => Math.exp(x), 0],
  ['expm1', (x) => Math.expm1(x), 0],
  ['log', (x) => Math.log(x), 0],
  ['log1p', (x) => Math.log1p(x), 0],
  ['sin', (x) => Math.sin(x), 0],
  ['cos', (x) => Math.cos(x), 0],
  ['tanh', (x) => Math.tanh(x), 0],
  ['sigmoid', (x) => 1 / (1 + Math.exp(-x)), 1],
  ['reciprocal', (x) => 1 / x, 0],
  ['relu', (x) => (Number.isNaN(x) ? NaN : Math.max(x, 0)), 0],
];

describe('unary ops match float64 references on any float32 input (±0, ±∞, NaN, subnormals)', () => {
  it.each(unaryRefs)('%s', (name, ref, ulps) => {
    const op = T[name] as (a: Tensor, out?: Tensor) => Tensor;
    fc.assert(fc.property(tensorArb(anyFloat32), outModeArb, (a, mode) => {
      const input = Float64Array.from(a.data);
      const r = runWithOut(mode, a, (out) => op(a, out));
      expect(r.shape).toEqual(a.shape);
      expectF32(r.data, input.map(ref), ulps, name);
    }), { numRuns: 200 });
  });

  it('sigmoid stays finite and saturates without overflow', () => {
    const r = T.sigmoid(T.tensor([-1000, -100, 0, 100, 1000, -Infinity, Infinity]));
    expect(Array.from(r.data)).toEqual([0, Math.fround(1 / (1 + Math.exp(100))), 0.5, 1, 1, 0, 1]);
  });

  it('clip clamps to [lo, hi] and keeps NaN', () => {
    fc.assert(fc.property(tensorArb(anyFloat32), moderateFloat32, moderateFloat32, outModeArb, (a, p, q, mode) => {
      const lo = Math.min(p, q), hi = Math.max(p, q);
      const input = Float64Array.from(a.data);
      const r = runWithOut(mode, a, (out) => T.clip(a, lo, hi, out));
      expectF32(r.data, input.map((x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, lo), hi))), 0, 'clip');
    }), { numRuns: 200 });
  });
});

const binaryRefs: [name: keyof typeof T, ref: (x: number, y: number) => number][] = [
  ['add', (x, y) => x + y],
  ['sub', (x, y) => x - y],
  ['mul', (x, y) => x * y],
  ['div', (x, y) => x / y],
  ['maximum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y)],
  ['minimum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y)],
  ['pow', (x, y) => Math.pow(x, y)],
];

describe('binary ops match float64 references', () => {
  it.each(binaryRefs)('%s', (name, ref) => {
    const op = T[name] as (a: Tensor, b: Tensor, out?: Tensor) => Tensor;
    fc.assert(fc.property(tensorPairArb(anyFloat32), fc.constantFrom<OutMode | 'aliasB'>('fresh', 'out', 'alias', 'aliasB'), ([a, b], mode) => {
      const x = Float64Array.from(a.data), y = Float64Array.from(b.data);
      const want = x.map((v, i) => ref(v, y[i]!));
      const r = mode === 'aliasB' ? op(a, b, b) : runWithOut(mode, a, (out) => op(a, b, out));
      if (mode === 'aliasB') expect(r).toBe(b);
      expectF32(r.data, want, 0, name);
    }), { numRuns: 200 });
  });
});

const scalarRefs: [name: keyof typeof T, ref: (x: number, s: number) => number][] = [
  ['addScalar', (x, s) => x + s],
  ['subScalar', (x, s) => x - s],
  ['mulScalar', (x, s) => x * s],
  ['divScalar', (x, s) => x / s],
  ['powScalar', (x, s) => Math.pow(x, s)],
];

describe('scalar ops match float64 references', () => {
  it.each(scalarRefs)('%s', (name, ref) => {
    const op = T[name] as (a: Tensor, s: number, out?: Tensor) => Tensor;
    const scalarArb = fc.oneof(fc.constantFrom(0, 1, 2, 0.5, -1, 3, -0.5), fc.double({ noNaN: false }));
    fc.assert(fc.property(tensorArb(anyFloat32), scalarArb, outModeArb, (a, s, mode) => {
      const x = Float64Array.from(a.data);
      const r = runWithOut(mode, a, (out) => op(a, s, out));
      // The scalar is used at float64, then the result rounded once.
      expectF32(r.data, x.map((v) => ref(v, s)), 0, name);
    }), { numRuns: 200 });
  });
});

describe('elementwise ops refuse bad arguments', () => {
  const a = T.zeros([2, 3]);
  const cases: [string, () => unknown, code: string, op: string, arg: string][] = [
    ['add shape', () => T.add(a, T.zeros([3, 2])), 'SHAPE_MISMATCH', 'add', 'b'],
    ['pow rank', () => T.pow(a, T.zeros([6])), 'SHAPE_MISMATCH', 'pow', 'b'],
    ['mul out', () => T.mul(a, a, T.zeros([2, 2])), 'SHAPE_MISMATCH', 'mul', 'out'],
    ['exp out', () => T.exp(a, T.zeros([3, 2])), 'SHAPE_MISMATCH', 'exp', 'out'],
    ['div not tensor', () => T.div(a, 2 as unknown as Tensor), 'SHAPE_TYPE', 'div', 'b'],
    ['relu not tensor', () => T.relu([1, 2] as unknown as Tensor), 'SHAPE_TYPE', 'relu', 'a'],
    ['addScalar not number', () => T.addScalar(a, a as unknown as number), 'SHAPE_TYPE', 'addScalar', 's'],
    ['clip lo', () => T.clip(a, '0' as unknown as number, 1), 'SHAPE_TYPE', 'clip', 'lo'],
  ];
  it.each(cases)('%s', (_name, call, code, op, arg) => {
    try {
      call();
      expect.fail('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(T.ShapeError);
      expect(e).toBeInstanceOf(T.PureKerasError);
      expect((e as T.ShapeError).code).toBe(code);
      expect((e as T.ShapeError).op).toBe(op);
      expect((e as T.ShapeError).arg).toBe(arg);
    }
  });

  it('names both shapes in the message', () => {
    expect(() => T.add(a, T.zeros([3, 2]))).toThrow('add: b has shape (3, 2) but a has shape (2, 3)');
  });
});
