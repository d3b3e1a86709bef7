/**
 * Layer behaviour outside the Keras matrix: Dropout's masks (rate, scaling,
 * seeds, inference), standalone `call`, shapes, Sequential's InputLayer and
 * build rules, initializer statistics (our streams cannot equal Keras's, so
 * these check the distributions and the algebra), callbacks' hooks.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Callback, Dense, Dropout, Flatten, GlorotNormal, GlorotUniform, HeNormal, Identity, InputLayer, LecunUniform, Orthogonal, Reshape,
  Sequential, Tensor, TruncatedNormal, VarianceScaling, clearSession, setRandomSeed, type Logs,
} from '../../src/index.js';

beforeEach(() => clearSession());

describe('Dropout', () => {
  it('drops about `rate` of the inputs in training, scales the rest by 1/(1 − rate), and passes through at inference', () => {
    const d = new Dropout({ rate: 0.3, seed: 7 });
    const x = new Tensor(new Float32Array(20000).fill(2), [100, 200]);
    const y = d.call(x, { training: true });
    let zeros = 0;
    for (const v of y.data) {
      if (v === 0) zeros++;
      else expect(v).toBeCloseTo(2 / 0.7, 5);
    }
    expect(zeros / 20000).toBeGreaterThan(0.28);
    expect(zeros / 20000).toBeLessThan(0.32);
    expect(Array.from(d.call(x).data)).toEqual(Array.from(x.data));
  });

  it('is reproducible with a seed', () => {
    const x = new Tensor(Float32Array.from({ length: 50 }, (_, i) => i + 1), [5, 10]);
    const a = new Dropout({ rate: 0.5, seed: 3 }).call(x, { training: true });
    const b = new Dropout({ rate: 0.5, seed: 3 }).call(x, { training: true });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});

describe('layers and models', () => {
  it('runs a Dense layer standalone and reports shapes as Keras', () => {
    const d = new Dense({ units: 2, kernelInitializer: 'ones', biasInitializer: { class_name: 'Constant', config: { value: 0.5 } } });
    const y = d.call(new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]));
    expect(y.toArray()).toEqual([[6.5, 6.5], [15.5, 15.5]]);
    expect(d.weights.map((v) => [v.name, v.path, v.shape])).toEqual([['kernel', 'dense/kernel', [3, 2]], ['bias', 'dense/bias', [2]]]);
    expect(d.computeOutputShape([null, 4, 3])).toEqual([null, 4, 2]);
    expect(new Flatten().computeOutputShape([null, 2, 3, 4])).toEqual([null, 24]);
    expect(new Reshape({ targetShape: [-1, 3] }).computeOutputShape([null, 12])).toEqual([null, 4, 3]);
  });

  it('adds an InputLayer in front of a first layer with an input shape, as Keras 3', () => {
    const m = new Sequential([new Dense({ units: 3, inputShape: [4] }), new Dense({ units: 1 })]);
    expect(m.layers.map((l) => l.className)).toEqual(['Dense', 'Dense']);
    expect(m.inputShape).toEqual([null, 4]);
    expect(m.outputShape).toEqual([null, 1]);
    expect(m.weights.map((v) => v.path)).toEqual(['sequential/dense/kernel', 'sequential/dense/bias', 'sequential/dense_1/kernel', 'sequential/dense_1/bias']);
    const k2 = new Sequential([new Dense({ units: 3, batchInputShape: [8, 4] })]);
    expect(k2.inputShape).toEqual([8, 4]);
    expect(m.getLayer('dense_1')).toBe(m.layers[1]);
    expect(m.getLayer(0)).toBe(m.layers[0]);
  });

  it('builds from the first batch when no input shape was given (with that batch size, as Keras 3)', () => {
    const m = new Sequential([new Dense({ units: 2 })]);
    expect(m.built).toBe(false);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    m.trainOnBatch([[1, 2, 3], [4, 5, 6]], [[0, 1], [1, 0]]);
    expect(m.built).toBe(true);
    expect(m.inputShape).toEqual([2, 3]);
    m.trainOnBatch([[1, 2, 3]], [[0, 1]]);
  });

  it('fit, predict and evaluate build a lazy model from their first batch, as Keras 3 (checked in Keras: (4, 3) each)', () => {
    const ones = (r: number, c: number): number[][] => Array.from({ length: r }, () => new Array(c).fill(1));
    const a = new Sequential([new Dense({ units: 2 })]);
    a.compile({ loss: 'mse', optimizer: 'sgd' });
    a.fit(ones(10, 3), ones(10, 2), { batchSize: 4, validationSplit: 0.5, verbose: 0 });
    expect(a.getConfig().build_input_shape).toEqual([4, 3]);
    const b = new Sequential([new Dense({ units: 2 })]);
    b.predict(ones(10, 3), { batchSize: 4, verbose: 0 });
    expect(b.getConfig().build_input_shape).toEqual([4, 3]);
    const c = new Sequential([new Dense({ units: 2 })]);
    c.compile({ loss: 'mse' });
    c.evaluate(ones(10, 3), ones(10, 2), { batchSize: 4, verbose: 0 });
    expect(c.getConfig().build_input_shape).toEqual([4, 3]);
  });

  it('treats a flat list as a batch of scalars when the input has one feature', () => {
    const m = new Sequential([new InputLayer({ shape: [1] }), new Dense({ units: 1, kernelInitializer: 'ones' })]);
    expect(m.predict([1, 2, 3], { verbose: 0 }).toArray()).toEqual([[1], [2], [3]]);
    expect(m.predict(Float32Array.of(4), { verbose: 0 }).toArray()).toEqual([[4]]);
  });

  it('predicts the same in one chunk or batch by batch', () => {
    setRandomSeed(5);
    const m = new Sequential([new Dense({ units: 64, inputDim: 16, activation: 'relu' }), new Dense({ units: 3 })]);
    const x = new Tensor(Float32Array.from({ length: 1000 * 16 }, (_, i) => Math.sin(i)), [1000, 16]);
    const chunked = m.predict(x, { verbose: 0 });
    const batched = m.predict(x, { verbose: 0, callbacks: [{}] });
    expect(chunked.shape).toEqual([1000, 3]);
    for (let i = 0; i < chunked.size; i++) expect(Math.abs(chunked.data[i]! - batched.data[i]!)).toBeLessThan(1e-5);
  });
});

describe('initializers (distributions; our streams are not Keras\'s)', () => {
  const draw = (init: { fill(s: readonly number[], o: Float32Array): void }, shape: number[]): Float32Array => {
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    init.fill(shape, out);
    return out;
  };
  const stats = (a: Float32Array) => {
    let m = 0;
    for (const v of a) m += v;
    m /= a.length;
    let s = 0;
    for (const v of a) s += (v - m) ** 2;
    return { mean: m, std: Math.sqrt(s / a.length), min: Math.min(...a), max: Math.max(...a) };
  };

  it('draws uniform and normal families with Keras\'s limits and deviations', () => {
    const g = stats(draw(new GlorotUniform({ seed: 1 }), [200, 300]));
    const limit = Math.sqrt(6 / 500);
    expect(g.min).toBeGreaterThanOrEqual(-limit);
    expect(g.max).toBeLessThanOrEqual(limit);
    expect(g.std).toBeCloseTo(limit / Math.sqrt(3), 3);
    const h = stats(draw(new HeNormal({ seed: 2 }), [400, 100]));
    expect(h.std).toBeCloseTo(Math.sqrt(2 / 400), 3);
    expect(h.max).toBeLessThanOrEqual(2 * Math.sqrt(2 / 400) / 0.8796256610342398 + 1e-6);
    const gn = stats(draw(new GlorotNormal({ seed: 3 }), [300, 300]));
    expect(gn.std).toBeCloseTo(Math.sqrt(2 / 600), 3);
    const lu = stats(draw(new LecunUniform({ seed: 4 }), [250, 100]));
    expect(lu.max).toBeLessThanOrEqual(Math.sqrt(3 / 250));
    const tn = stats(draw(new TruncatedNormal({ mean: 1, stddev: 0.5, seed: 5 }), [100, 100]));
    expect(tn.min).toBeGreaterThanOrEqual(0);
    expect(tn.max).toBeLessThanOrEqual(2);
    const vs = stats(draw(new VarianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 6 }), [50, 300]));
    expect(vs.std).toBeCloseTo(Math.sqrt(3 / 300), 2);
  });

  it('is reproducible with a seed', () => {
    expect(Array.from(draw(new GlorotUniform({ seed: 9 }), [5, 5]))).toEqual(Array.from(draw(new GlorotUniform({ seed: 9 }), [5, 5])));
  });

  it('Orthogonal gives orthonormal rows or columns times the gain; Identity the identity', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (r, c, seed) => {
      const q = draw(new Orthogonal({ gain: 2, seed }), [r, c]);
      // QᵀQ = 4·I when r ≥ c, QQᵀ = 4·I otherwise.
      const tall = r >= c;
      const k = tall ? c : r;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let t = 0; t < (tall ? r : c); t++) dot += tall ? q[t * c + a]! * q[t * c + b]! : q[a * c + t]! * q[b * c + t]!;
        if (Math.abs(dot - (a === b ? 4 : 0)) > 1e-4) return false;
      }
      return true;
    }), { numRuns: 60 });
    expect(Array.from(draw(new Identity({ gain: 3 }), [2, 3]))).toEqual([3, 0, 0, 0, 3, 0]);
  });
});

describe('callbacks', () => {
  it('calls every hook in Keras\'s order with the logs', () => {
    const calls: string[] = [];
    class Recorder extends Callback {
      onTrainBegin(): void { calls.push('train_begin'); }
      onEpochBegin(e: number): void { calls.push(`epoch_begin ${e}`); }
      onTrainBatchBegin(b: number): void { calls.push(`batch_begin ${b}`); }
      onTrainBatchEnd(b: number, logs: Logs): void { calls.push(`batch_end ${b} ${Object.keys(logs).join(',')}`); }
      onEpochEnd(e: number, logs: Logs): void { calls.push(`epoch_end ${e} ${Object.keys(logs).join(',')}`); }
      onTrainEnd(): void { calls.push('train_end'); }
    }
    const m = new Sequential([new Dense({ units: 1, inputDim: 2 })]);
    m.compile({ loss: 'mse', optimizer: 'sgd', metrics: ['mae'] });
    const rec = new Recorder();
    const stopper = { onTrainBatchEnd(this: { model?: { stopTraining: boolean } }, b: number) { if (b === 1) this.model!.stopTraining = true; } };
    m.fit([[1, 2], [3, 4], [5, 6], [7, 8]], [1, 2, 3, 4], { epochs: 3, batchSize: 1, verbose: 0, shuffle: false, validationSplit: 0.25, callbacks: [rec, stopper] });
    expect(calls).toEqual(['train_begin', 'epoch_begin 0', 'batch_begin 0', 'batch_end 0 loss,mae', 'batch_begin 1', 'batch_end 1 loss,mae',
      'epoch_end 0 loss,mae,val_loss,val_mae', 'train_end']);
    expect(rec.params).toEqual({ verbose: 0, epochs: 3, steps: 3 });
  });
});

describe('trainable', () => {
  it('freezing a layer after compile stops its updates; model.trainable sets every layer', () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 2, name: 'a' }), new Dense({ units: 1, name: 'b' })]);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    const x = [[1, 2], [3, 4]], y = [1, 2];
    m.trainOnBatch(x, y);
    m.getLayer('a').trainable = false;
    const a0 = Array.from(m.getLayer('a').getWeights()[0]!.data);
    const b0 = Array.from(m.getLayer('b').getWeights()[0]!.data);
    m.trainOnBatch(x, y);
    expect(Array.from(m.getLayer('a').getWeights()[0]!.data)).toEqual(a0);
    expect(Array.from(m.getLayer('b').getWeights()[0]!.data)).not.toEqual(b0);
    expect(m.trainableWeights.map((v) => v.path)).toEqual(['sequential/b/kernel', 'sequential/b/bias']);
    m.trainable = false;
    expect(m.layers.every((l) => !l.trainable)).toBe(true);
    expect(m.trainableWeights).toEqual([]);
    expect(m.nonTrainableWeights.length).toBe(4);
  });
});
