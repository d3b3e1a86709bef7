/**
 * Dtype policies as Keras 3 serialises them. The engine computes in float32;
 * a layer given another floating dtype keeps it in its config (so a file
 * round-trips) but still computes in float32.
 */
import type { Json, JsonObject } from './config.js';
import { isJsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';

/** Dtype policy names accepted in layer configs. */
export const DTYPE_POLICIES: readonly string[] = ['float32', 'float64', 'float16', 'bfloat16', 'mixed_float16', 'mixed_bfloat16'];

/** Keras 3's serialised `DTypePolicy` dict for `name`. */
export function dtypePolicyConfig(name: string): JsonObject {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null };
}

/**
 * Reads a layer `dtype` as any Keras version wrote it: a string
 * (`"float32"`), Keras 3's `DTypePolicy` dict, or tf.keras's `Policy` dict.
 * `undefined`/`null` gives `float32`.
 * @throws LayerConfigError `UNSUPPORTED_DTYPE` at `path` for other dtypes.
 */
export function readDtype(v: Json | undefined, layerName: string, path: string): string {
  if (v === undefined || v === null) return 'float32';
  let name: unknown = v;
  if (isJsonObject(v)) {
    const cls = v.class_name;
    const cfg = v.config;
    if ((cls === 'DTypePolicy' || cls === 'Policy' || cls === 'FloatDTypePolicy') && isJsonObject(cfg)) name = cfg.name;
    else throw new LayerConfigError('UNSUPPORTED_DTYPE', layerName, path, `unsupported dtype policy ${describe(cls)}`);
  }
  if (typeof name !== 'string' || !DTYPE_POLICIES.includes(name)) {
    throw new LayerConfigError('UNSUPPORTED_DTYPE', layerName, path,
      `unsupported dtype ${describe(name)}; supported: ${DTYPE_POLICIES.join(', ')}`);
  }
  return name;
}
