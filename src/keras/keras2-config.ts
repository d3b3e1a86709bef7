/**
 * A Keras 3 model config written the way tf.keras 2.4 wrote it (the schema
 * Keras 2 readers parse: `model.save('m.h5')` and `to_json()` of tf.keras
 * 2.2–2.10, and `to_yaml()` of Keras ≤ 2.5):
 *
 *   {"class_name": "Sequential", "config": {"name": …, "layers": [
 *     {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4],
 *      "dtype": "float32", "sparse": false, "ragged": false, "name": …}},
 *     {"class_name": "Dense", "config": {"name", "trainable", "dtype",
 *      "units", "activation", "use_bias", "kernel_initializer", …}}]}}
 *
 * Layer entries are `{class_name, config}` (no `module`, `registered_name`,
 * `build_config`), dtypes are names, initializers, regularizers and
 * constraints are `{class_name, config}`, and each layer's keys come in the
 * order tf.keras 2.4's `get_config` produced them (one field list per class
 * below), checked against the genuine tf.keras 2.4 files among the shared
 * fixtures. Anything a Keras 2 reader could not honour (a Keras 3-only
 * activation or option with a non-default value) is refused with
 * `UNREPRESENTABLE`, never dropped.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, own, type Json, type JsonObject } from './config-guard.js';

/** The `keras_version` written with Keras 2-style documents (the schema they follow). */
export const KERAS2_SCHEMA_VERSION = '2.4.0';

/** Keys whose arrays Keras 2 held as tuples. */
export const TUPLE_KEYS = new Set(['batch_input_shape', 'target_shape', 'noise_shape', 'build_input_shape']);

/** Keys whose numbers Keras 2 held as floats. */
export const FLOAT_KEYS = new Set(['rate', 'l1', 'l2', 'minval', 'maxval', 'mean', 'stddev', 'scale', 'gain', 'value', 'alpha', 'max_value', 'min_value']);

/**
 * tf.keras 2.4's config keys per layer class, in `get_config` order, after
 * the base keys (`name`, `trainable`, [`batch_input_shape`], `dtype`).
 */
const LAYER_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Dense', ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer',
    'activity_regularizer', 'kernel_constraint', 'bias_constraint']],
  ['Dropout', ['rate', 'noise_shape', 'seed']],
  ['Flatten', ['data_format']],
  ['Reshape', ['target_shape']],
  ['Activation', ['activation']],
]);

/** Keras 3 keys a Keras 2 config lacks, dropped when they hold their default. */
const KERAS3_ONLY_DEFAULTS: ReadonlyMap<string, Json> = new Map<string, Json>([
  ['quantization_config', null],
  ['lora_rank', null],
  ['lora_alpha', null],
]);

/** tf.keras 2.4's defaults for keys a Keras 3 config may leave out. */
const KERAS2_DEFAULTS: ReadonlyMap<string, Json> = new Map<string, Json>([['activity_regularizer', null]]);

/**
 * Activation names tf.keras 2.4's `activations.get` resolves, keyed by our
 * name; Keras 3's `silu` was `swish` there. `hard_sigmoid` here is the
 * Keras 2 function (Keras 3's is refused by `checkKeras2Representable`).
 */
const KERAS2_ACTIVATIONS: ReadonlyMap<string, string> = new Map([
  ['linear', 'linear'], ['relu', 'relu'], ['elu', 'elu'], ['selu', 'selu'], ['sigmoid', 'sigmoid'], ['hard_sigmoid', 'hard_sigmoid'],
  ['softmax', 'softmax'], ['softplus', 'softplus'], ['softsign', 'softsign'], ['tanh', 'tanh'], ['exponential', 'exponential'],
  ['silu', 'swish'], ['swish', 'swish'], ['gelu', 'gelu'],
]);

function unrepresentable(message: string, layerName: string, configPath: string): KerasFormatError {
  return new KerasFormatError('UNREPRESENTABLE', `${message}, which a Keras 2 (tf.keras 2.4) file cannot express`, { layerName, configPath });
}

/** A dtype as Keras 2 wrote it: the policy's name (`float32`). */
function dtypeName(v: Json | undefined): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) {
    const cfg = own(v, 'config');
    if (isObject(cfg) && typeof own(cfg, 'name') === 'string') return own(cfg, 'name') as string;
  }
  return 'float32';
}

/**
 * `{module, class_name, config, registered_name}` → `{class_name, config}`
 * (initializers, regularizers, constraints, losses, metrics, schedules),
 * dropping Keras 3-only options that hold null.
 */
export function keras2Object(v: Json | undefined): Json {
  if (!isObject(v)) return v ?? null;
  const cfg = own(v, 'config');
  const config: JsonObject = {};
  if (isObject(cfg)) {
    for (const k of Object.keys(cfg)) {
      if ((k === 'input_axes' || k === 'output_axes') && cfg[k] === null) continue;
      config[k] = cfg[k]!;
    }
  }
  return { class_name: own(v, 'class_name') ?? null, config };
}

function activation2(v: Json | undefined, layerName: string, path: string): string {
  const out = typeof v === 'string' ? KERAS2_ACTIVATIONS.get(v) : undefined;
  if (out === undefined) throw unrepresentable(`the activation ${describeValue(v)} did not exist in tf.keras 2.4`, layerName, path);
  return out;
}

/** One layer config value in Keras 2 form. */
function value2(key: string, v: Json, layerName: string, path: string): Json {
  if (key === 'dtype') return dtypeName(v);
  if (key === 'activation') return activation2(v, layerName, path);
  if (/_(initializer|regularizer|constraint)$/.test(key)) return keras2Object(v);
  return v;
}

/**
 * Translates one Keras 3 layer entry (as `serializeLayer` gives it) into
 * tf.keras 2.4's `{class_name, config}` with its key order.
 * @throws KerasFormatError `BAD_CONFIG` for an entry of the wrong kind;
 *   `UNREPRESENTABLE` for a class, activation or option Keras 2 lacks.
 */
function layer2(entry: Json, i: number): JsonObject {
  if (!isObject(entry) || !isObject(own(entry, 'config'))) {
    throw new KerasFormatError('BAD_CONFIG', `expected a layer entry, got ${describeValue(entry)}`, { configPath: `layers[${i}]` });
  }
  const className = own(entry, 'class_name') as string;
  const c = own(entry, 'config') as JsonObject;
  const name = typeof own(c, 'name') === 'string' ? own(c, 'name') as string : '';
  const at = (k: string): string => `layers[${i}].config.${k}`;
  if (className === 'InputLayer') {
    return {
      class_name: className,
      config: { batch_input_shape: own(c, 'batch_shape') ?? own(c, 'batch_input_shape') ?? null, dtype: dtypeName(own(c, 'dtype')), sparse: false, ragged: false, name: own(c, 'name') ?? null },
    };
  }
  const fields = LAYER_FIELDS.get(className);
  if (!fields) throw unrepresentable(`the layer class '${className}' is not translated`, name, `layers[${i}].class_name`);
  const out: JsonObject = { name: own(c, 'name') ?? null, trainable: own(c, 'trainable') ?? true };
  const batch = own(c, 'batch_input_shape') ?? own(c, 'batch_shape');
  if (batch !== undefined && batch !== null) out.batch_input_shape = batch;
  out.dtype = dtypeName(own(c, 'dtype'));
  for (const k of fields) {
    const v = own(c, k);
    if (v === undefined) {
      if (!KERAS2_DEFAULTS.has(k)) throw new KerasFormatError('BAD_CONFIG', `the layer config lacks '${k}'`, { layerName: name, configPath: at(k) });
      out[k] = KERAS2_DEFAULTS.get(k)!;
    } else {
      out[k] = value2(k, v, name, at(k));
    }
  }
  for (const k of Object.keys(c)) {
    if (k in out || k === 'batch_shape') continue;
    if (KERAS3_ONLY_DEFAULTS.has(k) && c[k] === KERAS3_ONLY_DEFAULTS.get(k)) continue;
    throw unrepresentable(`the option '${k}' = ${describeValue(c[k])} has no tf.keras 2.4 counterpart`, name, at(k));
  }
  return { class_name: className, config: out };
}

/**
 * The Keras 2 model config (`{class_name, config: {name, layers}}`) for a
 * Keras 3 Sequential config, as tf.keras 2.4 stored it in `.h5` files.
 * @throws KerasFormatError `UNREPRESENTABLE` (by layer and path) for what
 *   Keras 2 cannot express.
 */
export function keras2ModelConfig(className: string, config: JsonObject): JsonObject {
  const layers = own(config, 'layers');
  const list = Array.isArray(layers) ? layers.map(layer2) : [];
  const cfg: JsonObject = { name: own(config, 'name') ?? 'sequential', layers: list };
  // tf.keras 2.4 wrote build_input_shape only for a model without an input layer.
  const build = own(config, 'build_input_shape');
  if (Array.isArray(build) && !list.some((l) => l.class_name === 'InputLayer')) cfg.build_input_shape = build;
  return { class_name: className, config: cfg };
}

/**
 * The Keras 2 (tf.keras ≤ 2.5) `to_yaml` document for a Keras 3 Sequential
 * config: `{backend, class_name, config: {layers, name}, keras_version}`.
 */
export function keras2Document(className: string, config: JsonObject, backend: string): JsonObject {
  const m = keras2ModelConfig(className, config);
  return { backend, class_name: m.class_name!, config: m.config!, keras_version: KERAS2_SCHEMA_VERSION };
}
