/**
 * Values inside layer configs as Keras 1, Keras 2 / tf.keras and Keras 3
 * wrote them (initializers, regularizers, constraints, dtypes), translated
 * into Keras 3's serialised form: `{module, class_name, config,
 * registered_name}` dicts and `DTypePolicy` dicts.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { cloneJson, isObject, own, type Json, type JsonObject } from './config-guard.js';

/** Keras 3's serialised form of a built-in object. */
export function keras3Object(module: string, className: string, config: JsonObject): JsonObject {
  return { module, class_name: className, config, registered_name: null };
}

/** Keras 3's serialised `DTypePolicy` dict. */
export function dtypePolicy(name: string): JsonObject {
  return keras3Object('keras', 'DTypePolicy', { name });
}

/**
 * A layer dtype from any era (`"float32"`, a `DTypePolicy`/`Policy` dict, or
 * Keras 1's `input_dtype`) as Keras 3's policy dict. Validation of the name
 * itself is left to the layer.
 * @throws KerasFormatError `BAD_CONFIG` for a value of the wrong kind.
 */
export function translateDtype(v: Json | undefined, layerName: string, path: string): JsonObject {
  if (v === undefined || v === null) return dtypePolicy('float32');
  if (typeof v === 'string') return dtypePolicy(v);
  if (isObject(v)) {
    const cfg = own(v, 'config');
    const name = isObject(cfg) ? own(cfg, 'name') : undefined;
    if (typeof name === 'string') return dtypePolicy(name);
  }
  throw new KerasFormatError('BAD_CONFIG', `expected a dtype name or policy, got ${describeValue(v)}`, { layerName, configPath: path });
}

/** Keras 1 initializer names and the Keras 3 objects they meant. */
const KERAS1_INITIALIZERS = new Map<string, [string, JsonObject]>([
  ['uniform', ['RandomUniform', { minval: -0.05, maxval: 0.05, seed: null }]],
  ['normal', ['RandomNormal', { mean: 0, stddev: 0.05, seed: null }]],
  ['lecun_uniform', ['LecunUniform', { seed: null }]],
  ['glorot_normal', ['GlorotNormal', { seed: null }]],
  ['glorot_uniform', ['GlorotUniform', { seed: null }]],
  ['he_normal', ['HeNormal', { seed: null }]],
  ['he_uniform', ['HeUniform', { seed: null }]],
  ['orthogonal', ['Orthogonal', { gain: 1.1, seed: null }]],
  ['identity', ['Identity', { gain: 1 }]],
  ['zero', ['Zeros', {}]],
  ['one', ['Ones', {}]],
]);

/** Keras 2 / tf.keras initializer class names (identical in Keras 3). */
const INITIALIZER_CLASSES = new Set([
  'Zeros', 'Ones', 'Constant', 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'VarianceScaling',
  'Orthogonal', 'Identity', 'GlorotUniform', 'GlorotNormal', 'HeNormal', 'HeUniform', 'LecunNormal', 'LecunUniform',
]);

/** tf.keras spellings of initializer class names. */
const INITIALIZER_ALIASES = new Map<string, string>([
  ['glorot_uniform', 'GlorotUniform'], ['glorot_normal', 'GlorotNormal'], ['he_normal', 'HeNormal'],
  ['he_uniform', 'HeUniform'], ['lecun_normal', 'LecunNormal'], ['lecun_uniform', 'LecunUniform'],
  ['zeros', 'Zeros'], ['ones', 'Ones'], ['Zero', 'Zeros'], ['One', 'Ones'], ['random_uniform', 'RandomUniform'],
  ['random_normal', 'RandomNormal'], ['truncated_normal', 'TruncatedNormal'], ['orthogonal', 'Orthogonal'],
  ['identity', 'Identity'], ['constant', 'Constant'], ['variance_scaling', 'VarianceScaling'],
]);

/**
 * An initializer from any era as Keras 3's serialised dict. Keras 1 names
 * (`"glorot_uniform"`, `"zero"`) become the objects they meant; Keras 2's
 * `VarianceScaling(distribution="normal")` (a truncated normal) becomes
 * `"truncated_normal"`; tf.keras's `dtype` entries are dropped (Keras 3 has
 * none). A Keras 3 dict passes unchanged.
 * @throws KerasFormatError `BAD_CONFIG` for a value of the wrong kind.
 */
export function translateInitializer(v: Json | undefined, era: number, layerName: string, path: string): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const k1 = era === 1 ? KERAS1_INITIALIZERS.get(v) : undefined;
    if (k1) return keras3Object('keras.initializers', k1[0], cloneJson(k1[1]));
    const cls = INITIALIZER_ALIASES.get(v) ?? (KERAS1_INITIALIZERS.get(v)?.[0]);
    if (cls) return keras3Object('keras.initializers', cls, cls === 'Zeros' || cls === 'Ones' || cls === 'Identity' ? {} : { seed: null });
    return v; // left for the layer to accept or refuse by name
  }
  if (!isObject(v)) {
    throw new KerasFormatError('BAD_CONFIG', `expected an initializer, got ${describeValue(v)}`, { layerName, configPath: path });
  }
  if (own(v, 'module') !== undefined) return cloneJson(v);
  const rawClass = own(v, 'class_name');
  if (typeof rawClass !== 'string') {
    throw new KerasFormatError('BAD_CONFIG', `an initializer needs a class_name, got ${describeValue(rawClass)}`, { layerName, configPath: `${path}.class_name` });
  }
  const className = INITIALIZER_ALIASES.get(rawClass) ?? rawClass;
  const rawConfig = own(v, 'config');
  const config: JsonObject = isObject(rawConfig) ? cloneJson(rawConfig) : {};
  delete config.dtype;
  if (className === 'VarianceScaling' && era < 3 && config.distribution === 'normal') config.distribution = 'truncated_normal';
  if (!INITIALIZER_CLASSES.has(className)) {
    // Unknown to this table: passed on so the layer names it in its error.
    return { module: 'keras.initializers', class_name: className, config, registered_name: null };
  }
  return keras3Object('keras.initializers', className, config);
}

/**
 * A regularizer from any era as Keras 3's serialised dict: Keras 1's
 * `{"name": "WeightRegularizer", "l1": …, "l2": …}`, Keras 2's
 * `{"class_name": "L1L2", "config": {…}}`, Keras 3's dict, or a name.
 * @throws KerasFormatError `BAD_CONFIG` for a value of the wrong kind.
 */
export function translateRegularizer(v: Json | undefined, layerName: string, path: string): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (!isObject(v)) {
    throw new KerasFormatError('BAD_CONFIG', `expected a regularizer, got ${describeValue(v)}`, { layerName, configPath: path });
  }
  if (own(v, 'module') !== undefined) return cloneJson(v);
  const className = own(v, 'class_name');
  if (typeof className === 'string') {
    const cfg = own(v, 'config');
    return keras3Object('keras.regularizers', className, isObject(cfg) ? cloneJson(cfg) : {});
  }
  const name = own(v, 'name');
  if (name === 'WeightRegularizer' || name === 'L1L2Regularizer' || name === 'ActivityRegularizer') {
    const l1 = own(v, 'l1') ?? 0;
    const l2 = own(v, 'l2') ?? 0;
    return keras3Object('keras.regularizers', 'L1L2', { l1, l2 });
  }
  throw new KerasFormatError('BAD_CONFIG', `unrecognised regularizer ${describeValue(name ?? v)}`, { layerName, configPath: path });
}

/**
 * A constraint from any era as Keras 3's serialised dict (Keras 1 wrote
 * `{"name": "MaxNorm", "m": 2, "axis": 0}`); whether it is supported is the
 * layer's decision.
 */
export function translateConstraint(v: Json | undefined, layerName: string, path: string): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (!isObject(v)) {
    throw new KerasFormatError('BAD_CONFIG', `expected a constraint, got ${describeValue(v)}`, { layerName, configPath: path });
  }
  if (own(v, 'module') !== undefined) return cloneJson(v);
  const className = own(v, 'class_name');
  if (typeof className === 'string') {
    const cfg = own(v, 'config');
    return keras3Object('keras.constraints', className, isObject(cfg) ? cloneJson(cfg) : {});
  }
  const name = own(v, 'name');
  const rest = cloneJson(v);
  delete rest.name;
  return keras3Object('keras.constraints', typeof name === 'string' ? name : 'Unknown', rest);
}
