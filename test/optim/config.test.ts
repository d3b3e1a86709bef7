import { describe, expect, it } from 'vitest';
import {
  Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, InverseTimeDecay, Lion, Nadam, Optimizer, OptimizerError, RMSprop, SGD,
  Tensor, Variable, getOptimizer, optimizerFromConfig, resetOptimizerNames, serializeOptimizer,
} from '../../src/index.js';
import { loadTrajectories } from './trajectory.js';
import { oracle, runPython } from '../helpers/oracles.js';

function thrown(fn: () => unknown): OptimizerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OptimizerError);
    return e as OptimizerError;
  }
  throw new Error('expected an OptimizerError');
}

describe('getOptimizer by name', () => {
  it('accepts Keras names in any case and names instances as Keras does', () => {
    resetOptimizerNames();
    const table: [string, new () => Optimizer, string][] = [
      ['sgd', SGD, 'sgd'], ['SGD', SGD, 'sgd_1'], ['adam', Adam, 'adam'], ['Adam', Adam, 'adam_1'],
      ['adamw', AdamW, 'adam_w'], ['AdamW', AdamW, 'adam_w_1'], ['rmsprop', RMSprop, 'rm_sprop'], ['RMSProp', RMSprop, 'rm_sprop_1'],
      ['adagrad', Adagrad, 'adagrad'], ['Adadelta', Adadelta, 'adadelta'], ['ADAMAX', Adamax, 'adamax'],
      ['nadam', Nadam, 'nadam'], ['lion', Lion, 'lion'], ['ftrl', Ftrl, 'ftrl'],
    ];
    for (const [id, cls, name] of table) {
      const o = getOptimizer(id);
      expect(o, id).toBeInstanceOf(cls);
      expect(o.name, id).toBe(name);
    }
  });

  it('returns an optimizer instance unchanged', () => {
    const o = new Adam();
    expect(getOptimizer(o)).toBe(o);
  });

  it('refuses unknown and unsupported names', () => {
    expect(thrown(() => getOptimizer('adamm')).code).toBe('OPTIMIZER_UNKNOWN_CLASS');
    const e = thrown(() => getOptimizer('Adafactor'));
    expect(e.code).toBe('OPTIMIZER_UNSUPPORTED');
    expect(e.message).toContain('Adafactor');
    expect(thrown(() => getOptimizer({ class_name: 'Muon', config: {} }, { path: 'training_config.optimizer_config' })).configPath)
      .toBe('training_config.optimizer_config.class_name');
  });
});

describe('configs', () => {
  it('every Keras 3 config round-trips through getOptimizer and serializeOptimizer', () => {
    for (const c of loadTrajectories().cases) {
      const o = getOptimizer(structuredClone(c.serialized) as never);
      expect(serializeOptimizer(o), c.id).toEqual(c.serialized);
      const again = optimizerFromConfig(c.class_name, o.getConfig());
      expect(again.getConfig(), c.id).toEqual(c.config);
    }
  });

  it('Class.fromConfig builds that class from a snake_case config', () => {
    const a = Adam.fromConfig({ learning_rate: 0.01, amsgrad: true, name: 'opt' });
    expect(a).toBeInstanceOf(Adam);
    expect([a.name, a.amsgrad, a.learningRate]).toEqual(['opt', true, Math.fround(0.01)]);
    expect(thrown(() => SGD.fromConfig({ momentum: 2 })).configPath).toBe('config.momentum');
    expect(Ftrl.fromConfig(new Ftrl({ beta: 0.5 }).getConfig()).beta).toBe(0.5);
  });

  it('camelCase constructors give Keras 3 defaults', () => {
    resetOptimizerNames();
    const base = {
      weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99,
      ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
    };
    const lr = (x: number) => Math.fround(x);
    expect(new SGD().getConfig()).toEqual({ name: 'sgd', learning_rate: lr(0.01), ...base, momentum: 0, nesterov: false });
    expect(new Adam().getConfig()).toEqual({ name: 'adam', learning_rate: lr(0.001), ...base, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false });
    expect(new AdamW().getConfig()).toEqual({
      name: 'adam_w', learning_rate: lr(0.001), ...base, weight_decay: 0.004, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false,
    });
    expect(new RMSprop().getConfig()).toEqual({ name: 'rm_sprop', learning_rate: lr(0.001), ...base, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(new Adagrad().getConfig()).toEqual({ name: 'adagrad', learning_rate: lr(0.001), ...base, initial_accumulator_value: 0.1, epsilon: 1e-7 });
    expect(new Adadelta().getConfig()).toEqual({ name: 'adadelta', learning_rate: lr(0.001), ...base, rho: 0.95, epsilon: 1e-7 });
    expect(new Adamax().getConfig()).toEqual({ name: 'adamax', learning_rate: lr(0.001), ...base, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(new Nadam().getConfig()).toEqual({ name: 'nadam', learning_rate: lr(0.001), ...base, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(new Lion().getConfig()).toEqual({ name: 'lion', learning_rate: lr(0.001), ...base, beta_1: 0.9, beta_2: 0.99 });
    expect(new Ftrl().getConfig()).toEqual({
      name: 'ftrl', learning_rate: lr(0.001), ...base, learning_rate_power: -0.5, initial_accumulator_value: 0.1,
      l1_regularization_strength: 0, l2_regularization_strength: 0, l2_shrinkage_regularization_strength: 0, beta: 0,
    });
    // Key order is Keras's: base keys, then the class's own.
    expect(Object.keys(new Adam().getConfig())).toEqual(['name', 'learning_rate', 'weight_decay', 'clipnorm', 'global_clipnorm',
      'clipvalue', 'use_ema', 'ema_momentum', 'ema_overwrite_frequency', 'loss_scale_factor', 'gradient_accumulation_steps',
      'beta_1', 'beta_2', 'epsilon', 'amsgrad']);
  });

  it('reads Keras 1/2 configs: lr, decay as inverse-time decay, epsilon None, tf.keras keys', () => {
    const k1 = getOptimizer({ class_name: 'Adam', config: { lr: 0.0010000000474974513, beta_1: 0.8999999761581421, beta_2: 0.9990000128746033, decay: 0.0, epsilon: 1e-08 } });
    expect(k1).toBeInstanceOf(Adam);
    expect(k1.learningRate).toBe(Math.fround(0.001));
    expect(k1.learningRateSchedule).toBeNull();
    expect((k1 as Adam).epsilon).toBe(1e-8);

    const decayed = getOptimizer({ class_name: 'RMSprop', config: { learning_rate: 9.999999747378752e-05, rho: 0.8999999761581421, decay: 9.999999974752427e-07, epsilon: 1e-07 } });
    const schedule = decayed.learningRateSchedule;
    expect(schedule).toBeInstanceOf(InverseTimeDecay);
    expect(schedule!.getConfig()).toEqual({
      initial_learning_rate: 9.999999747378752e-05, decay_steps: 1, decay_rate: 9.999999974752427e-07, staircase: false, name: 'InverseTimeDecay',
    });
    // lr / (1 + decay * iterations), in float32.
    const lr0 = Math.fround(9.999999747378752e-05);
    expect(schedule!.call(1000)).toBe(Math.fround(lr0 / Math.fround(1 + Math.fround(Math.fround(9.999999974752427e-07) * 1000))));

    const none = getOptimizer({ class_name: 'Adagrad', config: { lr: 0.01, epsilon: null, decay: 0 } });
    expect((none as Adagrad).epsilon).toBe(1e-7);

    const nadam = getOptimizer({ class_name: 'Nadam', config: { beta_1: 0.9, epsilon: 1e-08, schedule_decay: 0.004, beta_2: 0.999, lr: 0.002 } });
    expect((nadam as Nadam).scheduleDecay).toBe(0.004);
    expect(nadam.learningRateSchedule).toBeNull();
    const tfNadam = getOptimizer({ class_name: 'Nadam', config: { name: 'Nadam', learning_rate: 0.002, decay: 0.004, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } });
    expect((tfNadam as Nadam).scheduleDecay).toBe(0.004);

    const tf211 = getOptimizer({ class_name: 'Custom>SGD', config: { name: 'SGD', learning_rate: 0.01, jit_compile: true, is_legacy_optimizer: false, momentum: 0.9 } });
    expect(tf211).toBeInstanceOf(SGD);
    expect(tf211.name).toBe('SGD');
    expect(getOptimizer({ class_name: 'keras.optimizers.Adam', config: {} })).toBeInstanceOf(Adam);
  });

  it('Nadam with scheduleDecay 1 follows Keras 3 exactly', () => {
    const shapes = [[3], [2, 2]];
    const run = (o: Optimizer) => {
      const vars = shapes.map((s, i) => makeVar(s, i));
      for (let step = 0; step < 5; step++) o.applyGradients(vars.map((v, i) => gradFor(v.value.shape, step + i)), vars);
      return vars.map((v) => Array.from(v.value.data));
    };
    const a = run(new Nadam({ learningRate: 0.01 }));
    const b = run(getOptimizer({ class_name: 'Nadam', config: { learning_rate: 0.01, schedule_decay: 1 } }));
    expect(b).toEqual(a);
  });

  it('refuses bad configs with the config path', () => {
    const p = { path: 'training_config.optimizer_config' };
    const cases: [unknown, string, string][] = [
      [{ class_name: 'Adam', config: { beta1: 0.9 } }, 'OPTIMIZER_UNKNOWN_KEY', 'training_config.optimizer_config.config.beta1'],
      [{ class_name: 'Adam', config: { beta_1: 'high' } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.beta_1'],
      [{ class_name: 'Adam', config: { amsgrad: 1 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.amsgrad'],
      [{ class_name: 'Adam', config: { learning_rate: { class_name: 'Nope', config: {} } } }, 'OPTIMIZER_UNKNOWN_CLASS',
        'training_config.optimizer_config.config.learning_rate.class_name'],
      [{ class_name: 'Adam', config: { lr: 0.1, learning_rate: 0.1 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.learning_rate'],
      [{ class_name: 'SGD', config: { momentum: 1.5 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.momentum'],
      [{ class_name: 'SGD', config: { clipnorm: 1, clipvalue: 1 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.clipvalue'],
      [{ class_name: 'SGD', config: { gradient_accumulation_steps: 1 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.gradient_accumulation_steps'],
      [{ class_name: 'SGD', config: { use_ema: true, ema_momentum: 2 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.ema_momentum'],
      [{ class_name: 'AdamW', config: { weight_decay: null } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.weight_decay'],
      [{ class_name: 'Lion', config: { beta_1: 0 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.beta_1'],
      [{ class_name: 'Ftrl', config: { learning_rate_power: 0.5 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.learning_rate_power'],
      [{ class_name: 'Ftrl', config: { l1_regularization_strength: -1 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.l1_regularization_strength'],
      [{ class_name: 'Adam', config: { learning_rate: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5 } }, decay: 0.1 } },
        'OPTIMIZER_UNSUPPORTED', 'training_config.optimizer_config.config.decay'],
      [{ class_name: 'Adam', config: [] }, 'OPTIMIZER_BAD_CONFIG', 'training_config.optimizer_config.config'],
      [{ class_name: 'Adam', confg: {} }, 'OPTIMIZER_UNKNOWN_KEY', 'training_config.optimizer_config.confg'],
      [{ config: {} }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.class_name'],
      [JSON.parse('{"class_name":"Adam","config":{"__proto__":{"beta_1":2}}}'), 'OPTIMIZER_UNKNOWN_KEY', 'training_config.optimizer_config.config.__proto__'],
      [{ class_name: 'Adam', config: { beta_1: Number.POSITIVE_INFINITY } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.beta_1'],
      // Infinity means "no limit" only for clipvalue; a clipnorm of Infinity gives NaN gradients in Keras.
      [{ class_name: 'SGD', config: { clipnorm: Number.POSITIVE_INFINITY } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.clipnorm'],
      [{ class_name: 'SGD', config: { clipvalue: Number.NEGATIVE_INFINITY } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.clipvalue'],
      [{ class_name: 'SGD', config: { learning_rate: 1e308 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.learning_rate'],
      [{ class_name: 'SGD', config: { lr: -1e39 } }, 'OPTIMIZER_BAD_VALUE', 'training_config.optimizer_config.config.lr'],
    ];
    for (const [config, code, path] of cases) {
      const e = thrown(() => getOptimizer(config as never, p));
      expect([e.code, e.configPath], JSON.stringify(config)).toEqual([code, path]);
    }
  });

  it('refuses bad camelCase options by option name', () => {
    expect(thrown(() => new SGD({ momentum: -0.1 })).configPath).toBe('momentum');
    expect(thrown(() => new Adam({ betaOne: 0.9 } as never)).configPath).toBe('betaOne');
    expect(thrown(() => new Adam({ lr: 0.1 } as never)).configPath).toBe('lr'); // Keras 1/2 spellings only in configs
    expect(thrown(() => new SGD({ decay: 0.1 } as never)).configPath).toBe('decay');
    expect(thrown(() => new Adam({ learningRate: Number.NaN })).configPath).toBe('learningRate');
    expect(thrown(() => new AdamW({ weightDecay: null as never })).configPath).toBe('weightDecay');
    expect(thrown(() => new RMSprop({ clipnorm: 1, globalClipnorm: 1 })).configPath).toBe('globalClipnorm');
  });

  it('a learning rate must fit the float32 Keras keeps it in (the bound checked by NumPy); clipvalue Infinity clips nothing', () => {
    // Around float32's largest value and the point where rounding reaches infinity.
    const rates = [3.4028234663852886e38, 3.4028235e38, 3.4028235677973362e38, 3.4028235677973366e38, 3.5e38, 1e308];
    const finite = oracle.python
      ? runPython<boolean[]>(['-c', 'import json, sys, warnings, numpy as np; warnings.simplefilter("ignore"); print(json.dumps([bool(np.isfinite(np.float32(v))) for v in json.load(sys.stdin)]))'], rates)
      : [true, true, true, false, false, false]; // what NumPy answered when this test was written
    rates.forEach((lr, i) => {
      const made = (): SGD => new SGD({ learningRate: lr });
      if (finite[i]) expect(made().getConfig().learning_rate, String(lr)).toBe(Math.fround(lr));
      else expect(thrown(made).message, String(lr)).toMatch(/overflows float32/);
    });
    expect(finite.filter(Boolean).length).toBe(3);
    const settable = new SGD();
    expect(thrown(() => { settable.learningRate = 1e308; }).message).toMatch(/overflows float32/);
    settable.learningRate = 3.4028234663852886e38;
    expect(settable.getConfig().learning_rate).toBe(3.4028234663852886e38);

    const clipped = new SGD({ learningRate: 0.1, clipvalue: Infinity });
    expect(clipped.getConfig().clipvalue).toBe(Infinity);
    const plain = new SGD({ learningRate: 0.1 });
    const [a, b] = [makeVar([3], 1), makeVar([3], 1)];
    clipped.applyGradients([new Tensor(Float32Array.of(1e30, -3, 0.5), [3])], [a]);
    plain.applyGradients([new Tensor(Float32Array.of(1e30, -3, 0.5), [3])], [b]);
    expect(a.value.data[0]).toBeLessThan(-9e28); // the 1e30 gradient went through unclipped
    expect(Array.from(a.value.data)).toEqual(Array.from(b.value.data));
  });
});

function makeVar(shape: number[], seed: number): Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Variable(new Tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7 + i)), shape), `v${seed}`, { path: `m/v${seed}` });
}
function gradFor(shape: readonly number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: n }, (_, i) => Math.cos(seed * 3 + i)), shape);
}
