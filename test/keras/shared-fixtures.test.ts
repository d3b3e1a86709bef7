/**
 * Item 8(a): every Keras file in ../shared/fixtures whose layers are
 * supported loads and predicts like real Keras (Keras 3 where it can load
 * the file; otherwise an independent numpy forward pass over the
 * h5py-read weights, scripts/gen_keras_oracle.py), within 1e-5; files with
 * other layers fail with the clear error naming the class.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracle, runPython } from '../helpers/oracles.js';
import { loadModelBytes, saveModelBytes } from '../../src/keras/model-io.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { Tensor } from '../../src/tensor/index.js';
import { ORACLE_TIMEOUT, expectClose, FakeLayer, FakeModel, lazy } from './helpers/fixtures.js';
import { loadWeightsBytes } from '../../src/keras/weights-files.js';

interface Arr { shape: number[]; values: number[] }

/** Supported files: which oracle predicts them, and the optimizer their training config names. */
const SUPPORTED: Record<string, { oracle: 'keras' | 'numpy'; optimizer: string | null }> = {
  'keras1/malfaro2__dl4j-test-resources__dense_tensorflow_1.h5': { oracle: 'numpy', optimizer: 'Adam' },
  'keras1/malfaro2__dl4j-test-resources__dense_theano_1.h5': { oracle: 'numpy', optimizer: 'Adam' },
  'keras1/malfaro2__dl4j-test-resources__model.h5': { oracle: 'numpy', optimizer: null },
  'keras2/malfaro2__dl4j-test-resources__adadelta.h5': { oracle: 'numpy', optimizer: 'Adadelta' },
  'keras2/malfaro2__dl4j-test-resources__adagrad.h5': { oracle: 'numpy', optimizer: 'Adagrad' },
  'keras2/malfaro2__dl4j-test-resources__adam.h5': { oracle: 'numpy', optimizer: 'Adam' },
  'keras2/malfaro2__dl4j-test-resources__adamax.h5': { oracle: 'numpy', optimizer: 'Adamax' },
  'keras2/malfaro2__dl4j-test-resources__dense_tensorflow_2.h5': { oracle: 'numpy', optimizer: 'Adam' },
  'keras2/malfaro2__dl4j-test-resources__dense_theano_2.h5': { oracle: 'numpy', optimizer: 'Adam' },
  'keras2/malfaro2__dl4j-test-resources__nadam.h5': { oracle: 'numpy', optimizer: 'Nadam' },
  'keras2/malfaro2__dl4j-test-resources__rmsprop.h5': { oracle: 'numpy', optimizer: 'RMSprop' },
  'keras2/malfaro2__dl4j-test-resources__sgd.h5': { oracle: 'numpy', optimizer: 'SGD' },
  'keras3/HrushikeshSS10__Bank-Churn-Prediction__model.h5': { oracle: 'keras', optimizer: 'Adam' },
  'keras3/HrushikeshSS10__Bank-Churn-Prediction__model__295889bb.h5': { oracle: 'keras', optimizer: null },
  'tfkeras/KonduitAI__dl4j-test-resources__mlp_0.h5': { oracle: 'numpy', optimizer: null },
  'tfkeras/KonduitAI__dl4j-test-resources__mlp_1.h5': { oracle: 'numpy', optimizer: 'SGD' },
  'tfkeras/KonduitAI__dl4j-test-resources__mlp_9.h5': { oracle: 'numpy', optimizer: 'SGD' },
  'tfkeras/KonduitAI__dl4j-test-resources__some_loss.h5': { oracle: 'keras', optimizer: 'Adam' },
};

/** Files with other layers, and the class the error must name. */
const UNSUPPORTED: Record<string, string> = {
  'keras1/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_1_model.h5': 'LSTM',
  'keras1/malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_model.h5': 'LSTM',
  'keras2/KonduitAI__dl4j-test-resources__ReLU_0_model.h5': 'ReLU',
  'other-layers/KonduitAI__dl4j-test-resources__issue_9349.hdf5': 'Embedding',
  'other-layers/KonduitAI__dl4j-test-resources__misc_0.h5': 'Embedding',
  'other-layers/KonduitAI__dl4j-test-resources__tfop_0.h5': 'TensorFlowOpLayer',
  'other-layers/malfaro2__dl4j-test-resources__batch_to_conv2d_tensorflow_1.h5': 'BatchNormalization',
  'other-layers/malfaro2__dl4j-test-resources__cnn_batch_norm.h5': 'Conv2D',
  'other-layers/malfaro2__dl4j-test-resources__conv2d_theano_1.h5': 'Convolution2D',
  'other-layers/malfaro2__dl4j-test-resources__embedding_lstm_tensorflow_2.h5': 'Embedding',
  'other-layers/malfaro2__dl4j-test-resources__masking_zero_lstm.h5': 'Masking',
  'other-layers/malfaro2__dl4j-test-resources__reshape_model.h5': 'LSTM',
  'other-layers/malfaro2__dl4j-test-resources__sequential_lambda.h5': 'Lambda',
};

/** A deterministic input batch of 3 for a batch shape. */
function inputFor(batchShape: readonly (number | null)[]): Arr {
  const shape = [3, ...batchShape.slice(1).map((d) => d ?? 1)];
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898 + 1) * 0.9));
  return { shape, values };
}

describe.skipIf(!oracle.fixtures || !oracle.python)('shared Keras fixtures (Keras 1, 2, tf.keras, 3)', () => {
  const weightCases: [string, string, number[][]][] = [
    ['weights/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_2_weights.h5', 'dense_1', [[50, 1], [1]]],
    ['weights/malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_weights.h5', 'dense_1', [[50, 1], [1]]],
    ['weights/pplonski__keras2cpp__my_nn_weights.h5', 'dense_2', [[6, 10], [10]]],
    ['weights/Kotlin__kotlindl__weights.h5', 'dense_7', [[256, 10], [10]]],
  ];
  // Everything that reads fixtures or runs Python happens on first use inside a
  // test: vitest runs the body of a skipped suite to collect its tests.
  const S = lazy(() => {
    const root = oracle.fixtures!;
    const bytes = (rel: string) => new Uint8Array(readFileSync(join(root, rel)));
    const loaded = new Map<string, ReturnType<typeof loadModelBytes>>();
    const warnings = new Map<string, string[]>();
    for (const rel of Object.keys(SUPPORTED)) {
      const w: string[] = [];
      loaded.set(rel, loadModelBytes(bytes(rel), { onWarning: (m) => w.push(m) }));
      warnings.set(rel, w);
    }
    const inputs: Record<string, Arr> = {};
    for (const [rel, m] of loaded) inputs[join(root, rel)] = inputFor(m.inputShape);
    const byOracle = (o: 'keras' | 'numpy') => Object.keys(SUPPORTED).filter((r) => SUPPORTED[r]!.oracle === o).map((r) => join(root, r));
    // One Python process for the whole file.
    // Our own file, re-saved from the Keras 2.1.3 one, to compare how attributes are stored.
    const ours = join(mkdtempSync(join(tmpdir(), 'purekeras-storage-')), 'ours.h5');
    writeFileSync(ours, saveModelBytes(loaded.get('keras2/malfaro2__dl4j-test-resources__dense_tensorflow_2.h5')!));
    const [numpyOut, kerasOut, h5Opt, h5Weights, storage] = runPython<[Record<string, Arr>, Record<string, Arr>, Record<string, { name: string }[]>, Record<string, Record<string, { values: number[] }[]>>, Record<string, Record<string, string>>]>(
      ['scripts/gen_keras_oracle.py', 'batch'], { commands: [
        ['forward', { files: byOracle('numpy'), inputs }],
        ['keras_predict', { files: byOracle('keras'), inputs }],
        ['optimizer_weights', { files: [join(root, 'keras3/HrushikeshSS10__Bank-Churn-Prediction__model.h5')] }],
        ['layer_weights', { files: weightCases.map(([rel]) => join(root, rel)) }],
        ['storage', { files: [join(root, 'keras2/malfaro2__dl4j-test-resources__dense_tensorflow_2.h5'), ours] }],
      ] });
    const want: Record<string, Arr> = { ...numpyOut, ...kerasOut };
    return { root, bytes, loaded, warnings, inputs, want, h5Opt, h5Weights, storage, ours };
  });
  beforeAll(() => { S(); }, ORACLE_TIMEOUT);

  for (const [rel, spec] of Object.entries(SUPPORTED)) {
    it(`${rel}: predictions equal ${spec.oracle === 'keras' ? 'real Keras 3' : 'a numpy forward pass'} within 1e-5`, () => {
      const m = S().loaded.get(rel)!;
      const inp = S().inputs[join(S().root, rel)]!;
      const p = m.predict(new Tensor(Float32Array.from(inp.values), inp.shape), { verbose: 0 });
      const w = S().want[join(S().root, rel)]!;
      expect(p.shape).toEqual(w.shape);
      expectClose(p.data, w.values, rel, 1e-5, 1e-5);
    });

    it(`${rel}: compiled as its training config says`, () => {
      const m = S().loaded.get(rel)!;
      if (spec.optimizer === null) {
        expect(m.optimizer).toBeNull();
        expect(S().warnings.get(rel)!.join()).toContain('no training configuration');
      } else {
        expect(m.optimizer!.className).toBe(spec.optimizer);
        expect(S().warnings.get(rel)).toEqual([]);
      }
    });
  }

  for (const [rel, cls] of Object.entries(UNSUPPORTED)) {
    it(`${rel}: refused, naming ${cls}`, () => {
      let err: unknown;
      try { loadModelBytes(S().bytes(rel)); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(KerasFormatError);
      const e = err as KerasFormatError;
      expect(e.code).toBe('UNSUPPORTED_LAYER');
      expect(e.message).toContain(`'${cls}'`);
      expect(e.message).toContain('supported: Dense, InputLayer, Activation, Dropout, Flatten, Reshape');
      expect(e.layerName).not.toBe('');
    });
  }

  it('Keras 3 restores the Keras 3.13 (TensorFlow backend) Adam state: int64 iteration, interleaved slots', () => {
    const m = S().loaded.get('keras3/HrushikeshSS10__Bank-Churn-Prediction__model.h5')!;
    const opt = m.optimizer!;
    expect(opt.iterations).toBeGreaterThan(0);
    const names = S().h5Opt[join(S().root, 'keras3/HrushikeshSS10__Bank-Churn-Prediction__model.h5')]!.map((e) => e.name);
    expect(opt.variables.map((v) => v.path)).toEqual(names);
  });

  it('our .h5 stores its attributes as Keras 2 did (vlen ASCII root strings, fixed-length ASCII name lists), plus optimizer_weights', () => {
    const st = S().storage;
    const keras2 = st[join(S().root, 'keras2/malfaro2__dl4j-test-resources__dense_tensorflow_2.h5')]!;
    const ours = st[S().ours]!;
    for (const [attr, kind] of Object.entries(keras2)) expect(ours[attr], attr).toBe(kind);
    expect(keras2['model_weights@layer_names']).toBe('fixed-ascii');
    expect(keras2['@model_config']).toBe('vlen-ascii');
    expect(ours['optimizer_weights@weight_names']).toBe('fixed-ascii');
  });

  it('a weights-only file is refused by loadModel with a hint to use loadWeights', () => {
    let err: unknown;
    try { loadModelBytes(S().bytes('weights/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_2_weights.h5')); } catch (e) { err = e; }
    expect((err as KerasFormatError).code).toBe('NO_MODEL_CONFIG');
    expect((err as KerasFormatError).message).toContain('loadWeights');
  });

  // Weights-only files of Keras 1 and 2: the Dense layers load by name.
  for (const [rel, layer, shapes] of weightCases) {
    it(`${rel}: byName loads '${layer}' as h5py reads it`, () => {
      const h5 = S().h5Weights[join(S().root, rel)]!;
      const m = new FakeModel('m', [new FakeLayer('Dense', 'unrelated', [[2, 2]]), new FakeLayer('Dense', layer, shapes)]);
      loadWeightsBytes(m, S().bytes(rel), { byName: true });
      m.layers[1]!.weights.forEach((v, i) => expect(Array.from(v.value.data)).toEqual(h5[layer]![i]!.values));
      expect(m.layers[0]!.weights[0]!.value.data.every((x) => x === -1)).toBe(true);
    });
  }
});
