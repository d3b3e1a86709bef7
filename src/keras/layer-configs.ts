/**
 * One layer entry of a model config, from any Keras era, translated into
 * Keras 3's serialised form `{module, class_name, config, registered_name}`
 * that `deserializeLayer` in src/nn reads.
 *
 * Keras 1 wrote `output_dim`, `init`, `W_regularizer`, `bias`, `p`,
 * `input_dtype`; Keras 2 and tf.keras wrote today's names with string dtypes
 * and `{class_name, config}` initializers; Keras 3 adds `module`,
 * `registered_name` and `DTypePolicy` dicts. One translator per class, in a
 * table that refuses every other class with the supported list.
 *
 * The input spec a first layer carries (`batch_input_shape`, `input_shape`,
 * `input_dim`) is returned apart so the model translation can turn it into
 * an explicit `InputLayer`, as Keras 3 does.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { cloneJson, isObject, joinPath, own, type Json, type JsonObject } from './config-guard.js';
import { ConfigView, readShape, type ConfigShape } from './config-view.js';
import { dtypePolicy, keras3Object, translateConstraint, translateDtype, translateInitializer, translateRegularizer } from './legacy-values.js';

/** Keras generation that wrote a config: 1, 2 (incl. tf.keras) or 3. */
export type KerasEra = 1 | 2 | 3;

/** A translated layer and the input spec its config carried, if any. */
export interface TranslatedLayer {
  /** Keras 3 serialised layer (`{module, class_name, config, registered_name}`). */
  layer: JsonObject;
  /** `batch_input_shape`/`input_shape`/`input_dim` of the original, as a batch shape. */
  batchShape?: ConfigShape;
  /** The layer name. */
  name: string;
}

interface Ctx {
  era: KerasEra;
  name: string;
}

type Translator = (v: ConfigView, ctx: Ctx) => JsonObject;

/** Keys every layer may carry: name, trainable, dtype. */
function base(v: ConfigView, ctx: Ctx): JsonObject {
  v.ignore('name');
  const trainable = v.bool('trainable', true);
  const dtypeEntry = v.first('dtype', 'input_dtype');
  const dtype = translateDtype(dtypeEntry?.value, ctx.name, v.at(dtypeEntry?.key ?? 'dtype'));
  return { name: ctx.name, trainable, dtype };
}

/** Drops keys that must be null/absent/default to be meaningless. */
function requireDefault(v: ConfigView, key: string, allowed: readonly Json[]): void {
  const x = v.raw(key);
  if (x === undefined || allowed.some((a) => a === x)) return;
  v.fail(key, `'${key}' = ${describeValue(x)} is not supported`, 'UNSUPPORTED_LAYER');
}

const dense: Translator = (v, ctx) => {
  const out = base(v, ctx);
  const units = v.first('units', 'output_dim');
  if (!units) throw v.err('units', 'a Dense layer needs units (output_dim in Keras 1)');
  const unitsValue = units.value;
  if (typeof unitsValue !== 'number' || !Number.isSafeInteger(unitsValue) || unitsValue <= 0) {
    v.fail(units.key, `expected a positive integer, got ${describeValue(unitsValue)}`);
  }
  const activity = translateRegularizer(v.raw('activity_regularizer'), ctx.name, v.at('activity_regularizer'));
  if (activity !== null) out.activity_regularizer = activity;
  out.units = unitsValue;
  out.activation = v.raw('activation') ?? 'linear';
  out.use_bias = v.first('use_bias', 'bias')?.value ?? true;
  const kInit = v.first('kernel_initializer', 'init');
  out.kernel_initializer = kInit
    ? translateInitializer(kInit.value, ctx.era, ctx.name, v.at(kInit.key))
    : keras3Object('keras.initializers', 'GlorotUniform', { seed: null });
  out.bias_initializer = v.has('bias_initializer')
    ? translateInitializer(v.raw('bias_initializer'), ctx.era, ctx.name, v.at('bias_initializer'))
    : keras3Object('keras.initializers', 'Zeros', {});
  const kReg = v.first('kernel_regularizer', 'W_regularizer');
  out.kernel_regularizer = translateRegularizer(kReg?.value, ctx.name, v.at(kReg?.key ?? 'kernel_regularizer'));
  const bReg = v.first('bias_regularizer', 'b_regularizer');
  out.bias_regularizer = translateRegularizer(bReg?.value, ctx.name, v.at(bReg?.key ?? 'bias_regularizer'));
  const kCon = v.first('kernel_constraint', 'W_constraint');
  out.kernel_constraint = translateConstraint(kCon?.value, ctx.name, v.at(kCon?.key ?? 'kernel_constraint'));
  const bCon = v.first('bias_constraint', 'b_constraint');
  out.bias_constraint = translateConstraint(bCon?.value, ctx.name, v.at(bCon?.key ?? 'bias_constraint'));
  requireDefault(v, 'quantization_config', [null]);
  requireDefault(v, 'lora_rank', [null, 0]);
  requireDefault(v, 'lora_alpha', [null]);
  requireDefault(v, 'weights', [null]);
  out.quantization_config = null;
  return out;
};

const activation: Translator = (v, ctx) => {
  const out = base(v, ctx);
  out.activation = v.raw('activation') ?? 'linear';
  return out;
};

const dropout: Translator = (v, ctx) => {
  const out = base(v, ctx);
  const rate = v.first('rate', 'p');
  if (!rate) throw v.err('rate', 'a Dropout layer needs a rate (p in Keras 1)');
  out.rate = rate.value;
  out.seed = v.raw('seed') ?? null;
  out.noise_shape = v.raw('noise_shape') ?? null;
  return out;
};

const flatten: Translator = (v, ctx) => {
  const out = base(v, ctx);
  out.data_format = v.string('data_format', 'channels_last')!;
  return out;
};

const reshape: Translator = (v, ctx) => {
  const out = base(v, ctx);
  if (!v.has('target_shape')) v.fail('target_shape', 'a Reshape layer needs target_shape');
  const target = v.raw('target_shape') as Json[];
  if (!Array.isArray(target)) throw v.err('target_shape', `expected a shape, got ${describeValue(target)}`);
  out.target_shape = cloneJson(target);
  return out;
};

/** The translators, by every class name Keras wrote for them. */
const LAYERS = new Map<string, { className: string; translate: Translator }>([
  ['Dense', { className: 'Dense', translate: dense }],
  ['Activation', { className: 'Activation', translate: activation }],
  ['Dropout', { className: 'Dropout', translate: dropout }],
  ['Flatten', { className: 'Flatten', translate: flatten }],
  ['Reshape', { className: 'Reshape', translate: reshape }],
]);

/** The layer classes a model file may contain. */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = ['Dense', 'InputLayer', 'Activation', 'Dropout', 'Flatten', 'Reshape'];

/** The input-spec keys a layer config may carry, read into a batch shape. */
function takeInputSpec(v: ConfigView, ctx: Ctx): ConfigShape | undefined {
  const batch = v.first('batch_input_shape', 'batch_shape');
  const inputShape = v.raw('input_shape');
  const inputDim = v.raw('input_dim');
  const inputLength = v.raw('input_length');
  v.ignore('batch_size');
  if (batch) return readShape(batch.value, ctx.name, v.at(batch.key));
  if (inputShape !== undefined && inputShape !== null) return [null, ...readShape(inputShape, ctx.name, v.at('input_shape'))];
  if (typeof inputDim === 'number' && inputDim > 0) {
    return inputLength === undefined || inputLength === null ? [null, inputDim] : [null, inputLength as number, inputDim];
  }
  if (inputDim !== undefined && inputDim !== null) v.fail('input_dim', `expected a positive integer, got ${describeValue(inputDim)}`);
  return undefined;
}

/**
 * An `InputLayer` entry from any era: `batch_input_shape` (Keras 1/2) or
 * `batch_shape` (Keras 3), `input_dtype`/`dtype`.
 */
export function translateInputLayer(entry: ConfigView, era: KerasEra): TranslatedLayer {
  const name = entry.string('name') ?? 'input_layer';
  const v = new ConfigView(entry.raw('config'), name, entry.at('config'));
  const cfgName = v.string('name') ?? name;
  const shapeEntry = v.first('batch_shape', 'batch_input_shape');
  let batchShape: ConfigShape;
  if (shapeEntry) batchShape = readShape(shapeEntry.value, cfgName, v.at(shapeEntry.key));
  else if (v.has('input_shape')) batchShape = [null, ...readShape(v.raw('input_shape'), cfgName, v.at('input_shape'))];
  else throw v.err('batch_shape', 'an InputLayer needs batch_shape (batch_input_shape before Keras 3)');
  const dtypeEntry = v.first('dtype', 'input_dtype');
  const dtype = dtypeEntry ? translateDtype(dtypeEntry.value, cfgName, v.at(dtypeEntry.key)) : dtypePolicy('float32');
  requireDefault(v, 'sparse', [false, null]);
  requireDefault(v, 'ragged', [false, null]);
  requireDefault(v, 'optional', [false, null]);
  v.ignore('batch_size');
  v.done();
  void era;
  const dtypeName = ((dtype.config as JsonObject).name as string) ?? 'float32';
  const config: JsonObject = { batch_shape: batchShape, dtype: dtypeName, sparse: false, ragged: false, name: cfgName, optional: false };
  return { layer: keras3Object('keras.layers', 'InputLayer', config), name: cfgName, batchShape };
}

/**
 * Translates one `{class_name, config}` entry of a model config.
 * @param entry the entry (`layers[i]` of the model config).
 * @param era the Keras generation that wrote it.
 * @throws KerasFormatError `UNSUPPORTED_LAYER` naming the class, the layer and
 *   the supported list; `BAD_CONFIG` with the config path.
 */
export function translateLayer(entry: ConfigView, era: KerasEra): TranslatedLayer {
  const className = entry.string('class_name');
  const rawConfig = entry.raw('config');
  const name = (isObject(rawConfig) && typeof own(rawConfig, 'name') === 'string' ? own(rawConfig, 'name') as string : undefined)
    ?? entry.string('name') ?? '';
  if (className === undefined) entry.fail('class_name', 'a layer entry needs a class_name');
  if (className === 'InputLayer') return translateInputLayer(entry, era);
  const known = LAYERS.get(className);
  if (!known) {
    const nested = className === 'Sequential' || className === 'Model' || className === 'Functional';
    throw new KerasFormatError('UNSUPPORTED_LAYER',
      nested
        ? `nested model '${name}' (class ${className}) is not supported; supported layer classes: ${SUPPORTED_LAYER_CLASSES.join(', ')}`
        : `unsupported layer class '${className}' (layer '${name}'); supported: ${SUPPORTED_LAYER_CLASSES.join(', ')}`,
      { layerName: name, configPath: entry.at('class_name') });
  }
  if (!name) entry.fail('config', `a ${className} layer needs a name`);
  const v = new ConfigView(rawConfig, name, entry.at('config'));
  const ctx: Ctx = { era, name };
  const batchShape = takeInputSpec(v, ctx);
  const config = known.translate(v, ctx);
  v.done();
  const out: TranslatedLayer = { layer: keras3Object('keras.layers', known.className, config), name };
  if (batchShape) out.batchShape = batchShape;
  return out;
}

/** `joinPath` re-exported for the model translation. */
export { joinPath };
