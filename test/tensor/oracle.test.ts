/**
 * The ops whose values are not just a JavaScript Math call, checked against
 * real oracles in one Python process: scipy in float64 (the truth) and
 * Keras 3's keras.ops in float32 (what a Keras user sees).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { erfAccurate, erfScalar } from '../../src/tensor/erf.js';
import { expectF32, randomTensor } from './ref.js';

interface SoftmaxCase { shape: number[]; axis: number; data: number[] }
interface OracleOut {
  keras_version: string;
  erf_f64: string; erf_keras: string; gelu_exact_keras: string; sigmoid_keras: string; tanh_keras: string;
  softmax: { softmax: string; log_softmax: string; softmax_f64: string; log_softmax_f64: string }[];
  matmul_f64: string; matmul_keras: string;
}

function f32(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
function f64(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

// Inputs: a dense grid over the interesting range of erf (every region of the
// implementation and the float32 saturation point near 3.92), values near 0,
// and random float32s.
const grid: number[] = [];
for (let i = -700; i <= 700; i++) grid.push(Math.fround(i / 100));
for (let e = -40; e <= 0; e++) grid.push(Math.fround(2 ** e), -Math.fround(2 ** e));
grid.push(0, 1e-30, -1e-30, 1.9999999, 2, 2.0000002, 3.9, 3.92, 3.93, 5.9999, 6, 10, 1e10, -1e10);
const randomX = fc.sample(fc.float({ min: -8, max: 8, noNaN: true }), { numRuns: 2000, seed: 42 });
const xs = Float32Array.from([...grid, ...randomX]);

const softmaxCases: SoftmaxCase[] = [
  { shape: [4, 7], axis: -1, data: Array.from(randomTensor([4, 7], 1, 3).data) },
  { shape: [3, 5, 2], axis: 1, data: Array.from(randomTensor([3, 5, 2], 2, 3).data) },
  { shape: [2, 3, 4], axis: 0, data: Array.from(randomTensor([2, 3, 4], 3, 3).data) },
  // Large logits: a naive exp would overflow.
  { shape: [2, 3], axis: -1, data: [1000, 999, -1000, -500, 80, 88.7] },
  { shape: [1, 10], axis: -1, data: Array.from(randomTensor([1, 10], 4, 60).data) },
];
const mmA = randomTensor([67, 300], 5), mmB = randomTensor([300, 31], 6);

const describeOracle = describe.skipIf(!oracle.python);

describeOracle('tensor ops against scipy (float64) and Keras (float32)', () => {
  let res: OracleOut;
  beforeAll(() => {
    res = runPython<OracleOut>(['test/tensor/oracle.py'], {
      x: Array.from(xs),
      softmax: softmaxCases,
      matmul: { a: Array.from(mmA.data), a_shape: mmA.shape, b: Array.from(mmB.data), b_shape: mmB.shape },
    });
    expect(res.keras_version).toMatch(/^3\./);
  });

  it('erf is within 1 float32 ulp of scipy.special.erf everywhere', () => {
    const got = T.erf(new T.Tensor(xs, [xs.length]));
    expectF32(got.data, f64(res.erf_f64), 1, 'erf');
  });

  it('erf agrees with keras.ops.erf (float32) to a few ulps', () => {
    const got = T.erf(new T.Tensor(xs, [xs.length]));
    expectF32(got.data, f32(res.erf_keras), 4, 'erf vs keras', 1e-7);
  });

  it('exact GELU built from erf matches keras.activations.gelu(approximate=False)', () => {
    const x = new T.Tensor(xs, [xs.length]);
    // 0.5·x·(1 + erf(x/√2)), each step in float32 as a layer would compose it.
    const g = T.mulScalar(T.mul(x, T.addScalar(T.erf(T.mulScalar(x, Math.SQRT1_2)), 1)), 0.5);
    expectF32(g.data, f32(res.gelu_exact_keras), 4, 'gelu', 1e-6);
  });

  it('sigmoid and tanh agree with keras.ops', () => {
    const x = new T.Tensor(xs, [xs.length]);
    expectF32(T.sigmoid(x).data, f32(res.sigmoid_keras), 4, 'sigmoid', 1e-7);
    expectF32(T.tanh(x).data, f32(res.tanh_keras), 4, 'tanh', 1e-7);
  });

  it('softmax and logSoftmax match scipy (≤ 1 ulp) and Keras, including huge logits', () => {
    softmaxCases.forEach((c, i) => {
      const a = new T.Tensor(Float32Array.from(c.data), c.shape);
      const r = res.softmax[i]!;
      expectF32(T.softmax(a, c.axis).data, f64(r.softmax_f64), 1, `softmax case ${i}`, 1e-30);
      expectF32(T.logSoftmax(a, c.axis).data, f64(r.log_softmax_f64), 1, `logSoftmax case ${i}`);
      expectF32(T.softmax(a, c.axis).data, f32(r.softmax), 4, `softmax vs keras case ${i}`, 1e-7);
      expectF32(T.logSoftmax(a, c.axis).data, f32(r.log_softmax), 4, `logSoftmax vs keras case ${i}`, 1e-5);
    });
  });

  it('matmul (67×300 · 300×31, crossing the 256 block) matches numpy float64 and keras.ops.matmul', () => {
    const got = T.matmul(mmA, mmB).data;
    const want = f64(res.matmul_f64);
    const keras = f32(res.matmul_keras);
    let worst = 0, worstKeras = 0;
    for (let i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      worstKeras = Math.max(worstKeras, Math.abs(keras[i]! - want[i]!));
    }
    // Ours accumulates in float64: at least as close to the truth as Keras's float32 product.
    expect(worst).toBeLessThanOrEqual(Math.max(worstKeras, 1e-5));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('erf special values', () => {
  it('is odd, saturates to ±1 and keeps NaN', () => {
    const r = T.erf(T.tensor([0, -0, Infinity, -Infinity, NaN, 100, -100]));
    expect(Object.is(r.data[1], -0)).toBe(true);
    expect(Array.from(r.data)).toEqual([0, -0, 1, -1, NaN, 1, -1]);
  });
});

describe('erf fast path against the slow series/continued fraction', () => {
  it('agrees to 2e-11 relative on a dense grid and random points (float64)', () => {
    let worst = 0;
    const check = (x: number): void => {
      const want = erfAccurate(x);
      const rel = Math.abs(erfScalar(x) - want) / Math.max(Math.abs(want), 1e-300);
      if (rel > worst) worst = rel;
    };
    for (let i = -70000; i <= 70000; i++) check(i / 10000);
    fc.assert(fc.property(fc.double({ min: -7, max: 7, noNaN: true }), (x) => { check(x); }), { numRuns: 2000 });
    expect(worst).toBeLessThan(2e-11);
  });
});
