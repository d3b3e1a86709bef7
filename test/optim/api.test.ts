import { describe, expect, it } from 'vitest';
import {
  Adam, ExponentialDecay, Nadam, OptimizerError, RMSprop, SGD, Tensor, Variable, tensor, zeros,
} from '../../src/index.js';

function v(path: string, values: number[], shape = [values.length]): Variable {
  return new Variable(new Tensor(Float32Array.from(values), shape), path.split('/').pop()!, { path });
}

function thrown(fn: () => unknown): OptimizerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OptimizerError);
    return e as OptimizerError;
  }
  throw new Error('expected an OptimizerError');
}

describe('Optimizer state', () => {
  it('names slots after the variable path, in Keras 3 order', () => {
    const k = v('sequential/dense/kernel', [1, 2, 3, 4], [2, 2]);
    const b = v('sequential/dense/bias', [0]);
    const o = new RMSprop({ name: 'rms', momentum: 0.9, centered: true });
    o.build([k, b]);
    expect(o.variables.map((x) => x.path)).toEqual([
      'rms/iteration', 'rms/learning_rate',
      'rms/sequential_dense_kernel_velocity', 'rms/sequential_dense_bias_velocity',
      'rms/sequential_dense_kernel_momentum', 'rms/sequential_dense_bias_momentum',
      'rms/sequential_dense_kernel_average_gradient', 'rms/sequential_dense_bias_average_gradient',
    ]);
    expect(o.variables.every((x) => !x.trainable)).toBe(true);
    expect(o.variables[0]!.shape).toEqual([]);
    expect(o.variables[2]!.shape).toEqual([2, 2]);
    o.build([b]); // already built: ignored, as in Keras
    expect(o.variables.length).toBe(8);
    expect(o.trainableVariables).toEqual([k, b]);
  });

  it('getWeights/setWeights restore a run exactly, and validate count, shapes and the iteration', () => {
    const make = () => [v('m/a', [0.5, -1, 2]), v('m/b', [3])];
    const grads = (s: number) => [tensor([Math.sin(s), Math.cos(s), s / 7]), tensor([1 / (s + 1)])];
    const a = new Nadam({ learningRate: 0.01 });
    const va = make();
    for (let s = 0; s < 4; s++) a.applyGradients(grads(s), va);
    const saved = a.getWeights();
    const savedVars = va.map((x) => x.value.clone());
    for (let s = 4; s < 8; s++) a.applyGradients(grads(s), va);

    const b = new Nadam({ learningRate: 0.01 });
    const vb = make();
    vb.forEach((x, i) => x.value.data.set(savedVars[i]!.data));
    expect(thrown(() => b.setWeights(saved)).code).toBe('OPTIMIZER_NOT_BUILT');
    b.build(vb);
    const e1 = thrown(() => b.setWeights(saved.slice(1)));
    expect([e1.code, e1.configPath]).toEqual(['OPTIMIZER_WEIGHTS_MISMATCH', 'setWeights.weights']);
    const bad = saved.slice();
    bad[3] = zeros([2]);
    const e2 = thrown(() => b.setWeights(bad));
    expect([e2.code, e2.configPath]).toEqual(['OPTIMIZER_WEIGHTS_MISMATCH', 'setWeights.weights[3]']);
    const badIt = saved.slice();
    badIt[0] = tensor(2.5, []);
    expect(thrown(() => b.setWeights(badIt)).configPath).toBe('setWeights.weights[0]');
    b.setWeights(saved);
    expect(b.iterations).toBe(4);
    for (let s = 4; s < 8; s++) b.applyGradients(grads(s), vb);
    expect(vb.map((x) => Array.from(x.value.data))).toEqual(va.map((x) => Array.from(x.value.data)));
    expect(b.getWeights().map((t) => Array.from(t.data))).toEqual(a.getWeights().map((t) => Array.from(t.data)));
  });

  it('adopts an iteration count written straight into the iteration variable', () => {
    const o = new Adam();
    o.build([v('m/a', [1])]);
    o.variables[0]!.value.data[0] = 41;
    expect(o.iterations).toBe(41);
    o.applyGradients([tensor([1])], [o.trainableVariables[0]!]);
    expect(o.iterations).toBe(42);
    expect(o.variables[0]!.value.data[0]).toBe(42);
  });

  it('keeps an exact iteration count beyond float32 range (rawIterations)', () => {
    const o = new SGD({ gradientAccumulationSteps: 2 });
    o.build([v('m/a', [1])]);
    o.rawIterations = 2 ** 24 + 1;
    expect(o.iterations).toBe(Math.floor((2 ** 24 + 1) / 2));
    o.applyGradients([tensor([1])]);
    expect(o.rawIterations).toBe(2 ** 24 + 2);
    o.applyGradients([tensor([1])]);
    expect(o.rawIterations).toBe(2 ** 24 + 3); // the float32 variable holds 2^24 + 4 here; the count stays exact
    expect(thrown(() => { o.rawIterations = -1; }).configPath).toBe('rawIterations');
  });

  it('learning rate: float32 storage, settable unless a schedule, schedule read at the iteration', () => {
    const o = new SGD({ learningRate: 0.1 });
    expect(o.learningRate).toBe(Math.fround(0.1));
    o.learningRate = 0.5;
    expect(o.getConfig().learning_rate).toBe(0.5);
    expect(thrown(() => { o.learningRate = Number.POSITIVE_INFINITY; }).code).toBe('OPTIMIZER_BAD_VALUE');
    const s = new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }) });
    expect(s.variables.map((x) => x.name)).toEqual(['iteration']);
    const w = v('m/w', [0]);
    s.applyGradients([tensor([1])], [w]);
    s.applyGradients([tensor([1])], [w]);
    expect(Array.from(w.value.data)).toEqual([-1.5]); // steps used lr(0) = 1 and lr(1) = 0.5
    expect(s.learningRate).toBe(0.25);
    const e = thrown(() => { s.learningRate = 0.1; });
    expect([e.code, e.configPath]).toEqual(['OPTIMIZER_SCHEDULE', 'learningRate']);
  });
});

describe('applyGradients', () => {
  it('refuses mismatched, unknown or missing inputs with located errors', () => {
    const a = v('m/a', [1, 2]);
    const b = v('m/b', [3]);
    const o = new SGD();
    expect(thrown(() => o.applyGradients([tensor([1, 1])])).code).toBe('OPTIMIZER_NOT_BUILT');
    const e1 = thrown(() => o.applyGradients([tensor([1, 1]), tensor([1, 1])], [a, b]));
    expect([e1.code, e1.configPath]).toEqual(['OPTIMIZER_GRADIENT_MISMATCH', 'applyGradients.grads[1]']);
    expect(thrown(() => o.applyGradients([tensor([1, 1])], [a, b])).configPath).toBe('applyGradients.variables');
    const e2 = thrown(() => o.applyGradients([null, null], [a, b]));
    expect(e2.code).toBe('OPTIMIZER_NO_GRADIENTS');
    const e3 = thrown(() => o.applyGradients([tensor([1])], [v('m/c', [0])]));
    expect([e3.code, e3.configPath]).toEqual(['OPTIMIZER_UNKNOWN_VARIABLE', 'applyGradients.variables[0]']);
    expect(thrown(() => o.applyGradients([tensor([[1, 1]])], [a])).code).toBe('OPTIMIZER_GRADIENT_MISMATCH');
    expect(thrown(() => new SGD().build([a, a])).code).toBe('OPTIMIZER_BAD_VALUE');
  });

  it('skips null gradients, updates subsets in any order, ignores empty calls', () => {
    const a = v('m/a', [1, 2]);
    const b = v('m/b', [3]);
    const o = new SGD({ learningRate: 0.5 });
    o.applyGradients([], [a]);
    expect(o.iterations).toBe(0);
    o.applyGradients([tensor([1, 1]), null], [a, b]);
    expect(Array.from(a.value.data)).toEqual([0.5, 1.5]);
    expect(Array.from(b.value.data)).toEqual([3]);
    o.applyGradients([tensor([2]), tensor([0, 2])], [b, a]);
    expect(Array.from(a.value.data)).toEqual([0.5, 0.5]);
    expect(Array.from(b.value.data)).toEqual([2]);
    o.applyGradients([tensor([0, 0]), tensor([0])]); // the build list, no variables given
    expect(o.iterations).toBe(3);
  });

  it('excludes variables from weight decay by identity or name, only before build', () => {
    const k = v('dense/kernel', [1, 1]);
    const b = v('dense/bias', [1]);
    const o = new SGD({ learningRate: 0.1, weightDecay: 0.5 });
    o.excludeFromWeightDecay({ varNames: ['bias'] });
    o.applyGradients([zeros([2]), zeros([1])], [k, b]);
    expect(Array.from(k.value.data)).toEqual([0.949999988079071, 0.949999988079071]);
    expect(Array.from(b.value.data)).toEqual([1]);
    expect(thrown(() => o.excludeFromWeightDecay({ varList: [k] })).code).toBe('OPTIMIZER_BAD_CONFIG');
    const o2 = new SGD({ learningRate: 0.1, weightDecay: 0.5 });
    const k2 = v('dense/kernel', [1]);
    o2.excludeFromWeightDecay({ varList: [k2] });
    o2.applyGradients([zeros([1])], [k2]);
    expect(Array.from(k2.value.data)).toEqual([1]);
  });

  it('finalizeVariableValues copies the EMA into the weights', () => {
    const w = v('m/w', [1]);
    const o = new SGD({ learningRate: 1, useEma: true, emaMomentum: 0.5 });
    o.applyGradients([tensor([1])], [w]); // w = 0, average = w (first step)
    o.applyGradients([tensor([1])], [w]); // w = -1, average = 0.5 * 0 + 0.5 * -1
    expect(Array.from(w.value.data)).toEqual([-1]);
    o.finalizeVariableValues();
    expect(Array.from(w.value.data)).toEqual([-0.5]);
  });

  it('allocates no typed arrays after the first step for the same variables', () => {
    const vars = [v('m/a', Array.from({ length: 64 }, (_, i) => i / 64)), v('m/b', [1, 2, 3])];
    const grads = vars.map((x) => new Tensor(x.value.data.map((y) => y * 0.1 + 0.01), x.value.shape));
    const opts = [
      new Adam({ amsgrad: true, clipnorm: 1 }), new RMSprop({ centered: true, momentum: 0.5, globalClipnorm: 0.5 }),
      new Nadam({ gradientAccumulationSteps: 2, lossScaleFactor: 4, useEma: true }), new SGD({ momentum: 0.9, clipvalue: 0.001, weightDecay: 0.1 }),
    ];
    const Original = globalThis.Float32Array;
    let constructed = 0;
    for (const o of opts) o.applyGradients(grads, vars);
    globalThis.Float32Array = new Proxy(Original, {
      construct(target, args) {
        constructed++;
        return Reflect.construct(target, args);
      },
    });
    let probe = 0;
    try {
      for (let s = 0; s < 20; s++) for (const o of opts) o.applyGradients(grads, vars);
      const steady = constructed;
      new Adam().applyGradients(grads, vars); // a first step does allocate: proves the probe sees it
      probe = constructed - steady;
    } finally {
      globalThis.Float32Array = Original;
    }
    expect(probe).toBeGreaterThan(0);
    expect(constructed - probe).toBe(0);
  });
});
