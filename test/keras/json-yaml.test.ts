/**
 * Item 4 / 8(d): the architecture as JSON (Keras 3 to_json / model_from_json)
 * and YAML (Keras <= 2.5 to_yaml, PyYAML), round trips with real Keras and
 * PyYAML, and hostile documents.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracle, runPython } from '../helpers/oracles.js';
import { Sequential, Dense, Dropout, Activation, Flatten, Reshape, clearSession } from '../../src/nn/index.js';
import { modelFromJson, modelFromYaml, modelToJson, modelToYaml, saveModelBytes, loadModelBytes } from '../../src/keras/model-io.js';
import { saveWeightsBytes } from '../../src/keras/weights-files.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { YamlError } from '../../src/yaml/index.js';
import { Tensor } from '../../src/tensor/index.js';
import { ORACLE_TIMEOUT, expectClose, fixture, fixtureDir, lazy } from './helpers/fixtures.js';
import { readdirSync } from 'node:fs';
import { parseConfigJson } from '../../src/keras/config-guard.js';

function errorOf(fn: () => unknown): Error {
  try { fn(); } catch (e) { return e as Error; }
  throw new Error('expected an error');
}

function sample(): Sequential {
  const m = new Sequential([
    new Reshape({ targetShape: [6], inputShape: [2, 3], name: 'rs' }),
    new Dense({ units: 5, activation: 'relu', kernelRegularizer: 'l2', name: 'hidden' }),
    new Dropout({ rate: 0.25, name: 'drop' }),
    new Activation({ activation: 'tanh', name: 'act' }),
    new Reshape({ targetShape: [5, 1], name: 'rs2' }),
    new Flatten({ name: 'flat' }),
    new Dense({ units: 2, activation: 'softmax', name: 'out' }),
  ], { name: 'sample_model' });
  m.compile({ loss: 'categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return m;
}

describe('JSON', () => {
  it('toJson → modelFromJson → toJson is the identity, compile config included', () => {
    const a = sample();
    const text = modelToJson(a);
    const b = modelFromJson(text);
    expect(JSON.parse(modelToJson(b))).toEqual(JSON.parse(text));
    expect(b.optimizer!.className).toBe('Adam');
    expect(b.layers.map((l) => l.name)).toEqual(a.layers.map((l) => l.name));
  });

  it('modelFromJson(…, { compile: false }) ignores the compile config', () => {
    expect(modelFromJson(modelToJson(sample()), { compile: false }).optimizer).toBeNull();
  });

  const names = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  for (const name of names) {
    it(`Keras 3's to_json of ${name} reads and writes back as Keras wrote it`, () => {
      const fx = fixture(name);
      // Parsed as Python reads them: Keras writes float('inf') as Infinity (mlp_sgd_clipvalue_inf).
      const ours = parseConfigJson(modelToJson(modelFromJson(fx.to_json)), 'ours');
      const theirs = parseConfigJson(fx.to_json, 'theirs');
      // Keras 3 on JAX records jit_compile=true; so do we. Everything else must match exactly.
      expect(ours).toEqual(theirs);
    });
  }

  it('bad JSON is reported with line and column; a non-model document with a path', () => {
    const e = errorOf(() => modelFromJson('{"class_name": "Sequential",\n "config": {"layers": [}\n}')) as KerasFormatError;
    expect(e.code).toBe('BAD_JSON');
    expect(e.message).toMatch(/line 2, column 24/);
    const e2 = errorOf(() => modelFromJson('{"class_name": "Model", "config": {"layers": []}, "x": 1}')) as KerasFormatError;
    expect(e2.code).toBe('BAD_CONFIG');
  });
});

describe('YAML', () => {
  it('toYaml → modelFromYaml keeps the architecture', () => {
    const a = sample();
    const b = modelFromYaml(modelToYaml(a));
    const strip = (c: unknown): unknown => JSON.parse(JSON.stringify(c));
    expect(strip(b.getConfig())).toEqual(strip(a.getConfig()));
  });

  it('writes what Keras 2 wrote: sorted keys, Keras 2 layer configs, shapes as !!python/tuple', () => {
    clearSession();
    const m = new Sequential([new Dense({ units: 1, inputDim: 1, name: 'dense_1' })], { name: 'sequential_1' });
    expect(modelToYaml(m)).toBe([
      'backend: tensorflow',
      'class_name: Sequential',
      'config:',
      '  layers:',
      '  - class_name: InputLayer',
      '    config:',
      '      batch_input_shape: !!python/tuple [null, 1]',
      '      dtype: float32',
      '      name: input_layer',
      '      ragged: false',
      '      sparse: false',
      '  - class_name: Dense',
      '    config:',
      '      activation: linear',
      '      activity_regularizer: null',
      '      bias_constraint: null',
      '      bias_initializer:',
      '        class_name: Zeros',
      '        config: {}',
      '      bias_regularizer: null',
      '      dtype: float32',
      '      kernel_constraint: null',
      '      kernel_initializer:',
      '        class_name: GlorotUniform',
      '        config: {seed: null}',
      '      kernel_regularizer: null',
      '      name: dense_1',
      '      trainable: true',
      '      units: 1',
      '      use_bias: true',
      '  name: sequential_1',
      'keras_version: 2.4.0',
      '',
    ].join('\n'));
  });

  it('refuses every executable or unknown python tag, naming it and its line', () => {
    for (const tag of ['!!python/object/apply:os.system ["echo hi"]', '!!python/name:os.system', '!!python/object:keras.Model {}', '!!python/module:os']) {
      const e = errorOf(() => modelFromYaml(`class_name: Sequential\nconfig:\n  layers: ${tag}\n`));
      expect(e).toBeInstanceOf(YamlError);
      expect((e as YamlError).line).toBe(3);
      expect(e.message).toContain(tag.split(/[ :]/)[0]!.replace('!!', ''));
    }
  });

  it('prototype keys in YAML are refused with their path', () => {
    const e = errorOf(() => modelFromYaml('class_name: Sequential\nconfig:\n  __proto__: {polluted: true}\n  layers: []\n')) as KerasFormatError;
    expect(e.code).toBe('PROTOTYPE_KEY');
    expect(e.configPath).toBe('config.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hard_sigmoid across Keras generations', () => {
  it("Keras 3's hard_sigmoid cannot be written as Keras 2 YAML; Keras 2's cannot be written as Keras 3 JSON/.h5", () => {
    const k3 = new Sequential([new Dense({ units: 2, inputDim: 2, activation: 'hard_sigmoid', name: 'hs' })]);
    const e = errorOf(() => modelToYaml(k3)) as KerasFormatError;
    expect(e.code).toBe('UNREPRESENTABLE');
    expect(e.layerName).toBe('hs');
    expect(() => modelToJson(k3)).not.toThrow();
    // A Keras 2 YAML document with hard_sigmoid gives the Keras 2 function, which JSON/.h5 cannot express.
    const k2 = modelFromYaml(modelToYaml(new Sequential([new Dense({ units: 2, inputDim: 2, activation: 'sigmoid', name: 'hs' })])).replace('activation: sigmoid', 'activation: hard_sigmoid'));
    const y = k2.predict(new Tensor(new Float32Array([10, -10]), [1, 2]), { verbose: 0 });
    expect(y.shape).toEqual([1, 2]);
    expect((errorOf(() => modelToJson(k2)) as KerasFormatError).code).toBe('UNREPRESENTABLE');
    expect((errorOf(() => saveModelBytes(k2)) as KerasFormatError).code).toBe('UNREPRESENTABLE');
    expect(() => modelToYaml(k2)).not.toThrow();
  });
});

describe.skipIf(!oracle.python)('YAML with PyYAML and real Keras', () => {
  const dir = mkdtempSync(join(tmpdir(), 'purekeras-yaml-'));
  const m = sample();
  const x = new Tensor(Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)), [2, 2, 3]);
  const legacy = join(dir, 'w.h5');
  writeFileSync(legacy, saveWeightsBytes(m));
  const seed = new Sequential([new Dense({ units: 1, inputDim: 1, name: 'dense_1' })], { name: 'sequential_1' });
  const seedWeights = join(dir, 'seed.h5');
  writeFileSync(seedWeights, saveWeightsBytes(seed));
  const readOracle = lazy(() => runPython<Record<string, { full_load: unknown; tuple_keys: [string, boolean][]; safe_load: string; keras_predict?: { values: number[] }; keras_error?: string }>>(
    ['scripts/gen_keras_oracle.py', 'yaml_read'], { cases: [
      { name: 'sample', yaml: modelToYaml(m), legacy_weights: legacy, x_predict: { shape: x.shape, values: Array.from(x.data) } },
      { name: 'seed', yaml: modelToYaml(seed), legacy_weights: seedWeights, x_predict: { shape: [2, 1], values: [0.5, -1] } },
    ] }));
  beforeAll(() => { readOracle(); }, ORACLE_TIMEOUT);

  it("PyYAML's FullLoader (Keras 2.2–2.5's model_from_yaml) reads our YAML as the Keras 2 config, shapes as tuples", () => {
    const read = readOracle();
    const doc = read.sample!.full_load as { class_name: string; keras_version: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    expect(doc.class_name).toBe('Sequential');
    expect(doc.config.layers.map((l) => l.class_name)).toEqual(['InputLayer', 'Reshape', 'Dense', 'Dropout', 'Activation', 'Reshape', 'Flatten', 'Dense']);
    expect(doc.config.layers[0]!.config.batch_input_shape).toEqual([null, 2, 3]);
    expect(read.sample!.tuple_keys).toEqual([['batch_input_shape', true], ['target_shape', true]]);
    expect(doc.config.layers[2]!.config.kernel_regularizer).toEqual({ class_name: 'L2', config: { l2: 0.01 } });
    // yaml.safe_load refuses !!python/tuple, as it did for Keras 2's own YAML.
    expect(read.sample!.safe_load).toBe('ConstructorError');
  });

  it("Keras 3's legacy config reader builds the model from our YAML, and with our weights predicts as we do", () => {
    const read = readOracle();
    for (const name of ['sample', 'seed'] as const) {
      expect(read[name]!.keras_error, name).toBeUndefined();
    }
    expectClose(read.sample!.keras_predict!.values, m.predict(x, { verbose: 0 }).data, 'sample');
    expectClose(read.seed!.keras_predict!.values, seed.predict(new Tensor(new Float32Array([0.5, -1]), [2, 1]), { verbose: 0 }).data, 'seed');
  });

  it('reads what PyYAML wrote for Keras 2 configs (block and pre-5.1 flow style, !!python/tuple)', () => {
    const read = readOracle();
    const k2 = JSON.stringify(JSON.parse(modelToJson(seed)) && (read.seed!.full_load as object));
    const written = runPython<Record<string, { block: string; flow_leaves: string }>>(['scripts/gen_keras_oracle.py', 'yaml_write'], { configs: { seed: k2, sample: JSON.stringify(read.sample!.full_load) } });
    expect(written.seed!.flow_leaves).toContain('!!python/tuple [null, 1]');
    expect(written.seed!.block).toContain('!!python/tuple\n');
    for (const style of ['block', 'flow_leaves'] as const) {
      const a = modelFromYaml(written.sample![style]);
      expect(JSON.parse(JSON.stringify(a.getConfig()))).toEqual(JSON.parse(JSON.stringify(m.getConfig())));
      const b = modelFromYaml(written.seed![style]);
      expect(b.layers.map((l) => l.name)).toEqual(['dense_1']);
    }
  });
});

describe('whole-model round trip keeps the architecture and the YAML/JSON agree', () => {
  it('non-ASCII layer names survive .h5, JSON and YAML (escaped as Python escapes them)', () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 3, name: 'dénse_ü' }), new Dense({ units: 1, name: '層_2' })]);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    const back = loadModelBytes(saveModelBytes(m));
    expect(back.layers.map((l) => l.name)).toEqual(['dénse_ü', '層_2']);
    expect(modelToJson(m)).toContain('"d\\u00e9nse_\\u00fc"');
    expect(modelFromJson(modelToJson(m)).layers.map((l) => l.name)).toEqual(['dénse_ü', '層_2']);
    expect(modelFromYaml(modelToYaml(m)).layers.map((l) => l.name)).toEqual(['dénse_ü', '層_2']);
  });

  it('saveModelBytes → loadModelBytes → toJson equals the original toJson', () => {
    const a = sample();
    const b = loadModelBytes(saveModelBytes(a));
    const ja = JSON.parse(modelToJson(a)) as Record<string, unknown>;
    const jb = JSON.parse(modelToJson(b)) as Record<string, unknown>;
    expect(jb.config).toEqual(ja.config);
  });
});
