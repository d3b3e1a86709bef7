/**
 * Learning-rate schedules in configs: the dispatch table from Keras class
 * names to classes, and the Keras 3 serialized form
 * `{module, class_name, config, registered_name}`.
 */
import { OptimizerError } from '../errors.js';
import { OptionReader, READER, describe } from '../options.js';
import { CosineDecay } from './cosine-decay.js';
import { CosineDecayRestarts } from './cosine-decay-restarts.js';
import { ExponentialDecay } from './exponential-decay.js';
import { InverseTimeDecay } from './inverse-time-decay.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { PolynomialDecay } from './polynomial-decay.js';
import { LearningRateSchedule } from './schedule.js';

type ScheduleClass = new (options: never) => LearningRateSchedule;

/** Keras schedule class names → classes. */
const SCHEDULES: ReadonlyMap<string, ScheduleClass> = new Map<string, ScheduleClass>([
  ['ExponentialDecay', ExponentialDecay],
  ['PiecewiseConstantDecay', PiecewiseConstantDecay],
  ['PolynomialDecay', PolynomialDecay],
  ['InverseTimeDecay', InverseTimeDecay],
  ['CosineDecay', CosineDecay],
  ['CosineDecayRestarts', CosineDecayRestarts],
]);

/** The module Keras 3 writes for built-in schedules. */
export const SCHEDULE_MODULE = 'keras.optimizers.schedules';

/** A serialized schedule as Keras 3 writes it. */
export interface SerializedSchedule {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
}

/**
 * Serializes a schedule as Keras 3's `keras.optimizers.schedules.serialize` does.
 * @example serializeLearningRateSchedule(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }))
 *   // { module: 'keras.optimizers.schedules', class_name: 'ExponentialDecay', config: {...}, registered_name: null }
 */
export function serializeLearningRateSchedule(schedule: LearningRateSchedule): SerializedSchedule {
  return { module: SCHEDULE_MODULE, class_name: schedule.className, config: schedule.getConfig(), registered_name: null };
}

/**
 * Builds a schedule from a config: Keras 3's
 * `{module, class_name, config, registered_name}` or tf.keras's
 * `{class_name, config}`; class names may carry tf.keras's `Custom>` or
 * Keras 2's `keras.optimizers.schedules.` prefixes.
 * @param path Where the config sits, for error locations. Default `learning_rate`.
 * @throws OptimizerError `OPTIMIZER_UNKNOWN_CLASS` for a class that is not a built-in schedule,
 *   `OPTIMIZER_UNKNOWN_KEY` / `OPTIMIZER_BAD_VALUE` for bad config entries.
 */
export function getLearningRateSchedule(config: unknown, path = 'learning_rate'): LearningRateSchedule {
  if (config instanceof LearningRateSchedule) return config;
  const outer: OptionReader = new OptionReader(config, 'snake', path);
  const className = outer.optionalString('class_name', 'class_name');
  if (className === null) outer.fail('class_name', 'class_name', 'a serialized schedule needs a class_name');
  outer.optionalString('module', 'module');
  outer.raw('registered_name', 'registered_name');
  const inner = outer.raw('config', 'config') ?? {};
  outer.finish();
  const cls = SCHEDULES.get(stripPrefixes(className));
  if (!cls) {
    throw new OptimizerError('OPTIMIZER_UNKNOWN_CLASS', `${path}.class_name`,
      `unknown learning rate schedule ${describe(className)}; known: ${[...SCHEDULES.keys()].join(', ')}`);
  }
  const reader = new OptionReader(inner, 'snake', `${path}.config`);
  return new cls({ [READER]: reader } as never);
}

function stripPrefixes(className: string): string {
  let name = className;
  if (name.startsWith('Custom>')) name = name.slice('Custom>'.length);
  const dot = name.lastIndexOf('.');
  if (dot !== -1) name = name.slice(dot + 1);
  return name;
}
