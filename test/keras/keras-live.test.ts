/**
 * Item 8(c), live against real Keras 3 (run in CI): files this library
 * writes load in Keras (`load_model` with and without compile,
 * `model_from_json`, `load_weights` of both layouts, incl. `by_name`), give
 * the same predictions, and Keras continuing training from our file follows
 * the same trajectory as our own continued training.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracle, runPython } from '../helpers/oracles.js';
import { Sequential } from '../../src/nn/model/sequential.js';
import { Dense } from '../../src/nn/layers/dense.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { Flatten } from '../../src/nn/layers/flatten.js';
import { Reshape } from '../../src/nn/layers/reshape.js';
import { Activation } from '../../src/nn/layers/activation.js';
import { getOptimizer } from '../../src/optim/index.js';
import { modelToJson, saveModelBytes } from '../../src/keras/model-io.js';
import { saveWeightsBytes } from '../../src/keras/weights-files.js';
import { Tensor } from '../../src/tensor/index.js';
import { ORACLE_TIMEOUT, asList, expectClose, lazy } from './helpers/fixtures.js';

interface Arr { shape: number[]; values: number[] }
interface KerasView {
  nocompile_predict: Arr; nocompile_compiled: boolean;
  compile_predict?: Arr; compile_compiled?: boolean; compile_optimizer?: string; compile_error?: string;
  json_class: string; json_layers: string[];
  legacy_weights_predict: Arr; by_name_weights: Record<string, Arr[]>; keras3_weights_predict: Arr;
  optimizer_variables_loaded?: (Arr & { path: string })[];
  continued_losses?: number[][]; continued_weights?: Arr[];
}

function data(rows: number, shape: number[], seed: number): Tensor {
  const n = rows * shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.fround(Math.cos((i + 3) * 1.713 + seed));
  return new Tensor(v, [rows, ...shape]);
}
function oneHot(rows: number, classes: number): Tensor {
  const v = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) v[r * classes + ((r * 5) % classes)] = 1;
  return new Tensor(v, [rows, classes]);
}
const arr = (t: Tensor): Arr => ({ shape: [...t.shape], values: Array.from(t.data) });

interface Case { name: string; model: Sequential; x: Tensor; y: Tensor; xp: Tensor; steps: number; renamed?: [string, string] }

function cases(): Case[] {
  const out: Case[] = [];
  // The seed model: Dense(1) on one feature, mse, SGD.
  const seed = new Sequential([new Dense({ units: 1, inputDim: 1 })]);
  seed.compile({ loss: 'mse', optimizer: 'sgd' });
  out.push({ name: 'seed_sgd_mse', model: seed, x: data(40, [1], 1), y: data(40, [1], 2), xp: data(2, [1], 3), steps: 3, renamed: [seed.layers[0]!.name, 'new_dense'] });
  for (const [opt, cfg] of [
    ['adam', { class_name: 'Adam', config: { learning_rate: 0.01 } }],
    ['rmsprop', { class_name: 'RMSprop', config: { learning_rate: 0.01, momentum: 0.2, centered: true } }],
    ['nadam', { class_name: 'Nadam', config: { learning_rate: 0.01 } }],
    ['sgd_nesterov', { class_name: 'SGD', config: { learning_rate: 0.05, momentum: 0.9, nesterov: true } }],
    ['adagrad', { class_name: 'Adagrad', config: { learning_rate: 0.05 } }],
    ['ftrl', { class_name: 'Ftrl', config: { learning_rate: 0.05 } }],
    ['sgd_schedule', { class_name: 'SGD', config: { learning_rate: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 2, decay_rate: 0.5 } }, momentum: 0.5 } }],
    ['adam_ema_clip', { class_name: 'Adam', config: { learning_rate: 0.01, clipnorm: 1, use_ema: true, ema_momentum: 0.9 } }],
    ['sgd_clipvalue_inf', { class_name: 'SGD', config: { learning_rate: 0.05, momentum: 0.5, clipvalue: Infinity } }], // "clipvalue": Infinity in training_config
  ] as const) {
    const m = new Sequential([
      new Dense({ units: 6, activation: 'relu', inputDim: 4 }),
      new Dense({ units: 5, activation: 'tanh', name: `hidden_${opt}` }),
      new Dense({ units: 3, activation: 'softmax' }),
    ]);
    m.compile({ loss: 'categorical_crossentropy', optimizer: getOptimizer(cfg as never), metrics: ['accuracy'] });
    out.push({ name: `mlp_${opt}`, model: m, x: data(12, [4], 4), y: oneHot(12, 3), xp: data(3, [4], 5), steps: 3, renamed: [`hidden_${opt}`, 'other_name'] });
  }
  const layers = new Sequential([
    new Reshape({ targetShape: [6], inputShape: [2, 3] }),
    new Dense({ units: 4, name: 'features' }),
    new Activation({ activation: 'sigmoid' }),
    new Dropout({ rate: 0 }),
    new Reshape({ targetShape: [2, 2] }),
    new Flatten(),
    new Dense({ units: 2, useBias: false }),
  ]);
  layers.compile({ loss: 'mean_absolute_error', optimizer: getOptimizer({ class_name: 'Adamax', config: { learning_rate: 0.02 } }), metrics: ['mse'] });
  out.push({ name: 'layers_adamax_mae', model: layers, x: data(8, [2, 3], 6), y: data(8, [2], 7), xp: data(3, [2, 3], 8), steps: 3 });
  const untrained = new Sequential([new Dense({ units: 3, activation: 'relu', inputDim: 2 }), new Dense({ units: 1 })]);
  untrained.compile({ loss: 'huber', optimizer: 'adam' });
  out.push({ name: 'compiled_untrained', model: untrained, x: data(6, [2], 9), y: data(6, [1], 10), xp: data(2, [2], 11), steps: 0 });
  const bare = new Sequential([new Dense({ units: 2, inputDim: 3, activation: 'softplus' })]);
  out.push({ name: 'uncompiled', model: bare, x: data(4, [3], 12), y: data(4, [2], 13), xp: data(2, [3], 14), steps: 0 });
  return out;
}

describe.skipIf(!oracle.python)('files we write, read by real Keras 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'purekeras-live-'));
  const all = cases();
  const ours = new Map<string, { predict: Tensor; losses: number[][]; weights: Float32Array[]; saved: Map<string, Float32Array[]> }>();
  const requests = all.map((c) => {
    for (let s = 0; s < 2 && c.model.optimizer; s++) c.model.trainOnBatch(c.x, c.y); // N steps before saving
    const base = join(dir, c.name);
    writeFileSync(`${base}.h5`, saveModelBytes(c.model));
    writeFileSync(`${base}.legacy.h5`, saveWeightsBytes(c.model));
    writeFileSync(`${base}.weights.h5`, saveWeightsBytes(c.model, { format: 'keras3' }));
    const json = modelToJson(c.model);
    writeFileSync(`${base}.json`, json);
    const req: Record<string, unknown> = {
      name: c.name, h5: `${base}.h5`, legacy_weights: `${base}.legacy.h5`, keras3_weights: `${base}.weights.h5`, json: `${base}.json`,
      x: arr(c.x), y: arr(c.y), x_predict: arr(c.xp), steps: c.model.optimizer ? c.steps : 0,
    };
    if (c.renamed) {
      writeFileSync(`${base}.byname.json`, json.replaceAll(`"${c.renamed[0]}"`, `"${c.renamed[1]}"`));
      req.json_by_name = `${base}.byname.json`;
    }
    const predict = c.model.predict(c.xp, { verbose: 0 });
    const saved = new Map(c.model.layers.map((l) => [l.name, l.weights.map((v) => v.value.data.slice())]));
    const losses: number[][] = [];
    for (let s = 0; s < (req.steps as number); s++) losses.push(asList(c.model.trainOnBatch(c.x, c.y)));
    ours.set(c.name, { predict, losses, weights: c.model.weights.map((v) => v.value.data.slice()), saved });
    return req;
  });
  const keras = lazy(() => runPython<Record<string, KerasView>>(['scripts/gen_keras_oracle.py', 'check_ours'], { cases: requests }));
  beforeAll(() => { keras(); }, ORACLE_TIMEOUT);

  for (const c of all) {
    describe(c.name, () => {
      const k = () => keras()[c.name]!;
      const o = () => ours.get(c.name)!;

      it('load_model(compile=False) predicts as we do', () => {
        expectClose(k().nocompile_predict.values, o().predict.data, 'predict');
      });

      it('load_model() (compile=True) loads, compiles from our training_config and predicts as we do', () => {
        expect(k().compile_error).toBeUndefined();
        expectClose(k().compile_predict!.values, o().predict.data, 'predict');
        expect(k().compile_compiled).toBe(c.model.optimizer !== null);
        if (c.model.optimizer) expect(k().compile_optimizer).toBe(c.model.optimizer.className);
      });

      it('model_from_json + load_weights (legacy .h5 and Keras 3 .weights.h5) predict as we do', () => {
        expect(k().json_class).toBe('Sequential');
        expect(k().json_layers).toEqual(c.model.layers.map((l) => l.name));
        expectClose(k().legacy_weights_predict.values, o().predict.data, 'legacy weights predict');
        expectClose(k().keras3_weights_predict.values, o().predict.data, 'keras3 weights predict');
      });

      if (c.renamed) {
        it(`load_weights(by_name=True) loads the matching layers and leaves '${c.renamed[1]}' alone`, () => {
          const [from, to] = c.renamed!;
          const byName = k().by_name_weights;
          let kept = 0;
          for (const l of c.model.layers) {
            const saved = o().saved.get(l.name)!;
            if (saved.length === 0) continue;
            if (l.name === from) {
              // Not in the file under its new name: Keras leaves its fresh kernel, unlike ours.
              expect(byName[to]![0]!.values).not.toEqual(Array.from(saved[0]!));
            } else {
              byName[l.name]!.forEach((w, i) => expect(w.values).toEqual(Array.from(saved[i]!)));
              kept++;
            }
          }
          expect(kept).toBe(c.model.layers.filter((l) => l.weights.length > 0).length - 1);
        });
      }

      if (c.model.optimizer && c.steps > 0) {
        it('Keras continuing from our file follows our continued trajectory (losses, weights)', () => {
          const kl = k().continued_losses!;
          o().losses.forEach((l, s) => expectClose(kl[s]!, l, `step ${s + 1} loss`));
          o().weights.forEach((w, i) => expectClose(k().continued_weights![i]!.values, w, `weight ${i}`));
        });
      }
    });
  }
});
