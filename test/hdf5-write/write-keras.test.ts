/**
 * The writer's profile is what Keras reads: real Keras 3 (JAX backend) loads
 * weights and whole models from files we wrote, in the layouts Keras 2
 * (`save_weights('x.h5')`, fixed-length strings, `kernel:0` names), Keras 3
 * legacy `.h5` (`model.save`, variable-length strings) and Keras 3
 * `.weights.h5` use. The Keras-formats code builds the real files; this
 * only proves the HDF5 underneath is right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H5File } from '../../src/hdf5/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { scratch } from './oracle.js';

const kernel0 = new Float32Array([0.5, -1.25, 2, 0.125, -3.5, 1e-3]);
const bias0 = new Float32Array([0.25, -0.75]);
const kernel1 = new Float32Array([1.5, -2]);
const bias1 = new Float32Array([0.0625]);
const expected = [kernel0, bias0, kernel1, bias1].map((a) => Array.from(a));

/** Keras 2.x `save_weights`: fixed-length ASCII name lists, TF variable names. */
function keras2Weights(): Uint8Array {
  const f = new H5File();
  f.attrs.set('layer_names', ['dense', 'dense_1'], { stringType: 'fixed', charset: 'ascii' });
  f.attrs.set('backend', 'tensorflow', { stringType: 'fixed', charset: 'ascii' });
  f.attrs.set('keras_version', '2.2.4', { stringType: 'fixed', charset: 'ascii' });
  for (const [layer, k, b, shape] of [['dense', kernel0, bias0, [3, 2]], ['dense_1', kernel1, bias1, [2, 1]]] as const) {
    const g = f.createGroup(layer);
    g.attrs.set('weight_names', [`${layer}/kernel:0`, `${layer}/bias:0`], { stringType: 'fixed', charset: 'ascii' });
    g.createDataset(`${layer}/kernel:0`, k, { shape: [...shape] });
    g.createDataset(`${layer}/bias:0`, b);
  }
  return f.toBytes();
}

const MODEL_CONFIG = JSON.stringify({
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    layers: [
      { class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', name: 'input_layer' } },
      { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'linear', use_bias: true } },
      { class_name: 'Dense', config: { name: 'dense_1', units: 1, activation: 'linear', use_bias: true } },
    ],
  },
});

/** Keras 3 `model.save('m.h5')`: variable-length strings, weights under `<layer>/sequential/<layer>/`. */
function keras3Model(): Uint8Array {
  const f = new H5File();
  f.attrs.set('backend', 'jax');
  f.attrs.set('keras_version', '3.15.1');
  f.attrs.set('model_config', MODEL_CONFIG, { charset: 'ascii' });
  const mw = f.createGroup('model_weights');
  mw.attrs.set('backend', 'jax', { charset: 'ascii' });
  mw.attrs.set('keras_version', '3.15.1', { charset: 'ascii' });
  mw.attrs.set('layer_names', ['dense', 'dense_1', 'top_level_model_weights'], { charset: 'ascii' });
  for (const [layer, k, b, shape] of [['dense', kernel0, bias0, [3, 2]], ['dense_1', kernel1, bias1, [2, 1]]] as const) {
    const g = mw.createGroup(layer);
    g.attrs.set('weight_names', [`sequential/${layer}/kernel`, `sequential/${layer}/bias`], { charset: 'ascii' });
    g.createDataset(`sequential/${layer}/kernel`, k, { shape: [...shape] });
    g.createDataset(`sequential/${layer}/bias`, b);
  }
  mw.createGroup('top_level_model_weights').attrs.set('weight_names', new Float64Array(0));
  return f.toBytes();
}

/** Keras 3 `save_weights('m.weights.h5')`: `layers/<layer>/vars/<i>`, groups named by a `name` attribute. */
function keras3WeightsFile(): Uint8Array {
  const f = new H5File();
  for (const [layer, k, b, shape] of [['dense', kernel0, bias0, [3, 2]], ['dense_1', kernel1, bias1, [2, 1]]] as const) {
    const vars = f.createGroup(`layers/${layer}/vars`);
    vars.attrs.set('name', layer);
    vars.createDataset('0', k, { shape: [...shape] });
    vars.createDataset('1', b);
  }
  f.createGroup('vars').attrs.set('name', 'sequential');
  return f.toBytes();
}

describe.skipIf(!oracle.python)('Keras 3 loads files we wrote', () => {
  let tmp: ReturnType<typeof scratch>;
  let result: Record<string, number[][]>;

  beforeAll(() => {
    tmp = scratch();
    const files = {
      keras2: tmp.file('keras2.h5', keras2Weights()),
      model: tmp.file('model.h5', keras3Model()),
      weights: tmp.file('model.weights.h5', keras3WeightsFile()),
    };
    result = runPython<Record<string, number[][]>>(['-c', `
import json, sys, warnings
warnings.filterwarnings('ignore')
import keras
files = json.loads(sys.stdin.read())
def fresh():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name='dense'), keras.layers.Dense(1, name='dense_1')])
def weights(m):
    return [w.tolist() if w.ndim == 1 else w.reshape(-1).tolist() for w in m.get_weights()]
out = {}
m = fresh(); m.load_weights(files['keras2']); out['keras2'] = weights(m)
m = keras.models.load_model(files['model'], compile=False); out['model'] = weights(m)
out['model_layers'] = [[len(m.layers)]]
m = fresh(); m.load_weights(files['weights']); out['weights'] = weights(m)
print(json.dumps(out))
`], files);
  });
  afterAll(() => tmp?.done());

  it('loads Keras 2-style legacy weights (fixed-length ASCII name lists, kernel:0 names)', () => {
    expect(result.keras2).toEqual(expected);
  });

  it('loads a whole Keras 3 legacy .h5 model (model_config, variable-length strings)', () => {
    expect(result.model_layers).toEqual([[2]]);
    expect(result.model).toEqual(expected);
  });

  it('loads Keras 3 .weights.h5 weights', () => {
    expect(result.weights).toEqual(expected);
  });
});
