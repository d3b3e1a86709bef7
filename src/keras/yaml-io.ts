/**
 * The architecture as YAML: `toYaml` writes what Keras ≤ 2.5's `to_yaml`
 * wrote (PyYAML's default dump of the Keras 2 config: keys sorted, shapes
 * as `!!python/tuple`), which PyYAML and Keras ≤ 2.5 read; `modelFromYaml`
 * reads that, Keras 1's, and any plain YAML config, through the safe reader
 * of src/yaml (no `!!python/object…` tag is ever honoured).
 */
import { parseYaml, stringifyYaml } from '../yaml/index.js';
import type { Sequential } from '../nn/index.js';
import { KerasFormatError, describeValue } from './errors.js';
import { checkConfigTree, type Json, type JsonObject } from './config-guard.js';
import { FLOAT_KEYS, TUPLE_KEYS, keras2Document } from './keras2-config.js';
import { modelFromDocument, type ModelFromJsonOptions } from './model-io.js';
import { WRITTEN_BACKEND } from './weights-files.js';
import { checkKeras2Representable } from './representable.js';

interface ConfigurableModel {
  readonly className: string;
  getConfig(): JsonObject;
  readonly layers: readonly object[];
}

/**
 * The architecture as Keras ≤ 2.5's `to_yaml()` wrote it (PyYAML's
 * `yaml.dump` with PyYAML < 5.1's default flow style: leaf collections in
 * flow style, e.g. `batch_input_shape: !!python/tuple [null, 1]`).
 * @throws KerasFormatError `UNREPRESENTABLE` for a layer whose behaviour Keras
 *   2 cannot express (Keras 3's `hard_sigmoid`).
 * @example const text = model.toYaml();
 */
export function modelToYaml(model: object): string {
  const m = model as ConfigurableModel;
  if (typeof m.getConfig !== 'function') throw new KerasFormatError('BAD_ARGUMENT', `expected a model, got ${describeValue(model)}`);
  checkKeras2Representable(m.layers);
  const doc = keras2Document(m.className ?? 'Sequential', m.getConfig(), WRITTEN_BACKEND);
  return stringifyYaml(doc, {
    flowStyle: null,
    pythonTuples: (path) => TUPLE_KEYS.has(String(path[path.length - 1])),
    pythonFloats: (path) => FLOAT_KEYS.has(String(path[path.length - 1])),
  });
}

/**
 * A model from Keras YAML (`to_yaml()` of Keras 1 or 2, or any YAML holding a
 * `{class_name, config}` model config), with fresh weights.
 * @throws YamlError (line and column) for bad YAML or a refused tag;
 *   KerasFormatError as {@link modelFromJson}.
 * @example const arch = modelFromYaml(model.toYaml());
 */
export function modelFromYaml(text: string, opts: ModelFromJsonOptions = {}): Sequential {
  if (typeof text !== 'string') throw new KerasFormatError('BAD_ARGUMENT', `expected YAML text, got ${describeValue(text)}`);
  const doc = parseYaml(text) as Json;
  checkConfigTree(doc, '');
  return modelFromDocument(doc, opts);
}
