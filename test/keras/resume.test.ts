/**
 * Item 7: train N steps, save, load, train M more: weights, optimizer state
 * and every loss are bit-identical to training N + M steps without saving,
 * for every optimizer and the options that carry state (schedules, legacy
 * decay, amsgrad, centered/momentum RMSprop, Nadam's u_product, EMA,
 * gradient accumulation).
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../../src/nn/model/sequential.js';
import { Dense } from '../../src/nn/layers/dense.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { getOptimizer, type Optimizer } from '../../src/optim/index.js';
import { loadModelBytes, saveModelBytes } from '../../src/keras/model-io.js';
import { Tensor } from '../../src/tensor/index.js';
import { asList } from './helpers/fixtures.js';

function data(rows: number, cols: number, seed: number): Tensor {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = Math.fround(Math.sin((i + 1) * 7.31 + seed) * 1.3);
  return new Tensor(v, [rows, cols]);
}

function oneHot(rows: number, classes: number): Tensor {
  const v = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) v[r * classes + ((r * 7) % classes)] = 1;
  return new Tensor(v, [rows, classes]);
}

const CASES: [string, () => Optimizer][] = [
  ['SGD', () => getOptimizer({ class_name: 'SGD', config: { learning_rate: 0.1 } })],
  ['SGD momentum nesterov', () => getOptimizer({ class_name: 'SGD', config: { learning_rate: 0.05, momentum: 0.9, nesterov: true } })],
  ['SGD Keras 2 lr + decay', () => getOptimizer({ class_name: 'SGD', config: { lr: 0.1, decay: 0.05, momentum: 0.5 } })],
  ['SGD ExponentialDecay schedule', () => getOptimizer({ class_name: 'SGD', config: { learning_rate: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.2, decay_steps: 2, decay_rate: 0.7 } } } })],
  ['Adam', () => getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.01 } })],
  ['Adam amsgrad clipnorm', () => getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.01, amsgrad: true, clipnorm: 0.5 } })],
  ['AdamW', () => getOptimizer({ class_name: 'AdamW', config: { learning_rate: 0.01, weight_decay: 0.05 } })],
  ['RMSprop centered momentum', () => getOptimizer({ class_name: 'RMSprop', config: { learning_rate: 0.01, momentum: 0.3, centered: true } })],
  ['Adagrad', () => getOptimizer({ class_name: 'Adagrad', config: { learning_rate: 0.05 } })],
  ['Adadelta', () => getOptimizer({ class_name: 'Adadelta', config: { learning_rate: 1.0 } })],
  ['Adamax', () => getOptimizer({ class_name: 'Adamax', config: { learning_rate: 0.01 } })],
  ['Nadam', () => getOptimizer({ class_name: 'Nadam', config: { learning_rate: 0.01 } })],
  ['Lion', () => getOptimizer({ class_name: 'Lion', config: { learning_rate: 0.001 } })],
  ['Ftrl', () => getOptimizer({ class_name: 'Ftrl', config: { learning_rate: 0.05, l1_regularization_strength: 0.01, l2_shrinkage_regularization_strength: 0.01 } })],
  ['Adam with EMA', () => getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.01, use_ema: true, ema_momentum: 0.9, ema_overwrite_frequency: 3 } })],
  ['SGD gradient accumulation', () => getOptimizer({ class_name: 'SGD', config: { learning_rate: 0.1, momentum: 0.5, gradient_accumulation_steps: 3 } })],
];

function bits(t: Float32Array): number[] {
  return Array.from(new Uint32Array(t.buffer, t.byteOffset, t.length));
}

describe('resume exactness: save after N steps, load, train M: bit-identical to N + M without saving', () => {
  const x = data(16, 5, 1);
  const y = oneHot(16, 3);
  const N = 5;
  const M = 4;

  for (const [name, makeOpt] of CASES) {
    it(name, () => {
      const model = new Sequential([
        new Dense({ units: 7, activation: 'relu', inputDim: 5 }),
        new Dropout({ rate: 0 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ]);
      model.compile({ loss: 'categorical_crossentropy', optimizer: makeOpt(), metrics: ['accuracy'] });
      for (let s = 0; s < N; s++) model.trainOnBatch(x, y);
      const bytes = saveModelBytes(model);
      const resumed = loadModelBytes(bytes);
      const refLosses: number[][] = [];
      const gotLosses: number[][] = [];
      for (let s = 0; s < M; s++) {
        refLosses.push(asList(model.trainOnBatch(x, y)));
        gotLosses.push(asList(resumed.trainOnBatch(x, y)));
      }
      expect(gotLosses).toEqual(refLosses);
      expect(resumed.weights.map((v) => bits(v.value.data))).toEqual(model.weights.map((v) => bits(v.value.data)));
      const a = model.optimizer!;
      const b = resumed.optimizer!;
      expect(b.className).toBe(a.className);
      expect(b.iterations).toBe(a.iterations);
      expect(b.getWeights().map((t) => bits(t.data))).toEqual(a.getWeights().map((t) => bits(t.data)));
      expect(b.getConfig()).toEqual(a.getConfig());
    });
  }
});

describe('resume through a Keras 3 .weights.h5 file (weights and optimizer variables)', () => {
  it('a compiled model that loads the file continues bit-identically', async () => {
    const { saveWeightsBytes, loadWeightsBytes } = await import('../../src/keras/weights-files.js');
    const x = data(16, 5, 2);
    const y = oneHot(16, 3);
    const make = () => {
      const m = new Sequential([new Dense({ units: 4, activation: 'tanh', inputDim: 5 }), new Dense({ units: 3, activation: 'softmax' })]);
      m.compile({ loss: 'categorical_crossentropy', optimizer: getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.01 } }) });
      return m;
    };
    const a = make();
    for (let s = 0; s < 3; s++) a.trainOnBatch(x, y);
    const b = make();
    loadWeightsBytes(b, saveWeightsBytes(a, { format: 'keras3' }));
    for (let s = 0; s < 3; s++) expect(asList(b.trainOnBatch(x, y))).toEqual(asList(a.trainOnBatch(x, y)));
    expect(b.weights.map((v) => bits(v.value.data))).toEqual(a.weights.map((v) => bits(v.value.data)));
    expect(b.optimizer!.getWeights().map((t) => bits(t.data))).toEqual(a.optimizer!.getWeights().map((t) => bits(t.data)));
  });
});

describe('iteration counts past float32 precision (2^24 + 1) are stored and restored exactly', () => {
  const COUNT = 2 ** 24 + 1; // a float32 variable would hold 2^24
  const make = (opt: string) => {
    const m = new Sequential([new Dense({ units: 3, activation: 'softmax', inputDim: 5 })]);
    m.compile({ loss: 'categorical_crossentropy', optimizer: getOptimizer({ class_name: opt, config: { learning_rate: 0.01 } }) });
    return m;
  };
  const x = data(8, 5, 3);
  const y = oneHot(8, 3);

  it('whole-model .h5: the int64 dataset holds the exact count, loadModel restores it, training continues identically', async () => {
    const { openHdf5 } = await import('../../src/hdf5/index.js');
    const a = make('Adam');
    a.trainOnBatch(x, y);
    a.optimizer!.rawIterations = COUNT;
    const bytes = saveModelBytes(a);
    const path = `optimizer_weights/${a.optimizer!.variables[0]!.path}`;
    expect(path).toMatch(/\/iteration$/);
    const stored = openHdf5(bytes).get(path) as { read(): unknown };
    expect(stored.read()).toEqual(new BigInt64Array([BigInt(COUNT)]));
    const b = loadModelBytes(bytes);
    expect(b.optimizer!.rawIterations).toBe(COUNT);
    expect(asList(b.trainOnBatch(x, y))).toEqual(asList(a.trainOnBatch(x, y)));
    expect(b.optimizer!.rawIterations).toBe(COUNT + 1);
    expect(b.weights.map((v) => bits(v.value.data))).toEqual(a.weights.map((v) => bits(v.value.data)));
  });

  it('Keras 3 .weights.h5: the optimizer count is restored exactly', async () => {
    const { saveWeightsBytes, loadWeightsBytes } = await import('../../src/keras/weights-files.js');
    const a = make('SGD');
    a.trainOnBatch(x, y);
    a.optimizer!.rawIterations = COUNT;
    const b = make('SGD');
    loadWeightsBytes(b, saveWeightsBytes(a, { format: 'keras3' }));
    expect(b.optimizer!.rawIterations).toBe(COUNT);
  });
});
