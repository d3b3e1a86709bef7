/**
 * Live oracle: recomputes a few trajectories with the installed Keras, has
 * Keras deserialize the configs we write, and reads every optimizer config
 * in the shared fixtures with h5py. One Python process for the file.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Adadelta, Adagrad, Adam, Adamax, AdamW, CosineDecay, Ftrl, Lion, Nadam, PiecewiseConstantDecay, RMSprop, SGD,
  getOptimizer, optimizerToPythonJson, pythonFloatRepr, type Optimizer, type OptimizerConfig,
} from '../../src/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { checkStructure, loadTrajectories, replay, type TrajectoryFile } from './trajectory.js';

const LIVE_CASES = ['adam_amsgrad', 'nadam_accumulation_clip', 'ftrl_regularized', 'adam_ema_overwrite', 'keras2_adam_decay'];

function ours(): Optimizer[] {
  return [
    new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipnorm: 2 }),
    new Adam({ learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 3 }), amsgrad: true }),
    new AdamW({ weightDecay: 0.01, useEma: true, emaOverwriteFrequency: 5 }),
    new RMSprop({ momentum: 0.5, centered: true, globalClipnorm: 1 }),
    new Adagrad({ initialAccumulatorValue: 0.3, lossScaleFactor: 64 }),
    new Adadelta({ learningRate: 1, rho: 0.9, gradientAccumulationSteps: 4 }),
    new Adamax({ beta2: 0.99, clipvalue: 0.5 }),
    new Nadam({ learningRate: new PiecewiseConstantDecay({ boundaries: [10], values: [0.01, 0.001] }) }),
    new Lion({ beta1: 0.8, weightDecay: 0.1 }),
    new Ftrl({ l1RegularizationStrength: 0.1, beta: 0.5, learningRatePower: -0.25 }),
  ];
}

const FLOATS = fc.sample(fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 1e-8, max: 1e3, noNaN: true }),
  fc.float().filter((x) => Number.isFinite(x)).map((x) => Math.fround(x)),
), { numRuns: 3000, seed: 42 }).filter((x) => !Object.is(x, -0)); // JSON cannot carry -0 to Python

interface LiveReply extends TrajectoryFile {
  deserialized: Record<string, unknown>[];
  float_reprs: string[];
  fixture_configs?: { file: string; optimizer_config: OptimizerConfig }[];
}

describe.skipIf(!oracle.python)('live Keras oracle', () => {
  const written = ours();
  let reply: LiveReply;
  const get = (): LiveReply => reply;
  beforeAll(() => {
    reply = runPython<LiveReply>(['scripts/gen_optimizer_fixtures.py', '--live'], {
      cases: LIVE_CASES,
      deserialize: written.map((o) => optimizerToPythonJson(o)),
      floats: FLOATS,
      fixtures: oracle.fixtures ?? undefined,
    }, { timeout: 600_000 });
  }, 600_000);

  it('the installed Keras reproduces the committed trajectories (drift check) and we match it', () => {
    const live = get();
    const committed = loadTrajectories();
    expect(live.initial).toEqual(committed.initial);
    for (const id of LIVE_CASES) {
      const c = live.cases.find((x) => x.id === id)!;
      const { optimizer } = replay(live, c);
      checkStructure(c, optimizer);
    }
    for (const s of live.schedules) {
      expect(s.values, s.id).toEqual(committed.schedules.find((x) => x.id === s.id)!.values);
    }
  });

  it('Keras deserializes the JSON text we write for every optimizer into the same config', () => {
    const back = get().deserialized;
    expect(back.length).toBe(written.length);
    for (let i = 0; i < written.length; i++) {
      expect(back[i], written[i]!.className).toEqual(written[i]!.getConfig());
    }
  });

  it('pythonFloatRepr equals Python repr for 3000 sampled doubles and float32 values', () => {
    const reprs = get().float_reprs;
    expect(reprs.length).toBe(FLOATS.length);
    for (let i = 0; i < FLOATS.length; i++) expect(pythonFloatRepr(FLOATS[i]!), String(FLOATS[i])).toBe(reprs[i]);
  });

  it.skipIf(!oracle.fixtures)('reads the optimizer config of every shared Keras 1/2/3 and tf.keras file', () => {
    const configs = get().fixture_configs ?? [];
    expect(configs.length).toBeGreaterThanOrEqual(20);
    for (const { file, optimizer_config: cfg } of configs) {
      const o = getOptimizer(structuredClone(cfg), { path: `${file}:training_config.optimizer_config` });
      expect(o.className.toLowerCase(), file).toBe(cfg.class_name.replace(/^Custom>/, '').toLowerCase());
      const given = cfg.config ?? {};
      const lr = (given.learning_rate ?? given.lr) as number;
      if (typeof given.decay === 'number' && given.decay > 0 && o.className !== 'Nadam') {
        // Keras 1/2 time decay: lr / (1 + decay * iterations).
        expect(o.learningRateSchedule!.call(0), file).toBe(Math.fround(lr));
        expect(o.learningRateSchedule!.getConfig().decay_rate, file).toBe(given.decay);
      } else {
        expect(o.learningRate, file).toBe(Math.fround(lr));
      }
      for (const key of ['beta_1', 'beta_2', 'rho', 'momentum', 'nesterov', 'amsgrad', 'epsilon'] as const) {
        if (given[key] !== undefined) expect(o.getConfig()[key], `${file} ${key}`).toBe(given[key]);
      }
      // A Keras 3 config comes back exactly as written.
      if ('use_ema' in given) expect(o.getConfig(), file).toEqual(given);
    }
  });
});
