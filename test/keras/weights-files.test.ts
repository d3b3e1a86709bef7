import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWeightsBytes, saveWeightsBytes, keras3LayerKeys } from '../../src/keras/weights-files.js';
import { splitForAttributes } from '../../src/keras/legacy-h5.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { openHdf5, type Hdf5Group } from '../../src/hdf5/index.js';
import { oracle } from '../helpers/oracles.js';
import { ORACLE_TIMEOUT, FakeLayer, FakeModel, fixture, fixtureBytes, valuesOf } from './helpers/fixtures.js';

function layersModel(): FakeModel {
  // The layers_adam_mae fixture: Reshape, Dense 'hidden' (6→5), Activation, Dropout, Reshape, Flatten, Dense (5→2, no bias).
  return new FakeModel('sequential', [
    new FakeLayer('Reshape', 'reshape', []),
    new FakeLayer('Dense', 'hidden', [[6, 5], [5]]),
    new FakeLayer('Activation', 'activation', []),
    new FakeLayer('Dropout', 'dropout', []),
    new FakeLayer('Reshape', 'reshape_1', []),
    new FakeLayer('Flatten', 'flatten', []),
    new FakeLayer('Dense', 'dense', [[5, 2]]),
  ]);
}

function errorOf(fn: () => unknown): KerasFormatError {
  try { fn(); } catch (e) { if (e instanceof KerasFormatError) return e; throw e; }
  throw new Error('expected a KerasFormatError');
}

describe('loadWeights from files written by real Keras 3', () => {
  const fx = fixture('layers_adam_mae');
  const expectWeights = (m: FakeModel) => {
    const vars = m.layers.flatMap((l) => l.weights);
    expect(vars.map((v) => v.path)).toEqual(fx.weights.map((w) => w.path));
    vars.forEach((v, i) => expect(valuesOf(v)).toEqual(fx.weights[i]!.values));
  };

  it('legacy .h5 weights (save_weights_to_hdf5_group)', () => {
    const m = layersModel();
    loadWeightsBytes(m, fixtureBytes('layers_adam_mae.legacy.h5'));
    expectWeights(m);
  });

  it('Keras 3 .weights.h5 (layer groups named by class and counter)', () => {
    const m = layersModel();
    loadWeightsBytes(m, fixtureBytes('layers_adam_mae.weights.h5'));
    expectWeights(m);
  });

  it('a whole-model .h5 file used as a weights file', () => {
    const m = layersModel();
    loadWeightsBytes(m, fixtureBytes('layers_adam_mae.h5').buffer as ArrayBuffer);
    expectWeights(m);
  });

  it('Keras 3 group keys: snake_case class name plus a counter per class', () => {
    expect(keras3LayerKeys(layersModel().layers)).toEqual(['reshape', 'dense', 'activation', 'dropout', 'reshape_1', 'flatten', 'dense_1']);
  });
});

describe('loadWeights: Keras checks, byName, skipMismatch', () => {
  const bytes = fixtureBytes('layers_adam_mae.legacy.h5');

  it('refuses a model with another number of weighted layers, naming both counts', () => {
    const m = new FakeModel('s', [new FakeLayer('Dense', 'hidden', [[6, 5], [5]])]);
    const e = errorOf(() => loadWeightsBytes(m, bytes));
    expect(e.code).toBe('LAYER_COUNT_MISMATCH');
    expect(e.message).toContain('expects 1 layers with weights, the file has 2');
  });

  it('names the layer, the weight and both shapes on a shape mismatch, and changes nothing', () => {
    const m = new FakeModel('s', [new FakeLayer('Dense', 'a', [[6, 5], [5]]), new FakeLayer('Dense', 'b', [[5, 3]])]);
    const e = errorOf(() => loadWeightsBytes(m, bytes));
    expect(e.code).toBe('WEIGHT_SHAPE_MISMATCH');
    expect(e.layerName).toBe('b');
    expect(e.message).toContain('sequential/b/kernel');
    expect(e.message).toContain('(5, 3)');
    expect(e.message).toContain('(5, 2)');
    // Checked before assigning: layer 'a' is untouched.
    expect(m.layers[0]!.weights[0]!.value.data[0]).toBe(-1);
  });

  it('skipMismatch skips the mismatched weight with a warning naming layer and shapes', () => {
    const m = new FakeModel('s', [new FakeLayer('Dense', 'a', [[6, 5], [5]]), new FakeLayer('Dense', 'b', [[5, 3]])]);
    const warnings: string[] = [];
    loadWeightsBytes(m, bytes, { skipMismatch: true, onWarning: (w) => warnings.push(w) });
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain('named b');
    expect(warnings[0]).toContain('(5, 3)');
    expect(valuesOf(m.layers[0]!.weights[0]!)).toEqual(fixture('layers_adam_mae').weights[0]!.values);
    expect(m.layers[1]!.weights[0]!.value.data.every((x) => x === -1)).toBe(true);
  });

  it('a weight count mismatch names the layer and both counts', () => {
    const m = new FakeModel('s', [new FakeLayer('Dense', 'a', [[6, 5]]), new FakeLayer('Dense', 'b', [[5, 2]])]);
    const e = errorOf(() => loadWeightsBytes(m, bytes));
    expect(e.code).toBe('WEIGHT_COUNT_MISMATCH');
    expect(e.layerName).toBe('a');
    expect(e.message).toContain('expects 1 weight(s), the file has 2');
  });

  it('byName loads each file layer into every model layer of that name and leaves the rest alone', () => {
    const fx = fixture('layers_adam_mae');
    const m = new FakeModel('s', [
      new FakeLayer('Dense', 'new_dense', [[7, 7]]),
      new FakeLayer('Dense', 'hidden', [[6, 5], [5]]),
      new FakeLayer('Dense', 'dense', [[5, 2]]),
    ]);
    loadWeightsBytes(m, bytes, { byName: true });
    expect(m.layers[0]!.weights[0]!.value.data.every((x) => x === -1)).toBe(true);
    expect(valuesOf(m.layers[1]!.weights[1]!)).toEqual(fx.weights[1]!.values);
    expect(valuesOf(m.layers[2]!.weights[0]!)).toEqual(fx.weights[2]!.values);
  });

  it('byName with a different weight count throws, or skips with skipMismatch', () => {
    const mk = () => new FakeModel('s', [new FakeLayer('Dense', 'hidden', [[6, 5]])]);
    expect(errorOf(() => loadWeightsBytes(mk(), bytes, { byName: true })).code).toBe('WEIGHT_COUNT_MISMATCH');
    const warnings: string[] = [];
    const m = mk();
    loadWeightsBytes(m, bytes, { byName: true, skipMismatch: true, onWarning: (w) => warnings.push(w) });
    expect(warnings[0]).toContain('weight count mismatch');
  });

  it('byName is refused for Keras 3 .weights.h5 files, as in Keras', () => {
    expect(errorOf(() => loadWeightsBytes(layersModel(), fixtureBytes('layers_adam_mae.weights.h5'), { byName: true })).code).toBe('BAD_ARGUMENT');
  });

  it('a file without layer_names is not a Keras weights file', () => {
    const dir = oracle.fixtures;
    if (!dir) return;
    const bytes2 = new Uint8Array(readFileSync(join(dir, 'hdf5-conformance', 'jjhelmus__pyfive__earliest.hdf5')));
    expect(errorOf(() => loadWeightsBytes(layersModel(), bytes2)).code).toBe('NOT_A_KERAS_FILE');
  });
});

describe('saveWeights round trips', () => {
  const source = () => {
    const m = layersModel();
    loadWeightsBytes(m, fixtureBytes('layers_adam_mae.legacy.h5'));
    return m;
  };

  for (const format of ['legacy', 'keras3'] as const) {
    it(`${format}: our file loads back exactly`, () => {
      const bytes = saveWeightsBytes(source(), { format });
      const m = layersModel();
      loadWeightsBytes(m, bytes);
      const fx = fixture('layers_adam_mae');
      m.layers.flatMap((l) => l.weights).forEach((v, i) => expect(valuesOf(v)).toEqual(fx.weights[i]!.values));
    });
  }

  it('legacy layout: layer_names and weight_names as fixed-length ASCII like Keras 2, empty lists as float64', () => {
    const root = openHdf5(saveWeightsBytes(source()));
    expect(root.attrs.layer_names).toEqual(['reshape', 'hidden', 'activation', 'dropout', 'reshape_1', 'flatten', 'dense']);
    expect(root.attrs.keras_version).toBe('3.15.1');
    expect(root.attrs.backend).toBe('tensorflow');
    const hidden = root.get('hidden') as Hdf5Group;
    expect(hidden.attrs.weight_names).toEqual(['sequential/hidden/kernel', 'sequential/hidden/bias']);
    expect((root.get('flatten') as Hdf5Group).attrs.weight_names).toEqual(new Float64Array(0));
    expect(root.has('top_level_model_weights')).toBe(true);
  });

  it('splits long name lists as Keras does (numpy array_split into 64,512-byte chunks)', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `layer_with_a_long_name_${i}`);
    const chunks = splitForAttributes(names);
    const item = Math.max(...names.map((n) => n.length));
    // The fewest chunks whose largest holds at most 64,512 bytes.
    const k = chunks.length;
    expect(Math.ceil(names.length / k) * item).toBeLessThanOrEqual(64512);
    expect(Math.ceil(names.length / (k - 1)) * item).toBeGreaterThan(64512);
    expect(chunks.flat()).toEqual(names);
    expect(chunks.map((c) => c.length)).toEqual(chunks.map((_, i) => Math.floor(3000 / k) + (i < 3000 % k ? 1 : 0)));
  });
});

describe.skipIf(!oracle.python)('long name lists, split as real Keras splits and joins them', () => {
  it('3000 layers: layer_names0..N written with the same chunks as Keras, read back by Keras', async () => {
    const { runPython } = await import('../helpers/oracles.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const layers = Array.from({ length: 3000 }, (_, i) => new FakeLayer('Dense', `dense_layer_number_${i}`, [[1, 1]]));
    const names = layers.map((l) => l.name);
    const path = join(mkdtempSync(join(tmpdir(), 'purekeras-split-')), 'w.h5');
    writeFileSync(path, saveWeightsBytes(new FakeModel('s', layers)));
    const r = runPython<{ keras_reads: string[]; ours: Record<string, number>; keras_writes: Record<string, number> }>(
      ['scripts/gen_keras_oracle.py', 'split_attrs'], { file: path, names });
    expect(r.keras_reads).toEqual(names);
    expect(Object.keys(r.ours).length).toBeGreaterThan(1);
    expect(r.ours).toEqual(r.keras_writes);
    // And we read Keras's split form back.
    const m = new FakeModel('s', layers.map((l) => new FakeLayer('Dense', l.name, [[1, 1]])));
    loadWeightsBytes(m, readFileSync(path));
  }, ORACLE_TIMEOUT);
});
