/**
 * Bad input ends in a typed LayerConfigError with a stable code and a
 * location (layer name, config path): layer options, layer configs read
 * from files (paths such as `layers[1].config.units`), unknown classes,
 * model misuse and bad data.
 */
import { describe, expect, it } from 'vitest';
import {
  Dense, Dropout, InputLayer, LayerConfigError, Reshape, Sequential, Tensor, deserializeLayer, getInitializer, getRegularizer,
} from '../../src/index.js';

function expectError(f: () => unknown, code: string, configPath?: string, layerName?: string): LayerConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LayerConfigError);
    const err = e as LayerConfigError;
    expect(err.code, err.message).toBe(code);
    if (configPath !== undefined) expect(err.configPath, err.message).toBe(configPath);
    if (layerName !== undefined) expect(err.layerName, err.message).toBe(layerName);
    return err;
  }
  return expect.fail(`expected ${code}`);
}

describe('layer options', () => {
  it('refuses bad values by their Keras key', () => {
    expectError(() => new Dense({ units: 0, name: 'd' }), 'LAYER_BAD_VALUE', 'units', 'd');
    expectError(() => new Dense({ units: 2.5 }), 'LAYER_BAD_VALUE', 'units');
    expectError(() => new Dense({ units: 2, activation: 'nope', name: 'd' }), 'UNKNOWN_ACTIVATION', 'activation', 'd');
    expectError(() => new Dense({ units: 2, kernelInitializer: 'nope' }), 'UNKNOWN_INITIALIZER', 'kernel_initializer');
    expectError(() => new Dense({ units: 2, biasRegularizer: 'l3' }), 'UNKNOWN_REGULARIZER', 'bias_regularizer');
    expectError(() => new Dense({ units: 2, dtype: 'int8' }), 'UNSUPPORTED_DTYPE', 'dtype');
    expectError(() => new Dense({ units: 2, inputDim: -1 }), 'LAYER_BAD_VALUE', 'input_dim');
    expectError(() => new Dense({ units: 2, name: 'a/b' }), 'LAYER_BAD_VALUE', 'name');
    expectError(() => new Dropout({ rate: 1 }), 'LAYER_BAD_VALUE', 'rate');
    expectError(() => new Reshape({ targetShape: [-1, -1] }), 'LAYER_BAD_VALUE', 'target_shape');
    expectError(() => new InputLayer({}), 'LAYER_BAD_VALUE', 'shape');
    expectError(() => getInitializer({ class_name: 'RandomUniform', config: { minval: 'a' } }, 'd', 'kernel_initializer'), 'LAYER_BAD_VALUE', 'kernel_initializer.config.minval');
    expectError(() => getInitializer({ class_name: 'GlorotUniform', config: { sneaky: 1 } }), 'LAYER_UNKNOWN_KEY', 'kernel_initializer.config.sneaky');
    expectError(() => getRegularizer({ class_name: 'L2', config: { l2: -1 } }), 'LAYER_BAD_VALUE', 'kernel_regularizer.config.l2');
  });
});

describe('layer configs from files', () => {
  it('locates bad keys by path inside a Sequential config', () => {
    const cfg = (units: unknown, extra: Record<string, unknown> = {}) => ({
      name: 'm',
      layers: [
        { class_name: 'InputLayer', config: { batch_shape: [null, 3], name: 'in' } },
        { class_name: 'Dense', config: { name: 'd1', units: 2 } },
        { class_name: 'Dense', config: { name: 'd2', units, ...extra } },
      ],
    });
    expectError(() => Sequential.fromConfig(cfg(-3)), 'LAYER_BAD_VALUE', 'layers[2].config.units', 'd2');
    expectError(() => Sequential.fromConfig(cfg('3')), 'LAYER_BAD_VALUE', 'layers[2].config.units', 'd2');
    expectError(() => Sequential.fromConfig(cfg(3, { activation: 'swoosh' })), 'UNKNOWN_ACTIVATION', 'layers[2].config.activation', 'd2');
    expectError(() => Sequential.fromConfig(cfg(3, { kernel_constraint: { class_name: 'MaxNorm', config: {} } })), 'LAYER_BAD_VALUE', 'layers[2].config.kernel_constraint', 'd2');
    expectError(() => Sequential.fromConfig(cfg(3, { mystery: true })), 'LAYER_UNKNOWN_KEY', 'layers[2].config.mystery', 'd2');
    expectError(() => Sequential.fromConfig(cfg(3, { kernel_initializer: { class_name: 'Nope', config: {} } })), 'UNKNOWN_INITIALIZER', 'layers[2].config.kernel_initializer.class_name', 'd2');
    const bad = JSON.parse('{"name":"m","layers":[{"class_name":"Dense","config":{"name":"x","units":1,"__proto__":{}}}]}');
    expectError(() => Sequential.fromConfig(bad), 'LAYER_BAD_CONFIG', 'layers[0].config.__proto__');
  });

  it('refuses unknown classes naming the class, the layer and the supported list', () => {
    const err = expectError(() => deserializeLayer({ class_name: 'Conv2D', config: { name: 'conv' } }, { path: 'layers[3]' }),
      'LAYER_UNKNOWN_CLASS', 'layers[3].class_name', 'conv');
    expect(err.message).toContain('Conv2D');
    expect(err.message).toContain('Dense, InputLayer, Activation, Dropout, Flatten, Reshape');
  });

  it('reads Keras 1 and 2 spellings', () => {
    const d = deserializeLayer({ class_name: 'Dense', config: { name: 'dense_1', output_dim: 4, init: 'glorot_uniform', bias: true, input_dim: 3, W_regularizer: null, b_regularizer: null, activity_regularizer: null, W_constraint: null, b_constraint: null, activation: 'hard_sigmoid', trainable: true, batch_input_shape: [null, 3], input_dtype: 'float32' } }, { legacyActivations: true }) as Dense;
    expect(d.units).toBe(4);
    expect(d.activation.key).toBe('hard_sigmoid_keras2');
    expect(d.batchInputShape).toEqual([null, 3]);
    const k2 = Sequential.fromConfig([{ class_name: 'Dense', config: { name: 'dense_1', units: 2, batch_input_shape: [null, 5], dtype: 'float32', kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } } } }]);
    expect(k2.inputShape).toEqual([null, 5]);
    expect(k2.weights.map((v) => v.shape)).toEqual([[5, 2], [2]]);
  });
});

describe('models', () => {
  const model = (): Sequential => new Sequential([new Dense({ units: 2, inputDim: 3, name: 'a' }), new Dense({ units: 1, name: 'b' })]);

  it('refuses misuse with codes', () => {
    expectError(() => model().trainOnBatch([[1, 2, 3]], [1]), 'MODEL_NOT_COMPILED');
    const m = model();
    expectError(() => m.add(new Dense({ units: 1, name: 'a' })), 'MODEL_DUPLICATE_NAME', 'name', 'a');
    expectError(() => m.add(new InputLayer({ shape: [3] })), 'MODEL_BAD_ARGUMENT');
    expectError(() => m.getLayer('zzz'), 'MODEL_NO_LAYER');
    expectError(() => m.getLayer(7), 'MODEL_NO_LAYER');
    expectError(() => m.compile({ loss: 'msee' }), 'UNKNOWN_LOSS', 'loss');
    expectError(() => m.compile({ loss: 'mse', metrics: ['accurasy'] }), 'UNKNOWN_METRIC', 'metrics[0]');
    expectError(() => m.compile({ loss: 'mse', lossWeights: [1, 2] }), 'MODEL_BAD_ARGUMENT', 'lossWeights');
    expectError(() => m.compile({ loss: 'mse', loss_weights: 1 } as never), 'MODEL_BAD_ARGUMENT', 'loss_weights');
    expectError(() => m.setWeights([new Float32Array(6)]), 'WEIGHTS_MISMATCH');
    expectError(() => m.getLayer('a').setWeights([new Tensor(new Float32Array(6), [2, 3]), new Float32Array(2)]), 'WEIGHTS_MISMATCH', 'kernel', 'a');
  });

  it('refuses data that does not fit, before touching the weights', () => {
    const m = model();
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    const before = m.getWeights().map((t) => Array.from(t.data));
    expectError(() => m.trainOnBatch([[1, 2]], [1]), 'MODEL_BAD_DATA', 'x');
    expectError(() => m.trainOnBatch([[1, 2, 3], [1, 2]], [1, 2]), 'MODEL_BAD_DATA', 'x');
    expectError(() => m.trainOnBatch([[1, 2, 3]], [1, 2]), 'MODEL_BAD_DATA', 'y');
    expectError(() => m.trainOnBatch([[1, 2, 3]], [[1, 2]]), 'MODEL_BAD_DATA', 'y');
    expectError(() => m.trainOnBatch([[1, 2, 'x']] as never, [1]), 'MODEL_BAD_DATA', 'x');
    expectError(() => m.trainOnBatch('abc' as never, [1]), 'MODEL_BAD_DATA', 'x');
    expectError(() => m.fit([[1, 2, 3]], [1], { batchSize: 0 }), 'MODEL_BAD_ARGUMENT', 'batchSize');
    expectError(() => m.fit([[1, 2, 3]], [1], { validationSplit: 0.5 }), 'MODEL_BAD_ARGUMENT', 'validationSplit');
    expect(m.getWeights().map((t) => Array.from(t.data))).toEqual(before);
  });
});
