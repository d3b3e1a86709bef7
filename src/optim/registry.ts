/**
 * Optimizers by name and by config: the dispatch table from Keras class
 * names to classes, `getOptimizer` (Keras's `optimizers.get`) and
 * `serializeOptimizer` (Keras's `optimizers.serialize`).
 *
 * Configs from every Keras era are read:
 *  - Keras 3: `{module, class_name, config, registered_name}`;
 *  - Keras 3 legacy .h5 and tf.keras: `{class_name, config}`, class names
 *    possibly prefixed `Custom>` (tf.keras 2.3-2.5) or dotted
 *    (`keras.optimizers.Adam`);
 *  - Keras 1/2 and tf.keras option spellings: `lr` for `learning_rate`,
 *    `decay` (time-based learning-rate decay, read as
 *    `InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)`, which is the
 *    same formula; for Nadam it is tf.keras's momentum schedule decay),
 *    `schedule_decay` (Nadam), `epsilon: null` (Keras 2's fuzz factor 1e-7),
 *    and tf.keras 2.11+'s `jit_compile` / `is_legacy_optimizer` (ignored).
 *
 * Keras 1/2's own update math differed from Keras 3's in a few places
 * (Adagrad and RMSprop without momentum put epsilon outside the square
 * root, and Keras 1/2's Adagrad started its accumulators at 0); a legacy
 * config gets Keras 3's math, as it would when loaded into Keras 3.
 */
import { OptimizerError } from './errors.js';
import { OptionReader, READER, describe } from './options.js';
import { Optimizer } from './optimizer.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Ftrl } from './ftrl.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

type OptimizerClass = new (options?: never) => Optimizer;

/** Lower-cased Keras class names → classes (Keras 3's case-insensitive lookup). */
const OPTIMIZERS: ReadonlyMap<string, OptimizerClass> = new Map<string, OptimizerClass>([
  ['sgd', SGD],
  ['adam', Adam],
  ['adamw', AdamW],
  ['rmsprop', RMSprop],
  ['adagrad', Adagrad],
  ['adadelta', Adadelta],
  ['adamax', Adamax],
  ['nadam', Nadam],
  ['lion', Lion],
  ['ftrl', Ftrl],
]);

/** Keras optimizers this library knows of but does not implement. */
const UNSUPPORTED = new Map<string, string>([
  ['adafactor', 'Adafactor'],
  ['lamb', 'Lamb'],
  ['muon', 'Muon'],
  ['lossscaleoptimizer', 'LossScaleOptimizer'],
  ['lossscaleoptimizerv3', 'LossScaleOptimizer'],
  ['multioptimizer', 'MultiOptimizer'],
  ['schedulefreeadamw', 'ScheduleFreeAdamW'],
  ['tfoptimizer', 'TFOptimizer'],
  ['optimizer', 'Optimizer (the abstract base)'],
]);

/** The module Keras 3 writes for built-in optimizers. */
export const OPTIMIZER_MODULE = 'keras.optimizers';

/** An optimizer serialized as Keras 3 writes it. */
export interface SerializedOptimizer {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
}

/** An optimizer config in any Keras era's form. */
export interface OptimizerConfig {
  class_name: string;
  config?: Record<string, unknown>;
  module?: string;
  registered_name?: string | null;
}

/** Options of {@link getOptimizer}. */
export interface GetOptimizerOptions {
  /** Where the config sits, prefixed to error locations (e.g. `training_config.optimizer_config`). */
  path?: string;
}

/**
 * Keras's `optimizers.get`: an optimizer from a name, a config, or an
 * optimizer (returned as is).
 * @param identifier `'adam'`, `'SGD'`, `'rmsprop'`, … (any case); a config
 *   (see the file header for the accepted eras); or an `Optimizer`.
 * @throws OptimizerError `OPTIMIZER_UNKNOWN_CLASS` for a name that is not a Keras optimizer,
 *   `OPTIMIZER_UNSUPPORTED` for a Keras optimizer not implemented here,
 *   `OPTIMIZER_UNKNOWN_KEY` / `OPTIMIZER_BAD_VALUE` for bad config entries (with the config path).
 * @example
 * getOptimizer('adam');
 * getOptimizer({ class_name: 'Adam', config: { lr: 0.001, beta_1: 0.9, decay: 0.0 } }); // Keras 2
 */
export function getOptimizer(identifier: string | Optimizer | OptimizerConfig, options: GetOptimizerOptions = {}): Optimizer {
  const path = options.path ?? '';
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') {
    return new (lookup(identifier, path))();
  }
  const outer: OptionReader = new OptionReader(identifier, 'snake', path);
  const className = outer.optionalString('class_name', 'class_name');
  if (className === null) outer.fail('class_name', 'class_name', 'an optimizer config needs a class_name');
  outer.optionalString('module', 'module');
  outer.raw('registered_name', 'registered_name');
  const config = outer.raw('config', 'config') ?? {};
  outer.finish();
  const cls = lookup(className, path ? `${path}.class_name` : 'class_name');
  const reader = new OptionReader(config, 'snake', path ? `${path}.config` : 'config');
  return new cls({ [READER]: reader } as never);
}

/**
 * Keras's `optimizers.serialize`.
 * @example serializeOptimizer(new SGD()) // { module: 'keras.optimizers', class_name: 'SGD', config: {...}, registered_name: null }
 */
export function serializeOptimizer(optimizer: Optimizer): SerializedOptimizer {
  return { module: OPTIMIZER_MODULE, class_name: optimizer.className, config: optimizer.getConfig(), registered_name: null };
}

/**
 * Builds an optimizer of a known class from its Keras config (snake_case
 * keys), as Keras's `Adam.from_config(config)`.
 * @throws OptimizerError as {@link getOptimizer}.
 * @example optimizerFromConfig('Adam', { learning_rate: 0.01, amsgrad: true })
 */
export function optimizerFromConfig(className: string, config: Record<string, unknown>): Optimizer {
  return getOptimizer({ class_name: className, config });
}

function lookup(name: string, path: string): OptimizerClass {
  let key = name;
  if (key.startsWith('Custom>')) key = key.slice('Custom>'.length);
  const dot = key.lastIndexOf('.');
  if (dot !== -1) key = key.slice(dot + 1);
  key = key.toLowerCase();
  const cls = OPTIMIZERS.get(key);
  if (cls) return cls;
  const unsupported = UNSUPPORTED.get(key);
  if (unsupported) {
    throw new OptimizerError('OPTIMIZER_UNSUPPORTED', path, `the Keras optimizer ${unsupported} is not supported`);
  }
  throw new OptimizerError('OPTIMIZER_UNKNOWN_CLASS', path,
    `unknown optimizer ${describe(name)}; known: ${[...OPTIMIZERS.values()].map((c) => (c as unknown as typeof Optimizer).settings!.className).join(', ')}`);
}
