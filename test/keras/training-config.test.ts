import { describe, expect, it } from 'vitest';
import { compileArgsFromTrainingConfig, lossForFile } from '../../src/keras/training-config.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { getLoss } from '../../src/nn/index.js';

const adam2 = { class_name: 'Adam', config: { lr: 0.0010000000474974513, beta_1: 0.8999999761581421, beta_2: 0.9990000128746033, decay: 0.0, epsilon: 1e-08 } };

function errorOf(fn: () => unknown): KerasFormatError {
  try { fn(); } catch (e) { if (e instanceof KerasFormatError) return e; throw e; }
  throw new Error('expected a KerasFormatError');
}

describe('training_config from every Keras era', () => {
  it('Keras 1/2: lr, string loss, metrics null, sample_weight_mode null', () => {
    const a = compileArgsFromTrainingConfig({ optimizer_config: adam2, loss: 'mse', metrics: null, sample_weight_mode: null, loss_weights: null });
    expect(a.optimizer.className).toBe('Adam');
    expect(a.optimizer.learningRate).toBe(Math.fround(0.001));
    expect(a.loss).toBe('mse');
    expect(a.metrics).toBeUndefined();
  });

  it('tf.keras 2.3: Custom>Adam class names and a loss class config with reduction "auto"', () => {
    const a = compileArgsFromTrainingConfig({
      optimizer_config: { class_name: 'Custom>Adam', config: { name: 'Adam', learning_rate: 0.002, decay: 0.0, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-07, amsgrad: false } },
      loss: { class_name: 'SparseCategoricalCrossentropy', config: { reduction: 'auto', name: 'sparse_categorical_crossentropy', from_logits: true } },
      metrics: ['accuracy'], weighted_metrics: null, loss_weights: null,
    });
    expect(a.optimizer.className).toBe('Adam');
    expect(getLoss(a.loss).fn).toBe('sparse_categorical_crossentropy');
    expect(a.metrics).toEqual(['accuracy']);
  });

  it('Keras 3: serialised loss and metrics, single-output lists and dicts unwrapped', () => {
    const a = compileArgsFromTrainingConfig({
      optimizer_config: { class_name: 'SGD', config: { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true } },
      loss: [{ module: 'keras.losses', class_name: 'Huber', config: { name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 0.5 }, registered_name: null }],
      metrics: [['mae']], loss_weights: [2], weighted_metrics: [],
    });
    expect(getLoss(a.loss).params.delta).toBe(0.5);
    expect(a.metrics).toEqual(['mae']);
    expect(a.lossWeights).toBe(2);
    const b = compileArgsFromTrainingConfig({ optimizer_config: adam2, loss: { dense_2: 'categorical_crossentropy' }, metrics: { dense_2: ['acc'] } });
    expect(b.loss).toBe('categorical_crossentropy');
    expect(b.metrics).toEqual(['acc']);
  });

  it('refuses what it cannot honour, by path', () => {
    expect(errorOf(() => compileArgsFromTrainingConfig({ optimizer_config: adam2, loss: ['mse', 'mae'] })).configPath).toBe('training_config.loss');
    expect(errorOf(() => compileArgsFromTrainingConfig({ optimizer_config: adam2, loss: 'mse', weighted_metrics: ['mae'] })).configPath).toBe('training_config.weighted_metrics');
    expect(errorOf(() => compileArgsFromTrainingConfig({ optimizer_config: adam2, loss: 'mse', sample_weight_mode: 'temporal' })).configPath).toBe('training_config.sample_weight_mode');
    expect(errorOf(() => compileArgsFromTrainingConfig({ loss: 'mse' })).configPath).toBe('training_config.optimizer_config');
  });

  it('writes loss aliases as the function names Keras 3 can read back (keras#19330)', () => {
    expect(lossForFile('mse')).toBe('mean_squared_error');
    expect(lossForFile('mae')).toBe('mean_absolute_error');
    expect(lossForFile('kld')).toBe('kl_divergence');
    expect(lossForFile('MeanSquaredError')).toBe('MeanSquaredError');
    expect(lossForFile('categorical_crossentropy')).toBe('categorical_crossentropy');
    expect(lossForFile('crossentropy')).toBe('crossentropy');
  });
});
