/**
 * Configs against Keras 3's get_config()/serialize output: every layer,
 * initializer, regularizer and loss; Sequential configs (built, unbuilt,
 * built later, reshaping); compile configs; variable paths; automatic names;
 * and round trips through fromConfig.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Activation, Constant, Dense, Dropout, Flatten, GlorotNormal, InputLayer, Loss, RandomUniform, Reshape, Adam, Sequential,
  clearSession, deserializeLayer, getInitializer, getRegularizer, l1, l1l2, l2, serializeInitializer, serializeLayer, serializeLoss,
  serializeRegularizer, VarianceScaling, RandomNormal, Orthogonal,
} from '../../src/index.js';
import { fixture } from './helpers.js';

const f = fixture<any>('configs.json');

describe('configs (Keras 3 get_config)', () => {
  beforeEach(() => clearSession());

  it('gives automatic names as Keras 3 does', () => {
    const names: unknown[] = [];
    names.push(new Sequential().name);
    names.push(new Dense({ units: 1 }).name, new Dense({ units: 1 }).name, new Dropout({ rate: 0.1 }).name, new Dense({ units: 1 }).name,
      new Activation({ activation: 'relu' }).name, new Flatten().name, new Reshape({ targetShape: [1] }).name, new InputLayer({ shape: [2] }).name);
    const d = new Dense({ units: 2, inputDim: 3 });
    const m = new Sequential([d]);
    names.push(m.name, (m.getConfig().layers as { config: { name: string } }[]).map((l) => l.config.name));
    expect(names).toEqual(f.auto_names);
  });

  it('serialises every layer as Keras', () => {
    const made: Record<string, () => unknown> = {
      dense_default: () => new Dense({ units: 3 }),
      dense_full: () => new Dense({
        units: 4, activation: 'relu', useBias: false, kernelInitializer: 'he_normal', biasInitializer: new Constant({ value: 0.1 }),
        kernelRegularizer: l2(0.02), biasRegularizer: l1(0.01), activityRegularizer: l1l2({ l1: 0.01, l2: 0.02 }), name: 'custom', trainable: false,
      }),
      dense_strings: () => new Dense({ units: 2, activation: 'softmax', kernelInitializer: 'orthogonal', biasInitializer: 'ones', kernelRegularizer: 'l1', biasRegularizer: 'l2' }),
      dense_float64: () => new Dense({ units: 1, dtype: 'float64' }),
      dense_seeded: () => new Dense({ units: 2, kernelInitializer: new GlorotNormal({ seed: 3 }), biasInitializer: new RandomUniform({ minval: -0.1, maxval: 0.2, seed: 4 }) }),
      input_layer: () => new InputLayer({ shape: [3, 4] }),
      input_layer_batch: () => new InputLayer({ batchShape: [8, 2] }),
      activation: () => new Activation({ activation: 'hard_sigmoid' }),
      activation_swish: () => new Activation({ activation: 'swish' }),
      dropout: () => new Dropout({ rate: 0.25, seed: 5 }),
      flatten: () => new Flatten(),
      flatten_cf: () => new Flatten({ dataFormat: 'channels_first' }),
      reshape: () => new Reshape({ targetShape: [2, -1] }),
    };
    for (const [k, make] of Object.entries(made)) {
      const layer = make() as Dense;
      expect(serializeLayer(layer), k).toEqual(f.layers[k]);
      // And back: the config read by deserializeLayer writes the same config.
      expect(serializeLayer(deserializeLayer(f.layers[k])), `${k} round trip`).toEqual(f.layers[k]);
    }
  });

  it('serialises initializers, regularizers and losses as Keras', () => {
    for (const [k, v] of Object.entries(f.initializers)) {
      const made = k === 'Constant(0.5)' ? new Constant({ value: 0.5 })
        : k.startsWith('VarianceScaling(') ? new VarianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 1 })
          : k.startsWith('RandomNormal(') ? new RandomNormal({ mean: 1, stddev: 2, seed: 3 })
            : k.startsWith('Orthogonal(') ? new Orthogonal({ gain: 2 }) : getInitializer(k);
      expect(serializeInitializer(made), k).toEqual(v);
      expect(serializeInitializer(getInitializer(v)), `${k} round trip`).toEqual(v);
    }
    const regs: Record<string, unknown> = { 'L1(0.01)': l1(0.01), 'L2(0.02)': l2(0.02), 'L1L2(0.01,0.02)': l1l2({ l1: 0.01, l2: 0.02 }), l1: getRegularizer('l1'), l2: getRegularizer('l2'), 'L1(0.3)': l1(0.3) };
    for (const [k, r] of Object.entries(regs)) {
      expect(serializeRegularizer(r as never), k).toEqual(f.regularizers[k]);
      expect(serializeRegularizer(getRegularizer(f.regularizers[k])!), `${k} round trip`).toEqual(f.regularizers[k]);
    }
    for (const [k, v] of Object.entries(f.losses)) {
      const made = k === 'Huber(delta=2)' ? new Loss('huber', { delta: 2 })
        : k.startsWith('BinaryCrossentropy(') ? new Loss('binary_crossentropy', { fromLogits: true, labelSmoothing: 0.1 }) : new Loss(k);
      expect(serializeLoss(made), k).toEqual(v);
    }
  });

  it('writes Sequential and compile configs as Keras, with Keras 3 variable paths', () => {
    const seed = new Sequential();
    seed.add(new Dense({ units: 1, inputDim: 1 }));
    seed.compile({ loss: 'mse', optimizer: 'sgd' });
    expect(seed.getConfig()).toEqual(f.models.seed.config);
    expect(seed.compileConfig).toEqual(f.models.seed.compile_config);
    expect(seed.weights.map((v) => v.path)).toEqual(f.models.seed.weights);

    const clf = new Sequential([new InputLayer({ shape: [4] }), new Dense({ units: 8, activation: 'relu' }), new Dropout({ rate: 0.5 }),
      new Dense({ units: 3, activation: 'softmax' })], { name: 'clf' });
    clf.compile({ loss: 'categorical_crossentropy', optimizer: new Adam({ learningRate: 0.01 }), metrics: ['accuracy', 'mae'] });
    expect(clf.getConfig()).toEqual(f.models.classifier.config);
    expect(clf.compileConfig).toEqual(f.models.classifier.compile_config);
    expect(clf.weights.map((v) => v.path)).toEqual(f.models.classifier.weights);
    const again = Sequential.fromConfig(f.models.classifier.config);
    expect(again.weights.map((v) => v.path)).toEqual(f.models.classifier.from_config_weights);
    expect(again.getConfig()).toEqual(f.models.classifier.from_config_roundtrip);

    const unbuilt = new Sequential([new Dense({ units: 2 }), new Dense({ units: 1 })]);
    expect(unbuilt.getConfig()).toEqual(f.models.unbuilt.config);
    expect(unbuilt.weights).toEqual([]);
    const later = new Sequential([new Dense({ units: 2 }), new Flatten()]);
    later.build([null, 3]);
    expect(later.getConfig()).toEqual(f.models.built_later.config);
    expect(later.weights.map((v) => v.path)).toEqual(f.models.built_later.weights);
    const reshaping = new Sequential([new InputLayer({ shape: [2, 3] }), new Flatten(), new Dense({ units: 6 }), new Reshape({ targetShape: [3, 2] }), new Activation({ activation: 'tanh' })]);
    expect(reshaping.getConfig()).toEqual(f.models.reshaping.config);

    const objs = new Sequential([new InputLayer({ shape: [3] }), new Dense({ units: 2, kernelRegularizer: 'l2', name: 'a' }), new Dense({ units: 1, name: 'b' })]);
    objs.compile({ loss: new Loss('huber'), optimizer: 'rmsprop', metrics: ['mse'], lossWeights: [2] });
    expect(objs.getConfig()).toEqual(f.models.compiled_objects.config);
    expect(objs.compileConfig).toEqual(f.models.compiled_objects.compile_config);
  });
});
