/**
 * Optimizer state from every flavour of `optimizer_weights`, checked on real
 * files whose models have layers we do not run (LSTM, Conv1D): the state
 * mapping only needs the model's trainable variables, which we mock with
 * the files' shapes. Expected values are what h5py reads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oracle, runPython } from '../helpers/oracles.js';
import { getOptimizer } from '../../src/optim/index.js';
import { Tensor, Variable } from '../../src/tensor/index.js';
import { restoreOptimizerState, type NamedArray } from '../../src/keras/optimizer-state.js';
import { openHdf5, type Hdf5Group } from '../../src/hdf5/index.js';
import { readLegacyWeights, readNamedArray, readStringListAttr } from '../../src/keras/legacy-h5.js';
import type { Hdf5Dataset } from '../../src/hdf5/index.js';
import { ORACLE_TIMEOUT, lazy } from './helpers/fixtures.js';

interface H5Array { name: string; shape: number[]; values: number[] }

function fileEntries(bytes: Uint8Array): NamedArray[] {
  const root = openHdf5(bytes);
  const g = root.get('optimizer_weights') as Hdf5Group;
  return readStringListAttr(g.attrs, 'weight_names', 'optimizer_weights')!.map((n) => readNamedArray(g.get(n) as Hdf5Dataset, n, n));
}

/** Trainable variables shaped like the file's model, in layer order. */
function modelVars(bytes: Uint8Array, layerOrder: string[]): { vars: Variable[]; names: string[] } {
  const w = readLegacyWeights(openHdf5(bytes).get('model_weights') as Hdf5Group, 'model_weights');
  const vars: Variable[] = [];
  const names: string[] = [];
  for (const lname of layerOrder) {
    const l = w.layers.find((x) => x.name === lname)!;
    l.weights.forEach((a, i) => {
      vars.push(new Variable(new Tensor(new Float32Array(a.data.length), a.shape), `w${i}`, { path: `model/${lname}/w${i}` }));
      names.push(a.name);
    });
  }
  return { vars, names };
}

const f32 = (xs: number[]) => xs.map(Math.fround);

describe.skipIf(!oracle.fixtures || !oracle.python)('optimizer_weights of real Keras 1, 2 and tf.keras files', () => {
  const root = oracle.fixtures!;
  const rels = [
    'other-layers/KonduitAI__dl4j-test-resources__issue_9349.hdf5',
    'other-layers/malfaro2__dl4j-test-resources__reshape_model.h5',
    'keras1/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_1_model.h5',
    'keras1/malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_model.h5',
  ];
  const all = lazy(() => runPython<Record<string, H5Array[]>>(['scripts/gen_keras_oracle.py', 'optimizer_weights'], { files: rels.map((r) => join(root, r)) }));
  beforeAll(() => { all(); }, ORACLE_TIMEOUT);
  const load = (rel: string) => ({ bytes: new Uint8Array(readFileSync(join(root, rel))), h5: all()[join(root, rel)]! });
  const slot = (opt: ReturnType<typeof getOptimizer>, v: Variable, kind: string) =>
    opt.variables.find((s) => s.name === `${v.path.replaceAll('/', '_')}_${kind}`)!;

  it('tf.keras 2.4 Adam (Adam/iter:0, Adam/<var>/m:0 … then /v:0) restores by variable name and slot', () => {
    const { bytes, h5 } = load('other-layers/KonduitAI__dl4j-test-resources__issue_9349.hdf5');
    const { vars, names } = modelVars(bytes, ['embedding', 'conv1d', 'dense']);
    const opt = getOptimizer('adam');
    const r = restoreOptimizerState(opt, vars, fileEntries(bytes), { era: 2, modelWeightNames: names });
    expect(r).toEqual({ restored: true, ignored: [] });
    expect(opt.iterations).toBe(h5[0]!.values[0]);
    vars.forEach((v, i) => {
      const base = names[i]!.replace(/:0$/, '');
      expect(Array.from(slot(opt, v, 'momentum').value.data)).toEqual(f32(h5.find((e) => e.name === `Adam/${base}/m:0`)!.values));
      expect(Array.from(slot(opt, v, 'velocity').value.data)).toEqual(f32(h5.find((e) => e.name === `Adam/${base}/v:0`)!.values));
    });
  });

  it('Keras 2.1 Adam (Adam/iterations:0, anonymous training/Adam/Variable_N:0: all m, then all v) restores by position', () => {
    const { bytes, h5 } = load('other-layers/malfaro2__dl4j-test-resources__reshape_model.h5');
    const { vars, names } = modelVars(bytes, ['lstm_1', 'dense_1']);
    const opt = getOptimizer('adam');
    const r = restoreOptimizerState(opt, vars, fileEntries(bytes), { era: 2, modelWeightNames: names });
    expect(r.restored).toBe(true);
    expect(opt.iterations).toBe(h5[0]!.values[0]);
    const n = vars.length;
    vars.forEach((v, i) => {
      expect(Array.from(slot(opt, v, 'momentum').value.data)).toEqual(f32(h5[1 + i]!.values));
      expect(Array.from(slot(opt, v, 'velocity').value.data)).toEqual(f32(h5[1 + n + i]!.values));
    });
  });

  for (const rel of ['keras1/malfaro2__dl4j-test-resources__simple_lstm_tf_keras_1_model.h5', 'keras1/malfaro2__dl4j-test-resources__simple_lstm_th_keras_1_model.h5']) {
    it(`Keras 1 RMSprop (${rel.includes('_tf_') ? 'Variable_N:0' : 'param_N'}, no iterations, weights sorted by name) restores each accumulator`, () => {
      const { bytes, h5 } = load(rel);
      const { vars, names } = modelVars(bytes, ['lstm_1', 'dense_1']);
      const opt = getOptimizer({ class_name: 'RMSprop', config: { lr: 0.001, rho: 0.9, epsilon: 1e-8, decay: 0 } });
      const r = restoreOptimizerState(opt, vars, fileEntries(bytes), { era: 1, modelWeightNames: names });
      expect(r.restored).toBe(true);
      expect(opt.iterations).toBe(0);
      // Keras 1 collected the trainable weights sorted by name: the k-th entry belongs to the k-th name in sorted order.
      const sorted = names.map((nm, i) => ({ nm, i })).sort((a, b) => (a.nm < b.nm ? -1 : 1));
      sorted.forEach(({ i }, k) => {
        expect(slot(opt, vars[i]!, 'velocity').shape).toEqual(h5[k]!.shape);
        expect(Array.from(slot(opt, vars[i]!, 'velocity').value.data)).toEqual(f32(h5[k]!.values));
      });
    });
  }

  it('a layout that does not fit is reported, not guessed', () => {
    const { bytes } = load('other-layers/malfaro2__dl4j-test-resources__reshape_model.h5');
    const { vars, names } = modelVars(bytes, ['lstm_1', 'dense_1']);
    const opt = getOptimizer('adagrad'); // one group per variable, the file has two
    const r = restoreOptimizerState(opt, vars, fileEntries(bytes), { era: 2, modelWeightNames: names });
    expect(r.restored).toBe(false);
    expect(r.reason).toMatch(/do not form groups|shape/);
  });
});

describe('optimizer_weights layouts of Keras 2.x (synthetic, from the Keras 2 sources)', () => {
  const v = (shape: number[], name: string) => new Variable(new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape), name, { path: `s/d/${name}` });
  const arr = (name: string, shape: number[], value: number): NamedArray => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), ...(shape.length === 0 ? { scalar: value } : {}) });

  it('Keras 2.2 RMSprop: accumulators only, no iterations', () => {
    const vars = [v([2, 3], 'kernel'), v([3], 'bias')];
    const opt = getOptimizer('rmsprop');
    const r = restoreOptimizerState(opt, vars, [arr('training/RMSprop/Variable:0', [2, 3], 0.5), arr('training/RMSprop/Variable_1:0', [3], 0.25)], { era: 2, modelWeightNames: ['d/kernel:0', 'd/bias:0'] });
    expect(r.restored).toBe(true);
    expect(opt.variables.map((x) => x.value.data[0])).toEqual([0, Math.fround(0.001), 0.5, 0.25]);
  });

  it('Keras 2.1 Adam with vhats of shape (1,) (amsgrad off): the vhats are ignored', () => {
    const vars = [v([2], 'kernel')];
    const opt = getOptimizer('adam');
    const r = restoreOptimizerState(opt, vars, [arr('Adam/iterations:0', [], 7), arr('training/Adam/Variable:0', [2], 1), arr('training/Adam/Variable_1:0', [2], 2), arr('training/Adam/Variable_2:0', [1], 0)], { era: 2, modelWeightNames: ['d/kernel:0'] });
    expect(r.restored).toBe(true);
    expect(r.ignored).toEqual(['training/Adam/Variable_2:0']);
    expect(opt.iterations).toBe(7);
    expect(opt.variables.slice(2).map((x) => x.value.data[0])).toEqual([1, 2]);
  });

  it('Keras 2 SGD keeps moments even at momentum 0; our SGD without momentum ignores them', () => {
    const opt = getOptimizer('sgd');
    const r = restoreOptimizerState(opt, [v([2], 'kernel')], [arr('SGD/iterations:0', [], 3), arr('training/SGD/Variable:0', [2], 9)], { era: 2, modelWeightNames: ['d/kernel:0'] });
    expect(r).toEqual({ restored: true, ignored: ['training/SGD/Variable:0'] });
    expect(opt.iterations).toBe(3);
  });

  it('Keras 2 Nadam: iterations, m_schedule, then ms and vs; tf.keras 2.11+: Adam/m/<var>:0 names', () => {
    const nadam = getOptimizer('nadam');
    expect(restoreOptimizerState(nadam, [v([2], 'kernel')], [arr('Nadam/iterations:0', [], 4), arr('Nadam/m_schedule:0', [], 0.5), arr('training/Nadam/Variable:0', [2], 1), arr('training/Nadam/Variable_1:0', [2], 2)], { era: 2, modelWeightNames: ['d/kernel:0'] }).restored).toBe(true);
    expect(nadam.variables.map((x) => x.value.data[0])).toEqual([4, Math.fround(0.001), 1, 2, 0.5]);
    const adam = getOptimizer('adam');
    expect(restoreOptimizerState(adam, [v([2], 'kernel')], [arr('Adam/iteration:0', [], 5), arr('Adam/m/dense/kernel:0', [2], 3), arr('Adam/v/dense/kernel:0', [2], 4)], { era: 2, modelWeightNames: ['dense/kernel:0'] }).restored).toBe(true);
    expect(adam.variables.map((x) => x.value.data[0])).toEqual([5, Math.fround(0.001), 3, 4]);
  });

  it('a NaN or infinite stored learning rate is reported, not restored (it would go into every config we write; found by scripts/fuzz.mjs weights)', () => {
    for (const bad of [NaN, Infinity]) {
      for (const entries of [[arr('sgd/iteration', [], 0), arr('sgd/learning_rate', [], bad)], [arr('sgd/iteration', [], 3), arr('sgd/learning_rate', [], bad), arr('sgd/d_kernel_momentum', [2], 1)]]) {
        const opt = getOptimizer({ class_name: 'SGD', config: { learning_rate: 0.5, momentum: 0.9 } });
        const r = restoreOptimizerState(opt, [v([2], 'kernel')], entries, { era: 3, modelWeightNames: ['d/kernel'] });
        expect(r).toEqual({ restored: false, reason: `the stored learning rate 'sgd/learning_rate' is ${bad}`, ignored: [] });
        expect(opt.learningRate).toBe(0.5);
        expect(opt.iterations).toBe(0);
      }
    }
  });

  it('a missing slot is reported', () => {
    const opt = getOptimizer('adam');
    const r = restoreOptimizerState(opt, [v([2], 'kernel')], [arr('Adam/iter:0', [], 5), arr('Adam/dense/kernel/m:0', [2], 3)], { era: 2, modelWeightNames: ['dense/kernel:0'] });
    expect(r.restored).toBe(false);
    expect(r.reason).toContain('velocity');
  });
});
