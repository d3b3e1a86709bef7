/**
 * Building without running initializers (`initializeWeights: false`), for
 * loaders that supply the weights next: nothing is allocated or drawn, the
 * config is unchanged, using the model before its weights are set throws
 * WEIGHTS_NOT_SET, and a model whose weights are then set (copied or adopted)
 * predicts and trains exactly as Keras 3 did (training.json, from
 * scripts/gen_training_fixtures.py).
 */
import { describe, expect, it, vi } from 'vitest';
import { Dense, LayerConfigError, Sequential, VarianceScaling, deserializeLayer, serializeLayer } from '../../src/nn/index.js';
import { ShapeError, Tensor } from '../../src/tensor/index.js';
import { expectClose, fixture, flat, tensorOf, type TrainingCase as Case } from './helpers.js';


const { cases } = fixture<{ cases: Case[] }>('training.json');
const mlp = cases.find((c) => c.name === 'act_relu')!;


function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.fail('expected an error');
}

function expectNotSet(f: () => unknown, layerName: string, weight: string): void {
  const e = catchError(f);
  expect(e).toBeInstanceOf(LayerConfigError);
  expect((e as LayerConfigError).code).toBe('WEIGHTS_NOT_SET');
  expect((e as LayerConfigError).layerName).toBe(layerName);
  expect((e as LayerConfigError).configPath).toBe(weight);
}

describe('Sequential.fromConfig with initializeWeights: false', () => {
  it('creates variables with shapes and paths but no storage, and runs no initializer', () => {
    const fill = vi.spyOn(VarianceScaling.prototype, 'fill');
    try {
      const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
      expect(fill).not.toHaveBeenCalled();
      expect(model.weights.map((v) => v.path)).toEqual(Sequential.fromConfig(mlp.model_config).weights.map((v) => v.path));
      fill.mockClear();
      expect(model.weights.map((v) => v.isSet)).toEqual([false, false, false, false]);
      expect(model.weights.map((v) => v.shape)).toEqual([[4, 5], [5], [5, 3], [3]]);
      expect(model.countParams()).toBe(4 * 5 + 5 + 5 * 3 + 3);
      const e = catchError(() => model.weights[0]!.value);
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).code).toBe('VARIABLE_UNSET');
      expect((e as ShapeError).arg).toBe(model.weights[0]!.path);
      // The normal build does draw (the spy sees the kernels' glorot_uniform).
      Sequential.fromConfig(mlp.model_config);
      expect(fill).toHaveBeenCalledTimes(2);
    } finally {
      fill.mockRestore();
    }
  });

  it('keeps the config (initializers included) exactly as the normal build has it', () => {
    const lazy = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    const eager = Sequential.fromConfig(mlp.model_config);
    expect(lazy.getConfig()).toEqual(eager.getConfig());
    expect(lazy.getConfig()).toEqual(mlp.model_config);
    const printed: string[] = [];
    lazy.summary({ printFn: (t) => printed.push(t), lineLength: 70 });
    expect(printed[0]).toContain('Total params: 43');
  });

  it('refuses predict, train, evaluate and getWeights until every weight is set, naming the first layer and weight missing', () => {
    const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    const x = tensorOf(mlp.x, mlp.x_shape), y = tensorOf(mlp.y, mlp.y_shape);
    const [first, second] = model.layers.map((l) => l.name) as [string, string];
    expectNotSet(() => model.predict(x, { verbose: 0 }), first, 'kernel');
    expectNotSet(() => model.predictOnBatch(x), first, 'kernel');
    expectNotSet(() => model.trainOnBatch(x, y), first, 'kernel');
    expectNotSet(() => model.evaluate(x, y, { verbose: 0 }), first, 'kernel');
    expectNotSet(() => model.getWeights(), first, 'kernel');
    // Setting the first layer only: the error moves on to the second.
    model.layers[0]!.setWeights(mlp.initial_weights.slice(0, 2).map((w) => Float32Array.from(flat(w))));
    expectNotSet(() => model.predict(x, { verbose: 0 }), second, 'kernel');
    expectNotSet(() => model.layers[1]!.call(new Tensor(new Float32Array(12 * 5), [12, 5])), second, 'kernel');
  });

  it('predicts and trains as Keras once the weights are copied in with setWeights', () => {
    const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    model.setWeights(mlp.initial_weights.map((w) => Float32Array.from(flat(w))));
    model.compile({ loss: mlp.loss as never, optimizer: mlp.optimizer as never });
    const x = tensorOf(mlp.x, mlp.x_shape), y = tensorOf(mlp.y, mlp.y_shape);
    for (let s = 0; s < mlp.steps.length; s++) expectClose([model.trainOnBatch(x, y) as number], mlp.steps[s], `step ${s}`);
    model.getWeights().forEach((w, i) => expectClose(w.data, mlp.final_weights[i], `weight ${i}`, 1e-5, 1e-5));
    expectClose(model.predict(x, { verbose: 0 }).data, mlp.predict, 'predict', 1e-5, 1e-5);
  });

  it('adopts storage without copying (views into one buffer, as a file loader hands them over) and trains in it', () => {
    const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    model.compile({ loss: mlp.loss as never, optimizer: mlp.optimizer as never });
    // One "file" buffer holding all four arrays back to back after a 16-byte header.
    const values = mlp.initial_weights.map((w) => flat(w));
    const total = values.reduce((n, v) => n + v.length, 0);
    const file = new ArrayBuffer(16 + 4 * total);
    const views: Float32Array[] = [];
    let at = 16;
    for (const v of values) {
      const view = new Float32Array(file, at, v.length);
      view.set(v);
      views.push(view);
      at += 4 * v.length;
    }
    model.weights.forEach((v, i) => v.assign(views[i]!, { adopt: true }));
    model.weights.forEach((v, i) => expect(v.value.data).toBe(views[i]));
    const x = tensorOf(mlp.x, mlp.x_shape), y = tensorOf(mlp.y, mlp.y_shape);
    for (let s = 0; s < mlp.steps.length; s++) expectClose([model.trainOnBatch(x, y) as number], mlp.steps[s], `step ${s}`);
    // The optimizer updated the adopted arrays in place: the buffer now holds Keras's final weights.
    views.forEach((view, i) => expectClose(view, mlp.final_weights[i], `adopted weight ${i}`, 1e-5, 1e-5));
    expectClose(model.predict(x, { verbose: 0 }).data, mlp.predict, 'predict', 1e-5, 1e-5);
  });

  it('a failed setWeights (wrong shape) leaves every weight unset', () => {
    const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    const ws = mlp.initial_weights.map((w) => Float32Array.from(flat(w)));
    const e = catchError(() => model.layers[0]!.setWeights([ws[0]!, new Float32Array(4)]));
    expect((e as LayerConfigError).code).toBe('WEIGHTS_MISMATCH');
    expect((e as LayerConfigError).configPath).toBe('bias');
    expect(model.layers[0]!.weightsSet).toBe(false);
    expect(model.weights[0]!.isSet).toBe(false);
  });

  it('the default (and initializeWeights: true) still initializes', () => {
    for (const opts of [{}, { initializeWeights: true }]) {
      const model = Sequential.fromConfig(mlp.model_config, opts);
      expect(model.weights.every((v) => v.isSet)).toBe(true);
      // glorot_uniform over a 4×5 kernel: limit sqrt(6 / 9), not all zero.
      const k = model.weights[0]!.value.data;
      expect(k.some((v) => v !== 0)).toBe(true);
      expect(k.every((v) => Math.abs(v) <= Math.sqrt(6 / 9))).toBe(true);
    }
  });

  it('the option does not outlive fromConfig: layers added later initialize', () => {
    const model = Sequential.fromConfig(mlp.model_config, { initializeWeights: false });
    model.add(new Dense({ units: 2, name: 'late' }));
    expect(model.getLayer('late').weightsSet).toBe(true);
    expect(model.layers[0]!.weightsSet).toBe(false);
  });
});

describe('deserializeLayer and build with initializeWeights: false', () => {
  it('a build_config builds the layer without storage', () => {
    const eager = new Dense({ units: 3, name: 'probe', kernelInitializer: 'he_normal' });
    eager.build([null, 7]);
    const dict = serializeLayer(eager);
    const layer = deserializeLayer(dict, { initializeWeights: false });
    expect(layer.built).toBe(true);
    expect(layer.weights.map((v) => [v.name, v.shape, v.isSet])).toEqual([['kernel', [7, 3], false], ['bias', [3], false]]);
    expect(serializeLayer(layer)).toEqual(dict);
    expectNotSet(() => layer.call(new Tensor(new Float32Array(7), [1, 7])), 'probe', 'kernel');
    expectNotSet(() => layer.getWeights(), 'probe', 'kernel');
  });

  it('layer.build(shape, { initializeWeights: false }), then setWeights, computes x·W + b', () => {
    const layer = new Dense({ units: 2, name: 'd' });
    layer.build([null, 3], { initializeWeights: false });
    expect(layer.weightsSet).toBe(false);
    layer.setWeights([[[1, 2], [3, 4], [5, 6]], [0.5, -0.5]]);
    expect(layer.weightsSet).toBe(true);
    // [1, 1, 1]·W + b = [9.5, 11.5]; [1, 0, -1]·W + b = [-3.5, -4.5]
    expect(Array.from(layer.call(new Tensor(Float32Array.of(1, 1, 1, 1, 0, -1), [2, 3])).data)).toEqual([9.5, 11.5, -3.5, -4.5]);
  });
});
