/**
 * A Keras 3 model config written the way Keras 2 / tf.keras ≤ 2.5 wrote it
 * (for `to_yaml`, which Keras removed in 2.6): layer entries
 * `{class_name, config}`, dtypes as names, initializers and regularizers as
 * `{class_name, config}`, shapes as Python tuples, and the first layer's
 * input as an `InputLayer` with `batch_input_shape`.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, own, type Json, type JsonObject } from './config-guard.js';

/** The `keras_version` written with Keras 2-style documents (the schema they follow). */
export const KERAS2_SCHEMA_VERSION = '2.4.0';

/** Keys whose arrays Keras 2 held as tuples. */
export const TUPLE_KEYS = new Set(['batch_input_shape', 'target_shape', 'noise_shape', 'build_input_shape']);

/** Keys whose numbers Keras 2 held as floats. */
export const FLOAT_KEYS = new Set(['rate', 'l1', 'l2', 'minval', 'maxval', 'mean', 'stddev', 'scale', 'gain', 'value', 'alpha']);

function dtypeName(v: Json | undefined): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) {
    const cfg = own(v, 'config');
    if (isObject(cfg) && typeof own(cfg, 'name') === 'string') return own(cfg, 'name') as string;
  }
  return 'float32';
}

/** `{module, class_name, config, registered_name}` → `{class_name, config}`, dropping Keras 3-only null options. */
function object2(v: Json | undefined): Json {
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

/**
 * Translates one Keras 3 layer entry (as `serializeLayer` gives it).
 * @throws KerasFormatError `BAD_CONFIG` for an entry of the wrong kind.
 */
function layer2(entry: Json, i: number): JsonObject {
  if (!isObject(entry) || !isObject(own(entry, 'config'))) {
    throw new KerasFormatError('BAD_CONFIG', `expected a layer entry, got ${describeValue(entry)}`, { configPath: `layers[${i}]` });
  }
  const className = own(entry, 'class_name') as string;
  const c = own(entry, 'config') as JsonObject;
  const out: JsonObject = {};
  if (className === 'InputLayer') {
    out.batch_input_shape = own(c, 'batch_shape') ?? null;
    out.dtype = dtypeName(own(c, 'dtype'));
    out.name = own(c, 'name') ?? null;
    out.ragged = false;
    out.sparse = false;
    return { class_name: className, config: out };
  }
  for (const k of Object.keys(c)) {
    const v = c[k]!;
    if (k === 'dtype') out.dtype = dtypeName(v);
    else if (k === 'quantization_config') continue;
    else if (/_(initializer|regularizer|constraint)$/.test(k)) out[k] = object2(v);
    else out[k] = v;
  }
  if (className === 'Dense' && !('activity_regularizer' in out)) out.activity_regularizer = null;
  return { class_name: className, config: out };
}

/**
 * The Keras 2 (tf.keras ≤ 2.5) document for a Keras 3 Sequential config:
 * `{backend, class_name, config: {layers, name}, keras_version}`.
 */
export function keras2Document(className: string, config: JsonObject, backend: string): JsonObject {
  const layers = own(config, 'layers');
  const list = Array.isArray(layers) ? layers.map(layer2) : [];
  return {
    backend,
    class_name: className,
    config: { layers: list, name: own(config, 'name') ?? 'sequential' },
    keras_version: KERAS2_SCHEMA_VERSION,
  };
}
