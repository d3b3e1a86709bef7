/**
 * `training_config` and optimizer configs as tf.keras 2.4 wrote them into
 * `.h5` files (`saving_utils.model_metadata`):
 *
 *   {"loss": …, "metrics": […], "weighted_metrics": null, "loss_weights": null,
 *    "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam",
 *      "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
 *      "epsilon": 1e-07, "amsgrad": false}}}
 *
 * One field list per optimizer class gives tf.keras 2.4's `get_config` keys
 * and order. Keras 3-only options (`weight_decay`, EMA, loss scaling,
 * gradient accumulation) and optimizers tf.keras 2.4 lacked (AdamW, Lion)
 * are refused with `UNREPRESENTABLE` unless they hold their neutral value:
 * a Keras 2 reader would train differently, or not load the file.
 */
import type { Optimizer } from '../optim/index.js';
import { getLoss } from '../nn/index.js';
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, own, type Json, type JsonObject } from './config-guard.js';
import { keras2Object } from './keras2-config.js';
import { lossForFile } from './training-config.js';

/** tf.keras 2.4's optimizer config keys after `name` and the clipping options, per class. */
const OPTIMIZER_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['SGD', ['learning_rate', 'decay', 'momentum', 'nesterov']],
  ['Adam', ['learning_rate', 'decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad']],
  ['RMSprop', ['learning_rate', 'decay', 'rho', 'momentum', 'epsilon', 'centered']],
  ['Adagrad', ['learning_rate', 'decay', 'initial_accumulator_value', 'epsilon']],
  ['Adadelta', ['learning_rate', 'decay', 'rho', 'epsilon']],
  ['Adamax', ['learning_rate', 'decay', 'beta_1', 'beta_2', 'epsilon']],
  ['Nadam', ['learning_rate', 'decay', 'beta_1', 'beta_2', 'epsilon']],
  ['Ftrl', ['learning_rate', 'decay', 'initial_accumulator_value', 'learning_rate_power', 'l1_regularization_strength',
    'l2_regularization_strength', 'beta', 'l2_shrinkage_regularization_strength']],
]);

/** Keras 3's default optimizer names (`name` when the user gave none), per class. */
const KERAS3_DEFAULT_NAMES: ReadonlyMap<string, string> = new Map([
  ['SGD', 'sgd'], ['Adam', 'adam'], ['RMSprop', 'rm_sprop'], ['Adagrad', 'adagrad'], ['Adadelta', 'adadelta'],
  ['Adamax', 'adamax'], ['Nadam', 'nadam'], ['Ftrl', 'ftrl'],
]);

/** Keras 3 options that must hold these values to be expressible in tf.keras 2.4 (`use_ema` false makes the EMA ones moot). */
const KERAS3_ONLY: readonly [string, Json][] = [
  ['weight_decay', null], ['use_ema', false], ['loss_scale_factor', null], ['gradient_accumulation_steps', null],
];

/** Options tf.keras 2.4's base optimizer wrote only when set, in its order. */
const CLIP_KEYS = ['clipnorm', 'clipvalue', 'global_clipnorm'];

/** Keras 3 learning-rate schedule options that tf.keras 2.4 lacked, dropped at these values. */
const SCHEDULE_KERAS3_ONLY: ReadonlyMap<string, Json> = new Map<string, Json>([['warmup_target', null], ['warmup_steps', 0]]);

/** Reductions both tf.keras 2.4 and Keras 3 accept. */
const KERAS2_REDUCTIONS = new Set(['sum_over_batch_size', 'sum', 'none']);

function unrepresentable(message: string, configPath: string): KerasFormatError {
  return new KerasFormatError('UNREPRESENTABLE', `${message}, which a Keras 2 (tf.keras 2.4) file cannot express`, { configPath });
}

/**
 * The optimizer's name as tf.keras 2.4 would have given it: Keras 3's
 * default names (`adam`, `adam_1`) become tf.keras's (`Adam`); a name the
 * user chose is kept. Optimizer weight names start with it (`Adam/iter:0`).
 */
export function keras2OptimizerName(optimizer: Optimizer): string {
  const def = KERAS3_DEFAULT_NAMES.get(optimizer.className);
  if (def !== undefined && new RegExp(`^${def}(_\\d+)?$`).test(optimizer.name)) return optimizer.className;
  return optimizer.name;
}

/** A Keras 3 schedule config as tf.keras 2.4 serialised it. */
function schedule2(v: JsonObject): Json {
  const out = keras2Object(v) as JsonObject;
  const cfg = out.config as JsonObject;
  for (const [k, def] of SCHEDULE_KERAS3_ONLY) {
    if (!(k in cfg)) continue;
    if (cfg[k] !== def) throw unrepresentable(`the learning-rate schedule option '${k}' = ${describeValue(cfg[k])}`, `optimizer_config.config.learning_rate.config.${k}`);
    delete cfg[k];
  }
  return out;
}

/**
 * `{class_name, config}` of the optimizer as tf.keras 2.4 wrote it.
 * @throws KerasFormatError `UNREPRESENTABLE` for an optimizer class or
 *   option tf.keras 2.4 did not have.
 */
export function keras2OptimizerConfig(optimizer: Optimizer): JsonObject {
  const className = optimizer.className;
  const fields = OPTIMIZER_FIELDS.get(className);
  if (!fields) {
    throw unrepresentable(`the optimizer ${className} did not exist in tf.keras 2.4 (it has ${[...OPTIMIZER_FIELDS.keys()].join(', ')})`, 'optimizer_config.class_name');
  }
  const c = optimizer.getConfig() as JsonObject;
  for (const [k, neutral] of KERAS3_ONLY) {
    const v = own(c, k);
    if (v !== undefined && v !== neutral) throw unrepresentable(`the optimizer option '${k}' = ${describeValue(v)}`, `optimizer_config.config.${k}`);
  }
  const out: JsonObject = { name: keras2OptimizerName(optimizer) };
  for (const k of CLIP_KEYS) {
    const v = own(c, k);
    if (v !== undefined && v !== null) out[k] = v;
  }
  const lr = own(c, 'learning_rate');
  if (className === 'Nadam' && isObject(lr)) {
    throw unrepresentable('a learning-rate schedule with Nadam (tf.keras 2.4 refused it)', 'optimizer_config.config.learning_rate');
  }
  for (const k of fields) {
    if (k === 'decay') {
      // tf.keras's Nadam wrote its momentum schedule decay as `decay`: 0.96^(decay·t). Keras 3's Nadam
      // uses 0.96^t, which is decay 1.0 (tf.keras itself re-reads any stored decay as 0.004 unless the
      // config says `schedule_decay`, a key Keras 3 refuses). For the other classes a legacy decay is a
      // learning-rate schedule here and is written as one.
      const sd = own(c, 'schedule_decay');
      out.decay = className === 'Nadam' ? (typeof sd === 'number' ? sd : 1) : 0;
      continue;
    }
    const v = own(c, k);
    if (v === undefined) throw new KerasFormatError('BAD_CONFIG', `the ${className} config lacks '${k}'`, { configPath: `optimizer_config.config.${k}` });
    out[k] = k === 'learning_rate' && isObject(v) ? schedule2(v) : v;
  }
  return { class_name: className, config: out };
}

/** A loss as tf.keras 2.4 stored it: a function name, or `{class_name, config: {reduction, name, …}}`. */
function loss2(loss: Json | undefined): Json {
  if (loss === undefined || loss === null) return null;
  if (typeof loss === 'string') return lossForFile(loss);
  const l = getLoss(loss, 'training_config.loss');
  if (!KERAS2_REDUCTIONS.has(l.reduction)) throw unrepresentable(`the loss reduction '${l.reduction}'`, 'training_config.loss.config.reduction');
  const keras3 = l.getConfig();
  const config: JsonObject = { reduction: l.reduction, name: l.name };
  for (const k of Object.keys(keras3)) {
    if (k === 'name' || k === 'reduction') continue;
    const v = keras3[k]!;
    if (k === 'axis') { if (v !== -1) throw unrepresentable(`the loss option axis = ${describeValue(v)}`, 'training_config.loss.config.axis'); continue; }
    if (k === 'ignore_class') { if (v !== null) throw unrepresentable(`the loss option ignore_class = ${describeValue(v)}`, 'training_config.loss.config.ignore_class'); continue; }
    config[k] = v;
  }
  if (l.className === 'Huber') config.delta = l.params.delta;
  return { class_name: l.className, config };
}

/** Metrics as tf.keras 2.4 stored the compile arguments: names kept, objects as `{class_name, config}`. */
function metrics2(metrics: Json | undefined): Json {
  if (metrics === undefined || metrics === null) return null;
  if (!Array.isArray(metrics)) return typeof metrics === 'string' ? [metrics] : [keras2Object(metrics)];
  return metrics.map((m) => (typeof m === 'string' ? m : keras2Object(m)));
}

/**
 * The training config tf.keras 2.4 wrote for a compiled model: `loss`,
 * `metrics`, `weighted_metrics`, `loss_weights`, `optimizer_config`.
 * @param compileConfig the model's Keras 3 compile config.
 * @param optimizer the compiled optimizer.
 * @throws KerasFormatError `UNREPRESENTABLE` (see {@link keras2OptimizerConfig}).
 */
export function keras2TrainingConfig(compileConfig: JsonObject, optimizer: Optimizer): JsonObject {
  const wm = own(compileConfig, 'weighted_metrics');
  return {
    loss: loss2(own(compileConfig, 'loss')),
    metrics: metrics2(own(compileConfig, 'metrics')),
    weighted_metrics: Array.isArray(wm) ? metrics2(wm) : null,
    loss_weights: own(compileConfig, 'loss_weights') ?? null,
    optimizer_config: keras2OptimizerConfig(optimizer),
  };
}
