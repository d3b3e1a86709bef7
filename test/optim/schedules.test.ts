import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseTimeDecay, LearningRateSchedule, OptimizerError,
  PiecewiseConstantDecay, PolynomialDecay, SGD, Tensor, Variable, getLearningRateSchedule, serializeLearningRateSchedule,
} from '../../src/index.js';
import { closeness, loadTrajectories } from './trajectory.js';

const file = loadTrajectories();

describe(`learning-rate schedules against Keras ${file.keras_version}`, () => {
  for (const rec of file.schedules) {
    it(`${rec.id}: values at steps 0..${rec.values.length - 1} match; config round-trips`, () => {
      const schedule = getLearningRateSchedule(structuredClone(rec.serialized));
      const ours = rec.values.map((_, step) => schedule.call(step));
      expect(closeness(ours, rec.values), rec.id).toBeLessThanOrEqual(1);
      // evaluate(step) (what optimizers call: nothing boxed) leaves the same value in rate.
      const viaRate = rec.values.map((_, step) => { schedule.evaluate(step); return schedule.rate; });
      expect(viaRate).toEqual(ours);
      expect(serializeLearningRateSchedule(schedule)).toEqual(rec.serialized);
    });
  }

  it('covers every schedule class', () => {
    const names = new Set(file.schedules.map((s) => s.serialized.class_name));
    expect([...names].sort()).toEqual(['CosineDecay', 'CosineDecayRestarts', 'ExponentialDecay',
      'InverseTimeDecay', 'PiecewiseConstantDecay', 'PolynomialDecay']);
  });
});

describe('custom schedules', () => {
  it('a subclass that implements only call() drives an optimizer (evaluate falls back to call)', () => {
    class Halving extends LearningRateSchedule {
      readonly className = 'Halving';
      call(step: number): number { return Math.fround(0.5 / 2 ** step); }
      getConfig(): Record<string, unknown> { return {}; }
    }
    const sched = new Halving();
    sched.evaluate(3);
    expect(sched.rate).toBe(0.0625);
    // SGD with lr 0.5, 0.25, 0.125 on w = 1 with gradient 1: w = 1 - 0.875.
    const w = new Variable(new Tensor(Float32Array.of(1), [1]), 'w');
    const opt = new SGD({ learningRate: sched });
    const g = new Tensor(Float32Array.of(1), [1]);
    for (let i = 0; i < 3; i++) opt.applyGradients([g], [w]);
    expect(w.value.data[0]).toBe(0.125);
  });
});

describe('schedule construction', () => {
  it('takes camelCase options with Keras defaults', () => {
    expect(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }).getConfig()).toEqual({
      initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9, staircase: false, name: 'ExponentialDecay',
    });
    expect(new PiecewiseConstantDecay({ boundaries: [1], values: [1, 2] }).getConfig().name).toBe('PiecewiseConstant');
    expect(new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 2 }).getConfig()).toEqual({
      initial_learning_rate: 1, first_decay_steps: 2, t_mul: 2, m_mul: 1, alpha: 0, name: 'SGDRDecay',
    });
    expect(new PolynomialDecay({ initialLearningRate: 1, decaySteps: 2 }).getConfig()).toEqual({
      initial_learning_rate: 1, decay_steps: 2, end_learning_rate: 0.0001, power: 1, cycle: false, name: 'PolynomialDecay',
    });
    expect(new CosineDecay({ initialLearningRate: 1, decaySteps: 2 }).getConfig()).toEqual({
      initial_learning_rate: 1, decay_steps: 2, alpha: 0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0,
    });
  });

  it('refuses bad options with a located OptimizerError', () => {
    const cases: [() => unknown, string, string][] = [
      [() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }), 'OPTIMIZER_BAD_VALUE', 'decaySteps'],
      [() => new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: -1, decayRate: 0.9 }), 'OPTIMIZER_BAD_VALUE', 'decaySteps'],
      [() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] }), 'OPTIMIZER_BAD_VALUE', 'values'],
      [() => new PiecewiseConstantDecay({ boundaries: [1, Number.NaN], values: [1, 2, 3] }), 'OPTIMIZER_BAD_VALUE', 'boundaries[1]'],
      [() => new CosineDecay({ initialLearningRate: 0.1 } as never), 'OPTIMIZER_BAD_VALUE', 'decaySteps'],
      [() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: 3, warmupStep: 2 } as never), 'OPTIMIZER_UNKNOWN_KEY', 'warmupStep'],
      [() => getLearningRateSchedule({ class_name: 'WarmupCosine', config: {} }, 'optimizer.config.learning_rate'),
        'OPTIMIZER_UNKNOWN_CLASS', 'optimizer.config.learning_rate.class_name'],
      [() => getLearningRateSchedule({ class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 2, decay_rate: '0.5' } }),
        'OPTIMIZER_BAD_VALUE', 'learning_rate.config.decay_rate'],
      [() => getLearningRateSchedule({ class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 2, decay_rate: 0.5, rate: 1 } }),
        'OPTIMIZER_UNKNOWN_KEY', 'learning_rate.config.rate'],
      [() => getLearningRateSchedule(JSON.parse('{"class_name":"ExponentialDecay","config":{"__proto__":{}}}')),
        'OPTIMIZER_UNKNOWN_KEY', 'learning_rate.config.__proto__'],
    ];
    for (const [fn, code, path] of cases) {
      let err: unknown;
      try { fn(); } catch (e) { err = e; }
      expect(err, `${code} at ${path}`).toBeInstanceOf(OptimizerError);
      expect((err as OptimizerError).code).toBe(code);
      expect((err as OptimizerError).configPath).toBe(path);
    }
  });

  it('reads tf.keras class names and Keras 3 module forms', () => {
    const a = getLearningRateSchedule({ class_name: 'Custom>ExponentialDecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5 } });
    const b = getLearningRateSchedule({
      module: 'keras.optimizers.schedules', class_name: 'ExponentialDecay', registered_name: null,
      config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5, staircase: false, name: 'ExponentialDecay' },
    });
    expect(a.call(3)).toBe(0.125);
    expect(b.call(3)).toBe(0.125);
  });

  it('property: schedules return float32 values and respect their bounds', () => {
    fc.assert(fc.property(
      fc.float({ min: Math.fround(1e-4), max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 1000 }),
      fc.float({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 100000 }),
      (lr, steps, alpha, step) => {
        const cos = new CosineDecay({ initialLearningRate: lr, decaySteps: steps, alpha }).call(step);
        expect(Math.fround(cos)).toBe(cos);
        expect(cos).toBeLessThanOrEqual(Math.fround(lr) * (1 + 1e-6));
        expect(cos).toBeGreaterThanOrEqual(Math.fround(lr) * Math.fround(alpha) * (1 - 1e-5) - 1e-12);
        const inv = new InverseTimeDecay({ initialLearningRate: lr, decaySteps: steps, decayRate: alpha }).call(step);
        expect(inv).toBeLessThanOrEqual(Math.fround(lr));
        expect(inv).toBeGreaterThan(0);
      }));
  });
});
