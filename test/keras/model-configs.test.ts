import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { oracle, runPython } from '../helpers/oracles.js';
import { translateModelConfig, detectEra } from '../../src/keras/model-configs.js';
import { parseConfigJson, parsePythonJson, type JsonObject } from '../../src/keras/config-guard.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { modelFromJson } from '../../src/keras/model-io.js';
import { Tensor } from '../../src/tensor/index.js';
import { ORACLE_TIMEOUT } from './helpers/fixtures.js';

function errorOf(fn: () => unknown): KerasFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KerasFormatError) return e;
    throw e;
  }
  throw new Error('expected a KerasFormatError');
}

const layersOf = (c: JsonObject) => c.layers as JsonObject[];

const CATEGORIES = ['keras1', 'keras2', 'keras3', 'tfkeras', 'other-layers'];
function fixtureFiles(): string[] {
  const root = oracle.fixtures!;
  return CATEGORIES.flatMap((c) => readdirSync(join(root, c)).map((f) => join(root, c, f))).sort();
}

let pyCache: { attrs: Record<string, { keras_version: string | null; model_config: string }> | null; functional: Record<string, string> } | null = null;
/** One Python process for the file: the fixtures' attributes (when present) and Keras 3 functional JSONs. */
function pyOracle(): NonNullable<typeof pyCache> {
  if (pyCache) return pyCache;
  const withFixtures = oracle.fixtures !== null;
  const commands: [string, unknown][] = [['functional', {}]];
  if (withFixtures) commands.push(['attrs', { files: fixtureFiles() }]);
  const out = runPython<unknown[]>(['scripts/gen_keras_oracle.py', 'batch'], { commands });
  pyCache = { functional: out[0] as Record<string, string>, attrs: withFixtures ? out[1] as Record<string, { keras_version: string | null; model_config: string }> : null };
  return pyCache;
}
const cfgOf = (l: JsonObject) => l.config as JsonObject;

describe('translateModelConfig: shared config fixtures (Keras 1 and 2 to_json)', () => {
  const dir = oracle.fixtures ? join(oracle.fixtures, 'configs') : null;

  it.skipIf(!dir)('Keras 1 list-style Sequential: output_dim/init/p become units/kernel_initializer/rate, with an InputLayer from batch_input_shape', () => {
    const text = readFileSync(join(dir!, 'malfaro2__dl4j-test-resources__mnist_mlp_tf_keras_1_config.json'), 'utf8');
    const raw = JSON.parse(text) as { config: JsonObject[]; keras_version: string };
    const t = translateModelConfig(parseConfigJson(text, 'JSON'));
    expect(t.era).toBe(1);
    const out = layersOf(t.config);
    expect(out.length).toBe(raw.config.length + 1);
    expect(out[0]!.class_name).toBe('InputLayer');
    expect(cfgOf(out[0]!).batch_shape).toEqual(raw.config[0]!.config && (raw.config[0]!.config as JsonObject).batch_input_shape);
    for (let i = 0; i < raw.config.length; i++) {
      const src = raw.config[i]!;
      const dst = out[i + 1]!;
      const s = src.config as JsonObject;
      const d = cfgOf(dst);
      expect(dst.class_name).toBe(src.class_name);
      expect(d.name).toBe(s.name);
      if (src.class_name === 'Dense') {
        expect(d.units).toBe(s.output_dim);
        expect(d.use_bias).toBe(s.bias);
        expect((d.kernel_initializer as JsonObject).class_name).toBe('GlorotUniform');
        expect(d.activation).toBe(s.activation);
      }
      if (src.class_name === 'Dropout') expect(d.rate).toBe(s.p);
      if (src.class_name === 'Activation') expect(d.activation).toBe(s.activation);
    }
  });

  it.skipIf(!dir)('Keras 2 list-style Sequential keeps VarianceScaling and maps distribution "normal" to Keras 3 "truncated_normal"', () => {
    const text = readFileSync(join(dir!, 'malfaro2__dl4j-test-resources__mnist_mlp_th_keras_2_config.json'), 'utf8');
    const raw = JSON.parse(text) as { config: JsonObject[] };
    const t = translateModelConfig(parseConfigJson(text, 'JSON'));
    expect(t.era).toBe(2);
    const dense = layersOf(t.config)[1]!;
    const srcInit = (raw.config[0]!.config as JsonObject).kernel_initializer as JsonObject;
    const init = cfgOf(dense).kernel_initializer as JsonObject;
    expect(init.class_name).toBe(srcInit.class_name);
    expect(init.module).toBe('keras.initializers');
    const srcDist = (srcInit.config as JsonObject).distribution;
    expect((init.config as JsonObject).distribution).toBe(srcDist === 'normal' ? 'truncated_normal' : srcDist);
    expect(cfgOf(dense).units).toBe((raw.config[0]!.config as JsonObject).units);
  });

  it.skipIf(!dir)('every shared config either translates or names the unsupported class / graph', () => {
    const expected: Record<string, string> = {
      'malfaro2__dl4j-test-resources__keras2_mlp_config.json': 'UNSUPPORTED_LAYER:BatchNormalization',
      'malfaro2__dl4j-test-resources__keras2_mlp_fapi_config.json': 'UNSUPPORTED_GRAPH',
      'malfaro2__dl4j-test-resources__mlp_config.json': 'UNSUPPORTED_LAYER:LeakyReLU',
      'malfaro2__dl4j-test-resources__mlp_fapi_config.json': 'UNSUPPORTED_GRAPH',
      'malfaro2__dl4j-test-resources__mnist_mlp_tf_keras_1_config.json': 'ok',
      'malfaro2__dl4j-test-resources__mnist_mlp_tf_keras_2_config.json': 'ok',
      'malfaro2__dl4j-test-resources__mnist_mlp_th_keras_1_config.json': 'UNSUPPORTED_LAYER:LeakyReLU',
      'malfaro2__dl4j-test-resources__mnist_mlp_th_keras_2_config.json': 'ok',
      'malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_config.json': 'UNSUPPORTED_LAYER:LSTM',
      'pplonski__keras2cpp__my_nn_arch.json': 'UNSUPPORTED_LAYER:Convolution2D',
      'transcranial__keras-js__mnist_cnn.json': 'UNSUPPORTED_LAYER:Convolution2D',
    };
    const files = readdirSync(dir!).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
    for (const f of files) {
      const doc = parseConfigJson(readFileSync(join(dir!, f), 'utf8'), f);
      const want = expected[f]!;
      if (want === 'ok') {
        expect(() => translateModelConfig(doc), f).not.toThrow();
        // The whole JSON builds a working model (fresh weights).
        const m = modelFromJson(readFileSync(join(dir!, f), 'utf8'));
        const inDim = m.inputShape[1] as number;
        const y = m.predict(new Tensor(new Float32Array(inDim * 2).fill(0.1), [2, inDim]), { verbose: 0 });
        expect(y.shape[0], f).toBe(2);
        continue;
      }
      const err = errorOf(() => translateModelConfig(doc));
      const [code, cls] = want.split(':');
      expect(err.code, f).toBe(code);
      if (cls) {
        expect(err.message, f).toContain(`'${cls}'`);
        expect(err.message, f).toContain('supported: Dense, InputLayer, Activation, Dropout, Flatten, Reshape');
        expect(err.layerName, f).not.toBe('');
        expect(err.configPath, f).toMatch(/^(\[\d+\]|layers\[\d+\])\.class_name$/);
      }
    }
  });
});

describe.skipIf(!oracle.python || !oracle.fixtures)('translateModelConfig: model_config of every Keras file in the shared fixtures', () => {
  // Reached only from inside tests (vitest runs skipped suites' bodies).
  const rootDir = (): string => oracle.fixtures!;
  const attrsOf = (rel: string) => pyOracle().attrs![join(rootDir(), rel)]!;
  beforeAll(() => { pyOracle(); }, ORACLE_TIMEOUT);
  const expected: Record<string, string> = {
    'keras1/malfaro2__dl4j-test-resources__dense_tensorflow_1.h5': 'ok',
    'keras1/malfaro2__dl4j-test-resources__dense_theano_1.h5': 'ok',
    'keras1/malfaro2__dl4j-test-resources__model.h5': 'ok',
    'keras1/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_1_model.h5': 'UNSUPPORTED_LAYER:LSTM',
    'keras1/malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_model.h5': 'UNSUPPORTED_LAYER:LSTM',
    'keras2/KonduitAI__dl4j-test-resources__ReLU_0_model.h5': 'UNSUPPORTED_LAYER:ReLU',
    'keras2/malfaro2__dl4j-test-resources__adadelta.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__adagrad.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__adam.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__adamax.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__dense_tensorflow_2.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__dense_theano_2.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__nadam.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__rmsprop.h5': 'ok',
    'keras2/malfaro2__dl4j-test-resources__sgd.h5': 'ok',
    'keras3/HrushikeshSS10__Bank-Churn-Prediction__model.h5': 'ok',
    'keras3/HrushikeshSS10__Bank-Churn-Prediction__model__295889bb.h5': 'ok',
    'other-layers/KonduitAI__dl4j-test-resources__issue_9349.hdf5': 'UNSUPPORTED_LAYER:Embedding',
    'other-layers/KonduitAI__dl4j-test-resources__misc_0.h5': 'UNSUPPORTED_LAYER:Embedding',
    'other-layers/KonduitAI__dl4j-test-resources__tfop_0.h5': 'UNSUPPORTED_LAYER:TensorFlowOpLayer',
    'other-layers/malfaro2__dl4j-test-resources__batch_to_conv2d_tensorflow_1.h5': 'UNSUPPORTED_LAYER:BatchNormalization',
    'other-layers/malfaro2__dl4j-test-resources__cnn_batch_norm.h5': 'UNSUPPORTED_LAYER:Conv2D',
    'other-layers/malfaro2__dl4j-test-resources__conv2d_theano_1.h5': 'UNSUPPORTED_LAYER:Convolution2D',
    'other-layers/malfaro2__dl4j-test-resources__embedding_lstm_tensorflow_2.h5': 'UNSUPPORTED_LAYER:Embedding',
    'other-layers/malfaro2__dl4j-test-resources__masking_zero_lstm.h5': 'UNSUPPORTED_LAYER:Masking',
    'other-layers/malfaro2__dl4j-test-resources__reshape_model.h5': 'UNSUPPORTED_LAYER:LSTM',
    'other-layers/malfaro2__dl4j-test-resources__sequential_lambda.h5': 'UNSUPPORTED_LAYER:Lambda',
    'tfkeras/KonduitAI__dl4j-test-resources__mlp_0.h5': 'ok',
    'tfkeras/KonduitAI__dl4j-test-resources__mlp_1.h5': 'ok',
    'tfkeras/KonduitAI__dl4j-test-resources__mlp_9.h5': 'ok',
    'tfkeras/KonduitAI__dl4j-test-resources__some_loss.h5': 'ok',
  };

  it('covers exactly the fixture files', () => {
    expect(fixtureFiles().map((f) => f.slice(rootDir().length + 1))).toEqual(Object.keys(expected).sort());
  });

  for (const [rel, want] of Object.entries(expected)) {
    it(`${rel} → ${want}`, () => {
      const a = attrsOf(rel);
      const doc = parseConfigJson(a.model_config, 'model_config');
      if (want === 'ok') {
        const t = translateModelConfig(doc, a.keras_version ?? undefined);
        const layers = layersOf(t.config);
        expect(layers[0]!.class_name).toBe('InputLayer');
        for (const l of layers.slice(1)) expect(['Dense', 'Activation', 'Dropout', 'Flatten', 'Reshape']).toContain(l.class_name);
        expect(t.era).toBe(Number.parseInt(a.keras_version ?? '1', 10));
        return;
      }
      const [code, cls] = want.split(':');
      const err = errorOf(() => translateModelConfig(doc, a.keras_version ?? undefined));
      expect(err.code).toBe(code);
      expect(err.message).toContain(`'${cls}'`);
    });
  }

  it('tf.keras functional chain (mlp_1: Input → Dense → Activation → Dropout) becomes a Sequential in graph order', () => {
    const a = attrsOf('tfkeras/KonduitAI__dl4j-test-resources__mlp_1.h5');
    const t = translateModelConfig(parseConfigJson(a.model_config, 'model_config'), a.keras_version!);
    expect(t.sourceClass).toBe('Model');
    expect(t.config.name).toBe('model_1');
    expect(layersOf(t.config).map((l) => cfgOf(l).name)).toEqual(['input_2', 'dense_1', 'activation_1', 'dropout_1']);
    expect(cfgOf(layersOf(t.config)[0]!).batch_shape).toEqual([null, 3]);
  });
});

describe.skipIf(!oracle.python)('translateModelConfig: Keras 3 functional graphs (live Keras)', () => {
  beforeAll(() => { pyOracle(); }, ORACLE_TIMEOUT);
  const docs = new Proxy({} as Record<string, string>, { get: (_t, k: string) => pyOracle().functional[k] });

  it('a single chain loads as an equivalent Sequential, keeping every layer config', () => {
    const raw = JSON.parse(docs.chain!) as { config: { layers: JsonObject[] } };
    const t = translateModelConfig(parseConfigJson(docs.chain!, 'JSON'));
    expect(t.era).toBe(3);
    const layers = layersOf(t.config);
    expect(layers.map((l) => cfgOf(l).name)).toEqual(['in', 'd1', 'drop', 'd2']);
    // The Keras 3 layer configs pass through unchanged.
    for (let i = 1; i < layers.length; i++) expect(cfgOf(layers[i]!)).toEqual(raw.config.layers[i]!.config);
  });

  const refused: [string, string, string][] = [
    ['branch', 'UNSUPPORTED_GRAPH', 'output_layers'],
    ['merge', 'UNSUPPORTED_GRAPH', 'layers[3].inbound_nodes'],
    ['shared', 'UNSUPPORTED_GRAPH', 'layers[1].inbound_nodes'],
    ['two_inputs', 'UNSUPPORTED_GRAPH', 'input_layers'],
  ];
  for (const [name, code, path] of refused) {
    it(`refuses the ${name} graph with ${code} at ${path}`, () => {
      const err = errorOf(() => translateModelConfig(parseConfigJson(docs[name]!, 'JSON')));
      expect(err.code).toBe(code);
      expect(err.configPath).toBe(path);
    });
  }
});

describe('config safety and error locations', () => {
  const seq = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });
  const dense = (config: Record<string, unknown>) => ({ class_name: 'Dense', config: { name: 'd', units: 2, ...config } });

  it('a class_name of "constructor" or "__proto__" is an unsupported layer, not a prototype lookup', () => {
    for (const cls of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const err = errorOf(() => translateModelConfig(seq([{ class_name: cls, config: { name: 'x' } }]) as never));
      expect(err.code).toBe('UNSUPPORTED_LAYER');
      expect(err.configPath).toBe('layers[0].class_name');
    }
  });

  it('refuses __proto__, constructor and prototype keys anywhere, with their path', () => {
    const err = errorOf(() => parseConfigJson('{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"__proto__": {"units": 3}}}]}}', 'JSON'));
    expect(err.code).toBe('PROTOTYPE_KEY');
    expect(err.configPath).toBe('config.layers[0].config.__proto__');
    expect(({} as Record<string, unknown>).units).toBeUndefined();
    const err2 = errorOf(() => parseConfigJson('{"a": [{"constructor": 1}]}', 'JSON'));
    expect(err2.configPath).toBe('a[0].constructor');
  });

  it('reports bad JSON with line and column', () => {
    const err = errorOf(() => parseConfigJson('{\n  "class_name": "Sequential",\n  "config": [,]\n}', 'model_config'));
    expect(err.code).toBe('BAD_JSON');
    expect(err.message).toMatch(/line 3, column 14/);
  });

  it('locates JSON syntax errors like the engine would reject them, and parses valid JSON as the engine does (property)', () => {
    const errorAt = (t: string): number => { const r = parsePythonJson(t); return 'errorAt' in r ? r.errorAt : -1; };
    const cases: [string, number][] = [['{"a": 1,}', 8], ['[1 2]', 3], ['{"a" 1}', 5], ['"abc', 4], ['[1, tru]', 4], ['{"a": [1, {"b": "\\x"}]}', 17], ['[] x', 3], ['', 0],
      ['[01]', 2], ['[1.]', 3], ['[-]', 1], ['[1e]', 3], ['[-NaN]', 1], ['[Infinityx]', 9], ['{"a": 1 "b": 2}', 8], ['["\t"]', 2]];
    for (const [t, at] of cases) expect(errorAt(t), t).toBe(at);
    for (const t of ['{}', '[]', '{"a": [1, -2.5e3, true, null, "x\\u00e9"], "b": {}}', ' 3 ']) expect(parsePythonJson(t), t).toEqual({ value: JSON.parse(t) });
    fc.assert(fc.property(fc.jsonValue(), fc.nat(), (v, cut) => {
      const text = JSON.stringify(v, null, cut % 3);
      expect(parsePythonJson(text)).toEqual({ value: JSON.parse(text) });
      const broken = text.slice(0, cut % (text.length + 1)) + (cut % 2 ? '' : ',');
      let parses = true;
      try { JSON.parse(broken); } catch { parses = false; }
      const at = errorAt(broken);
      if (parses) expect(at).toBe(-1);
      else expect(at).toBeGreaterThanOrEqual(0);
    }), { numRuns: 500 });
  });

  it("reads Python's NaN, Infinity and -Infinity tokens as json.loads does (texts with them in random places, checked by Python)", () => {
    const tokens = ['NaN', 'Infinity', '-Infinity'];
    // JSON texts with some of their numbers replaced by Python's tokens, and strings that only look like them.
    const texts = fc.sample(fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.nat(2), { minLength: 1, maxLength: 6 })).map(([v, picks]) => {
      let k = 0;
      const text = JSON.stringify({ v, s: 'NaN Infinity', [tokens[picks[0]!]!]: 1 }).replace(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[,\]}])/g, (m) => (k < picks.length ? tokens[picks[k++]!]! : m));
      return `[${tokens.join(', ')}, ${text}]`;
    }), { numRuns: 60, seed: 7 });
    // Non-finite floats as tagged objects on both sides, so plain JSON carries them.
    const tag = (v: unknown): unknown => typeof v === 'number' && !Number.isFinite(v) ? { nonfinite: String(v) }
      : Array.isArray(v) ? v.map(tag) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)])) : v;
    const py = oracle.python ? runPython<unknown[]>(['-c', `
import json, math, sys
def tag(v):
    if isinstance(v, float) and not math.isfinite(v): return {'nonfinite': {'nan': 'NaN', 'inf': 'Infinity', '-inf': '-Infinity'}[repr(v)]}
    if isinstance(v, list): return [tag(x) for x in v]
    if isinstance(v, dict): return {k: tag(x) for k, x in v.items()}
    return v
print(json.dumps([tag(json.loads(t)) for t in json.load(sys.stdin)]))`], texts) : null;
    texts.forEach((t, i) => {
      const parsed = parsePythonJson(t);
      if (!('value' in parsed)) throw new Error(`not parsed: ${t}`);
      const ours = parsed.value;
      expect((ours as unknown[]).slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
      if (py) expect(tag(ours), t).toEqual(py[i]);
    });
    // Strings stay strings; a prototype key is refused on this path too; errors are located.
    expect(parseConfigJson('{"a": "NaN", "b": Infinity}', 'JSON')).toEqual({ a: 'NaN', b: Infinity });
    expect(errorOf(() => parseConfigJson('{"x": NaN, "__proto__": {"units": 3}}', 'JSON')).code).toBe('PROTOTYPE_KEY');
    expect(({} as Record<string, unknown>).units).toBeUndefined();
    const bad = errorOf(() => parseConfigJson('{"a": NaN,\n "b": -NaN}', 'training_config'));
    expect(bad.code).toBe('BAD_JSON');
    expect(bad.message).toMatch(/training_config is not valid JSON \(line 2, column 7\)/);
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const err = errorOf(() => parseConfigJson(deep, 'JSON'));
    expect(err.code).toBe('CONFIG_TOO_DEEP');
  });

  it('names the layer and config path of a bad value', () => {
    const err = errorOf(() => translateModelConfig(seq([
      { class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 3] } },
      dense({ name: 'd1' }),
      dense({ name: 'd2', units: 'abc' }),
    ]) as never));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.layerName).toBe('d2');
    expect(err.configPath).toBe('layers[2].config.units');
    const k1 = errorOf(() => translateModelConfig({ class_name: 'Sequential', config: [
      { class_name: 'Dense', config: { name: 'dense_1', output_dim: -4, input_dim: 3 } },
    ] } as never));
    expect(k1.configPath).toBe('[0].config.output_dim');
    expect(k1.layerName).toBe('dense_1');
  });

  it('refuses unknown config keys by path instead of dropping them', () => {
    const err = errorOf(() => translateModelConfig(seq([dense({ name: 'd1', input_dim: 3, frobnicate: 1 })]) as never));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.configPath).toBe('layers[0].config.frobnicate');
  });

  it('detects the Keras generation from keras_version or, without it, from the config style', () => {
    expect(detectEra('1.2.2', undefined)).toBe(1);
    expect(detectEra('2.2.4-tf', undefined)).toBe(2);
    expect(detectEra('3.13.2', undefined)).toBe(3);
    expect(detectEra(undefined, { class_name: 'Dense', config: { output_dim: 3 } })).toBe(1);
    expect(detectEra(undefined, { module: 'keras.layers', class_name: 'Dense' })).toBe(3);
    expect(detectEra(undefined, { class_name: 'Dense', config: { units: 3 } })).toBe(2);
  });
});
