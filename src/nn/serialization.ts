/**
 * Layers to and from Keras 3's serialised form
 * `{module, class_name, config, registered_name, build_config}`, with one
 * class table that refuses unknown classes by name. Keras 1/2's
 * `{class_name, config}` (no module) is read as well; a file's translation
 * from older layouts is the Keras-format code's job.
 */
import { isJsonObject, type JsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';
import { Activation } from './layers/activation.js';
import type { FromConfigOptions } from './layers/base-config.js';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import { Flatten } from './layers/flatten.js';
import { InputLayer } from './layers/input-layer.js';
import type { Layer } from './layers/layer.js';
import { Reshape } from './layers/reshape.js';

type LayerFactory = (config: JsonObject, opts: FromConfigOptions, path: string) => Layer;

/** Keras class name → reader of its config. */
const LAYER_CLASSES: Record<string, LayerFactory> = {
  Dense: (c, o, p) => Dense.fromConfig(c, o, p),
  InputLayer: (c, o, p) => InputLayer.fromConfig(c, o, p),
  Activation: (c, o, p) => Activation.fromConfig(c, o, p),
  Dropout: (c, o, p) => Dropout.fromConfig(c, o, p),
  Flatten: (c, o, p) => Flatten.fromConfig(c, o, p),
  Reshape: (c, o, p) => Reshape.fromConfig(c, o, p),
};

/** The layer classes {@link deserializeLayer} supports. */
export function supportedLayerClasses(): string[] {
  return Object.keys(LAYER_CLASSES);
}

/**
 * Keras 3's serialised layer: `{module: 'keras.layers', class_name, config,
 * registered_name: null}` plus `build_config` when Keras writes one.
 */
export function serializeLayer(layer: Layer): JsonObject {
  const out: JsonObject = { module: 'keras.layers', class_name: layer.className, config: layer.getConfig(), registered_name: null };
  const bc = layer.getBuildConfig();
  if (bc) out.build_config = bc;
  return out;
}

/** Options for {@link deserializeLayer}. */
export interface DeserializeLayerOptions extends FromConfigOptions {
  /** Where the dict sits, prefixed to error paths (e.g. `layers[2]`). Default ''. */
  path?: string;
  /**
   * Run the initializers when a `build_config` builds the layer. False
   * builds its variables without storage, for a loader that sets the
   * weights next (see `BuildOptions`). Default true.
   */
  initializeWeights?: boolean;
}

/**
 * A layer from its serialised dict (Keras 3, or Keras 1/2 without
 * `module`). A `build_config` builds the layer with its input shape (without
 * running initializers when `initializeWeights` is false).
 * @throws LayerConfigError `LAYER_UNKNOWN_CLASS` naming the class, the layer and the supported list;
 *   other codes with the path of the bad key (`layers[2].config.units`).
 * @example deserializeLayer({ class_name: 'Dense', config: { units: 3 } })
 */
export function deserializeLayer(obj: unknown, opts: DeserializeLayerOptions = {}): Layer {
  const path = opts.path ?? '';
  const at = (k: string): string => (path ? `${path}.${k}` : k);
  if (!isJsonObject(obj)) throw new LayerConfigError('LAYER_BAD_CONFIG', '', path, `expected a layer dict with class_name and config, got ${describe(obj)}`);
  for (const k of Object.keys(obj)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new LayerConfigError('LAYER_BAD_CONFIG', '', at(k), `the key '${k}' is not allowed in a config`);
    if (!['module', 'class_name', 'config', 'registered_name', 'build_config', 'compile_config', 'name', 'inbound_nodes'].includes(k)) {
      throw new LayerConfigError('LAYER_UNKNOWN_KEY', '', at(k), `unknown key '${k}' in a serialised layer`);
    }
  }
  const cls = obj.class_name;
  const config = obj.config;
  const layerName = isJsonObject(config) && typeof config.name === 'string' ? config.name : '';
  if (typeof cls !== 'string') throw new LayerConfigError('LAYER_BAD_CONFIG', layerName, at('class_name'), `expected a class name, got ${describe(cls)}`);
  const factory = Object.prototype.hasOwnProperty.call(LAYER_CLASSES, cls) ? LAYER_CLASSES[cls] : undefined;
  if (!factory) {
    throw new LayerConfigError('LAYER_UNKNOWN_CLASS', layerName, at('class_name'),
      `unsupported layer class '${cls}'${layerName ? ` (layer '${layerName}')` : ''}; supported: ${supportedLayerClasses().join(', ')}`);
  }
  if (obj.module !== undefined && obj.module !== null && typeof obj.module === 'string' && !obj.module.startsWith('keras')) {
    throw new LayerConfigError('LAYER_UNKNOWN_CLASS', layerName, at('module'), `layer class '${cls}' from module '${obj.module}' is not a Keras layer`);
  }
  if (!isJsonObject(config)) throw new LayerConfigError('LAYER_BAD_CONFIG', layerName, at('config'), `expected a config dict, got ${describe(config)}`);
  const layer = factory(config, opts, at('config'));
  const bc = obj.build_config;
  if (isJsonObject(bc) && bc.input_shape !== undefined && bc.input_shape !== null && !layer.built) {
    try {
      layer.build(bc.input_shape as (number | null)[], { initializeWeights: opts.initializeWeights !== false });
    } catch (e) {
      throw e instanceof LayerConfigError ? e.within(at('build_config.input_shape'), layerName) : e;
    }
  }
  return layer;
}
