/**
 * Whole models in Keras's legacy HDF5 format (`model.save('m.h5')`,
 * `keras.models.load_model`), weights files, and the architecture as JSON.
 * The model classes in src/nn delegate `save`, `saveWeights`,
 * `loadWeights`, `toJson` and `toYaml` here.
 *
 * Every function works on bytes; the ones taking a path reach the file
 * system through src/node (Node only), writing atomically.
 *
 * A written `.h5` file is laid out as Keras 3.15 writes it (root attributes
 * `keras_version`, `backend`, `model_config`, `training_config`; groups
 * `model_weights` and `optimizer_weights`), with Keras 2's string storage
 * (fixed-length name lists), so real Keras 3 loads it with and without
 * compile; with `format: 'keras2'` it is laid out as tf.keras 2.4 wrote it
 * (Keras 2 configs and optimizer weight names; see keras2-file.ts), for
 * Keras 2 readers.
 */
import { H5File, openHdf5, type Hdf5Group, type Hdf5Dataset } from '../hdf5/index.js';
import { Sequential } from '../nn/index.js';
import { readFileBytes, readFileBytesAsync, writeFileAtomic } from '../node/index.js';
import { KerasFormatError, describeValue } from './errors.js';
import { cloneJson, isObject, own, parseConfigJson, type Json, type JsonObject } from './config-guard.js';
import { translateModelConfig, type TranslatedModel } from './model-configs.js';
import { compileArgsFromTrainingConfig, lossForFile, type CompileArgs } from './training-config.js';
import { childGroup, readLegacyWeights, readNamedArray, readStringAttr, readStringListAttr, writeLegacyWeights, writeStringListAttr, type LegacyWeights } from './legacy-h5.js';
import { restoreOptimizerState, storedIterationCount, type NamedArray } from './optimizer-state.js';
import {
  KERAS_FORMAT_VERSION, WRITTEN_BACKEND, legacyLayerWeights, loadLegacyWeightsInto, loadWeightsBytes, refuseKerasArchive, weightsFile,
  type LoadWeightsOptions,
} from './weights-files.js';
import { modelLayers, type ModelLike } from './model-contract.js';
import { optimizerConfigFloats, stringifyPythonJson } from './python-json.js';
import { impliedParameterCount } from './model-size.js';
import { checkKeras3Representable } from './representable.js';
import { keras2ModelFile } from './keras2-file.js';

export type { LoadWeightsOptions };

/** A source of file bytes: a path (Node), a Uint8Array or an ArrayBuffer. */
export type FileSource = string | Uint8Array | ArrayBuffer;

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * Compile the model from the file's training config and restore the
   * optimizer state. Default true; without a training config the model is
   * returned uncompiled (with a warning, as Keras).
   */
  compile?: boolean;
  /** Receives warnings; default `console.warn`. */
  onWarning?: (message: string) => void;
  /**
   * For {@link loadModelBytes}: let the model's weights be views of the
   * given bytes (no copy, nothing allocated for them) instead of copies.
   * The caller hands the buffer over and must not reuse or change it while
   * the model lives (training writes into it). Default false. Loading from
   * a path always does this with the bytes it read.
   */
  adopt?: boolean;
}

/** Options of {@link saveModelBytes}. */
export interface SaveModelOptions {
  /** Store the optimizer state (`optimizer_weights`). Default true. */
  includeOptimizer?: boolean;
  /**
   * Whose file layout to write. `'keras3'` (default): as Keras 3.15's
   * `model.save('m.h5')` (Keras 3 configs with `module`/`registered_name`,
   * DTypePolicy dicts, `batch_shape`; optimizer variables in Keras 3's
   * names, learning rate included). `'keras2'`: as tf.keras 2.4's (Keras 2
   * configs: `{class_name, config}` layers, `batch_input_shape`, dtype
   * names, tf.keras 2.4's training_config and optimizer configs, optimizer
   * weights named `Adam/iter:0`, `Adam/dense/kernel/m:0` in tf.keras's
   * order), which Keras 2 readers parse and Keras 3 loads as well (Keras 3
   * then starts a fresh optimizer, as it does for any tf.keras 2 file; this
   * library restores the state from either). Models or options tf.keras 2.4
   * could not express (AdamW, Lion, EMA, Keras 3-only activations) are
   * refused with `UNREPRESENTABLE`. Keras 2 itself is not installable where
   * this library is tested (only Keras 3.15 is); the layout is checked field
   * by field against genuine tf.keras 2.4 files instead.
   */
  format?: 'keras3' | 'keras2';
  /**
   * Paths only: fsync the file before returning (default true). `false`
   * keeps the atomic replace (the old file survives any failure of this
   * process) and skips the flush, as Keras and h5py do.
   */
  durable?: boolean;
}

function warnDefault(message: string): void {
  (globalThis as { console?: { warn(m: string): void } }).console?.warn(`purekeras: ${message}`);
}

function bytesOf(source: FileSource): Uint8Array | ArrayBuffer {
  if (typeof source === 'string') return readFileBytes(source);
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return source;
  throw new KerasFormatError('BAD_ARGUMENT', `expected a path, a Uint8Array or an ArrayBuffer, got ${describeValue(source)}`);
}

// ─── whole models: load ───────────────────────────────────────────────────

/** Builds the model a translated config describes (activations as its Keras generation defined them). */
function buildModel(t: TranslatedModel): Sequential {
  return Sequential.fromConfig(t.config, { legacyActivations: t.era < 3 });
}

/**
 * Builds the model for weights that are loaded right after: no initializer
 * runs and no weight storage is allocated (`initializeWeights: false`); the
 * loader then hands each variable its array from the file. The layers keep
 * the file's initializers, so `getConfig()` is as the file says.
 */
function buildModelForLoading(t: TranslatedModel): Sequential {
  return Sequential.fromConfig(t.config, { legacyActivations: t.era < 3, initializeWeights: false });
}

/** Compiles `model` from compile arguments. */
function compileWith(model: Sequential, args: CompileArgs): void {
  model.compile({
    loss: args.loss as never,
    optimizer: args.optimizer,
    ...(args.metrics ? { metrics: args.metrics as never } : {}),
    ...(args.lossWeights !== undefined ? { lossWeights: args.lossWeights } : {}),
  });
}

/** The file's names of the model's trainable weights, in the model's order. */
function trainableWeightNames(model: ModelLike, file: LegacyWeights): string[] {
  const withWeights = modelLayers(model).filter((l) => l.weights.length > 0);
  const fileWith = file.layers.filter((l) => l.weights.length > 0);
  const names: string[] = [];
  withWeights.forEach((layer, k) => {
    const fl = fileWith[k];
    for (let j = 0; j < layer.trainableWeights.length; j++) names.push(fl?.weights[j]?.name ?? `${layer.name}/${j}`);
  });
  return names;
}

/** Reads `optimizer_weights` in stored order. */
function readOptimizerWeights(group: Hdf5Group): NamedArray[] {
  const names = readStringListAttr(group.attrs, 'weight_names', 'optimizer_weights') ?? [];
  return names.map((n) => {
    const ds = group.get(n);
    if (!ds || !('read' in ds)) {
      throw new KerasFormatError('BAD_WEIGHTS', `optimizer weight '${n}' is listed but missing`, { configPath: `optimizer_weights/${n}` });
    }
    return readNamedArray(ds as Hdf5Dataset, n, `optimizer_weights/${n}`);
  });
}

/**
 * Loads a whole model from the bytes of a legacy `.h5` file written by any
 * Keras (1, 2, tf.keras, 3) or by this library.
 * @param bytes the file.
 * @param opts `compile` (default true), `onWarning`, `adopt` (default false: weights are copied).
 * @returns the model, compiled from the file's training config with the
 *   optimizer state restored (when the file has them and `compile` is set).
 * @throws KerasFormatError `NO_MODEL_CONFIG` (a weights-only file),
 *   `UNSUPPORTED_LAYER` (naming class, layer and the supported list),
 *   `UNSUPPORTED_GRAPH`, `BAD_CONFIG`/`BAD_JSON` with the config path, and
 *   the weight mismatch errors; Hdf5Error for a damaged file.
 * @example
 * const model = loadModelBytes(bytes);
 * model.predict([[0.5]]);
 */
export function loadModelBytes(bytes: Uint8Array | ArrayBuffer, opts: LoadModelOptions = {}): Sequential {
  return loadModelFrom(bytes, opts, opts.adopt === true);
}

/** `owned`: the bytes were read here, so the weights may share their memory instead of being copied. */
function loadModelFrom(bytes: Uint8Array | ArrayBuffer, opts: LoadModelOptions, owned: boolean): Sequential {
  const warn = opts.onWarning ?? warnDefault;
  refuseKerasArchive(bytes);
  const root = openHdf5(bytes);
  const attrs = root.attrs;
  const modelConfig = readStringAttr(attrs, 'model_config');
  if (modelConfig === undefined) {
    const hint = 'layer_names' in attrs || 'layer_names0' in attrs ? ' (it is a weights file: build the model and use loadWeights)' : '';
    throw new KerasFormatError('NO_MODEL_CONFIG', `no model config found in the file${hint}`);
  }
  const weightsGroup = childGroup(root, 'model_weights');
  if (!weightsGroup) throw new KerasFormatError('NOT_A_KERAS_FILE', 'the file has a model_config but no model_weights group');
  const kerasVersion = readStringAttr(attrs, 'keras_version') ?? readStringAttr(weightsGroup.attrs, 'keras_version');
  const translated = translateModelConfig(parseConfigJson(modelConfig, 'model_config'), kerasVersion);
  const file = readLegacyWeights(weightsGroup, 'model_weights');
  // Built without initializers, the model has shapes but no storage, so a
  // damaged config asking for gigabytes allocates nothing; it must ask for
  // no more weights than the file stores.
  const model = buildModelForLoading(translated);
  if (!model.built) {
    throw new KerasFormatError('BAD_CONFIG', `the model config gives no input shape, so model '${model.name}' cannot be built to receive its weights`, { configPath: 'layers' });
  }
  let stored = 0;
  for (const l of file.layers) for (const w of l.weights) stored += w.data.length;
  let implied = 0;
  for (const v of model.weights) implied += v.size;
  if (implied > stored) {
    throw new KerasFormatError('WEIGHT_COUNT_MISMATCH', `the model config asks for ${implied} weights but the file stores ${stored}`, { configPath: 'model_weights' });
  }
  loadLegacyWeightsInto(model, file, {}, owned);

  if (opts.compile ?? true) {
    const tcText = readStringAttr(attrs, 'training_config');
    if (tcText === undefined) {
      warn('no training configuration found in the file, so the model was not compiled; compile it manually');
      return model;
    }
    compileWith(model, compileArgsFromTrainingConfig(parseConfigJson(tcText, 'training_config')));
    const optimizerGroup = childGroup(root, 'optimizer_weights');
    if (optimizerGroup) {
      const entries = readOptimizerWeights(optimizerGroup);
      const optimizer = model.optimizer!;
      const result = restoreOptimizerState(optimizer, model.trainableWeights, entries, {
        era: translated.era,
        modelWeightNames: trainableWeightNames(model, file),
      });
      if (!result.restored) {
        warn(`the saved optimizer state could not be restored (${result.reason}); the model starts with a freshly initialized optimizer`);
      }
    }
  }
  return model;
}

/**
 * Loads a whole model: `source` is a path (Node), a Uint8Array or an
 * ArrayBuffer. See {@link loadModelBytes}.
 * @throws FileIoError for an unreadable path; otherwise as {@link loadModelBytes}.
 * @example
 * const again = loadModel('my_model.h5');          // compiled, ready to continue training
 * const arch = loadModel(bytes, { compile: false });
 */
export function loadModel(source: FileSource, opts: LoadModelOptions = {}): Sequential {
  if (typeof source === 'string') return loadModelFrom(readFileBytes(source), opts, true);
  return loadModelBytes(bytesOf(source), opts);
}

/**
 * {@link loadModel} without blocking while the file is read: a path is read
 * by Node's thread pool, a large file in parallel parts (see
 * `readFileBytesAsync` in purekeras/node), then loaded as by loadModel.
 * Bytes are loaded as by loadModelBytes.
 * @throws (rejects with) what loadModel throws.
 * @example
 * const model = await loadModelAsync('big_model.h5', { compile: false });
 */
export async function loadModelAsync(source: FileSource, opts: LoadModelOptions = {}): Promise<Sequential> {
  if (typeof source === 'string') return loadModelFrom(await readFileBytesAsync(source), opts, true);
  return loadModelBytes(bytesOf(source), opts);
}

// ─── whole models: save ───────────────────────────────────────────────────

interface SavableModel extends ModelLike {
  readonly className: string;
  getConfig(): JsonObject;
  readonly compileConfig: JsonObject | null;
}

function asSavable(model: object): SavableModel {
  const m = model as Partial<SavableModel>;
  if (typeof m.getConfig !== 'function' || !Array.isArray(m.layers)) {
    throw new KerasFormatError('BAD_ARGUMENT', `expected a model, got ${describeValue(model)}`);
  }
  return m as SavableModel;
}

/**
 * The model config as Keras 3 writes it into `.h5` files (its legacy
 * serialisation: layer entries as `{class_name, config}`).
 */
function legacyModelConfig(model: SavableModel): JsonObject {
  const config = cloneJson(model.getConfig());
  const layers = config.layers;
  if (Array.isArray(layers)) {
    config.layers = layers.map((l) => (isObject(l) ? { class_name: own(l, 'class_name') ?? null, config: own(l, 'config') ?? null } : l));
  }
  return { class_name: model.className ?? 'Sequential', config };
}

/** The training config Keras 3 writes for a compiled model, or null. */
function trainingConfigOf(model: SavableModel): JsonObject | null {
  const cc = model.compileConfig;
  const optimizer = model.optimizer;
  if (!cc || !optimizer) return null;
  const tc: JsonObject = {};
  for (const k of Object.keys(cc)) {
    if (k === 'optimizer') continue;
    tc[k] = k === 'loss' ? lossForFile(cc[k]) : cloneJson(cc[k]!);
  }
  tc.jit_compile = false;
  tc.optimizer_config = { class_name: optimizer.className, config: optimizerConfigFloats(optimizer.getConfig() as JsonObject) };
  return tc;
}

/**
 * The whole model as the bytes of a legacy `.h5` file: architecture,
 * weights, training config and optimizer state, as Keras 3 writes them
 * (default) or as tf.keras 2.4 wrote them (`format: 'keras2'`). Works
 * anywhere (no file system).
 * @param model a model (Sequential).
 * @param opts `includeOptimizer` (default true), `format` (`'keras3'` default, or `'keras2'`).
 * @throws KerasFormatError `BAD_ARGUMENT` for something that is not a model
 *   or an unknown format; `UNREPRESENTABLE` for what the chosen format
 *   cannot express (naming the layer or option); Hdf5Error if a name
 *   cannot be stored.
 * @example
 * const bytes = saveModelBytes(model);                            // Keras 3 layout
 * const forKeras2 = saveModelBytes(model, { format: 'keras2' });  // tf.keras 2.4 layout
 */
export function saveModelBytes(model: object, opts: SaveModelOptions = {}): Uint8Array {
  return modelFile(model, opts).toBytes();
}

/**
 * The whole model as a list of byte arrays whose concatenation is the file
 * {@link saveModelBytes} returns, without assembling it: the metadata, then
 * the weights as zero-copy views of the model's own arrays (64 KiB and
 * larger) or small packed buffers. For streaming writers: Node's
 * `fs.writevSync`, `new Blob(segments)` in a browser. The views share memory
 * with the model: write them out before training on.
 * @param model a model (Sequential).
 * @param opts as {@link saveModelBytes}.
 * @throws as {@link saveModelBytes}.
 * @example const blob = new Blob(saveModelSegments(model), { type: 'application/x-hdf5' });
 */
export function saveModelSegments(model: object, opts: SaveModelOptions = {}): Uint8Array[] {
  return modelFile(model, opts).toSegments();
}

/**
 * The whole-model file as an HDF5 tree; its datasets share memory with the
 * model's weights and optimizer variables (serialise it before training on).
 */
function modelFile(model: object, opts: SaveModelOptions): H5File {
  const m = asSavable(model);
  const format = opts.format ?? 'keras3';
  if (format === 'keras2') return keras2ModelFile(m, opts.includeOptimizer ?? true);
  if (format !== 'keras3') throw new KerasFormatError('BAD_ARGUMENT', `format must be 'keras3' or 'keras2', got ${describeValue(format)}`);
  checkKeras3Representable(m.layers);
  const f = new H5File();
  const vlen = { stringType: 'vlen', charset: 'ascii' } as const;
  f.attrs.set('keras_version', KERAS_FORMAT_VERSION, vlen);
  f.attrs.set('backend', WRITTEN_BACKEND, vlen);
  // As Keras (json.dumps, ensure_ascii): ASCII JSON in variable-length ASCII strings.
  f.attrs.set('model_config', stringifyPythonJson(legacyModelConfig(m)), vlen);
  const tc = trainingConfigOf(m);
  if (tc) f.attrs.set('training_config', stringifyPythonJson(tc), vlen);
  writeLegacyWeights(f.createGroup('model_weights'), legacyLayerWeights(m), { kerasVersion: KERAS_FORMAT_VERSION, backend: WRITTEN_BACKEND });
  const optimizer = m.optimizer;
  if ((opts.includeOptimizer ?? true) && tc && optimizer) {
    const vars = optimizer.variables;
    if (vars.length > 0) {
      const g = f.createGroup('optimizer_weights');
      writeStringListAttr(g, 'weight_names', vars.map((v) => v.path));
      vars.forEach((v, i) => {
        if (i === 0) g.createDataset(v.path, storedIterationCount(optimizer), { dtype: 'int64' });
        else g.createDataset(v.path, v.value.data, { shape: v.shape, dtype: 'float32' });
      });
    }
  }
  return f;
}

/**
 * Writes the whole model to `path` atomically (Node): a temporary file in
 * the same directory, fsync, rename. Options as {@link saveModelBytes}.
 * @throws FileIoError (`NO_FILE_SYSTEM` outside Node, `WRITE_FAILED`);
 *   KerasFormatError as {@link saveModelBytes}.
 * @example saveModel(model, 'for_keras2.h5', { format: 'keras2' });
 */
export function saveModelToPath(model: object, path: string, opts: SaveModelOptions = {}): void {
  // Metadata plus zero-copy views of the weights, written with writev: no file-sized buffer is built.
  writeFileAtomic(path, saveModelSegments(model, opts), { durable: opts.durable ?? true });
}

// ─── weights ──────────────────────────────────────────────────────────────

/** Options of `saveWeights(path)`. */
export interface SaveWeightsToPathOptions {
  /** fsync before returning (default true); as {@link SaveModelOptions.durable}. */
  durable?: boolean;
}

/**
 * Writes the weights to `path` atomically (Node): Keras 3's `.weights.h5`
 * layout when the path ends in `.weights.h5`, else the legacy layout.
 */
export function saveWeightsToPath(model: object, path: string, opts: SaveWeightsToPathOptions = {}): void {
  const format = path.endsWith('.weights.h5') ? 'keras3' : 'legacy';
  writeFileAtomic(path, weightsFile(asSavable(model), { format }).toSegments(), { durable: opts.durable ?? true });
}

/**
 * Loads weights from a path (Node), Uint8Array or ArrayBuffer into `model`.
 * The layout is detected from the file (a path ending in `.weights.h5`
 * insists on Keras 3's); a whole-model `.h5` file works too.
 */
export function loadWeightsFrom(model: object, source: FileSource, opts: LoadWeightsOptions = {}): void {
  const o = typeof source === 'string' && source.endsWith('.weights.h5') && !opts.format ? { ...opts, format: 'keras3' as const } : opts;
  loadWeightsBytes(asSavable(model), bytesOf(source), o);
}

// ─── JSON ─────────────────────────────────────────────────────────────────

/**
 * The architecture as Keras 3's `to_json()` writes it (`module`,
 * `class_name`, `config`, `registered_name`, `build_config`, and
 * `compile_config` when compiled), which `keras.models.model_from_json`
 * accepts.
 */
export function modelToJson(model: object): string {
  const m = asSavable(model);
  checkKeras3Representable(m.layers);
  const doc: JsonObject = { module: 'keras', class_name: m.className ?? 'Sequential', config: m.getConfig(), registered_name: null };
  const cfg = doc.config as JsonObject;
  if (Array.isArray(cfg.build_input_shape)) doc.build_config = { input_shape: cfg.build_input_shape };
  const cc = m.compileConfig;
  if (cc) {
    const opt = own(cc, 'optimizer');
    if (isObject(opt) && isObject(own(opt, 'config'))) cc.optimizer = { ...opt, config: optimizerConfigFloats(opt.config as JsonObject) };
    doc.compile_config = cc;
  } else {
    doc.compile_config = {}; // what Keras 3 writes for an uncompiled model
  }
  return stringifyPythonJson(doc);
}

/** Options of {@link modelFromJson}. */
export interface ModelFromJsonOptions {
  /** Compile from a Keras 3 `compile_config` when the document has one (as Keras does). Default true. */
  compile?: boolean;
}

/**
 * A model from Keras JSON (`to_json()` of Keras 1, 2 or 3, or a bare
 * `{class_name, config}` model config), with fresh weights.
 * @throws KerasFormatError `BAD_JSON` (line and column), `UNSUPPORTED_LAYER`,
 *   `UNSUPPORTED_GRAPH`, `BAD_CONFIG` with the config path.
 * @example const arch = modelFromJson(model.toJson());
 */
export function modelFromJson(text: string, opts: ModelFromJsonOptions = {}): Sequential {
  if (typeof text !== 'string') throw new KerasFormatError('BAD_ARGUMENT', `expected JSON text, got ${describeValue(text)}`);
  const doc = parseConfigJson(text, 'JSON');
  return modelFromDocument(doc, opts);
}

/** Builds (and, with a `compile_config`, compiles) the model a parsed document describes. */
export function modelFromDocument(doc: Json, opts: ModelFromJsonOptions = {}): Sequential {
  const translated = translateModelConfig(doc);
  impliedParameterCount(translated.config);
  const model = buildModel(translated);
  const cc = isObject(doc) ? own(doc, 'compile_config') : undefined;
  if ((opts.compile ?? true) && isObject(cc) && Object.keys(cc).length > 0) {
    const optimizer = own(cc, 'optimizer');
    const tc: JsonObject = { ...cc, optimizer_config: typeof optimizer === 'string' ? { class_name: optimizer, config: {} } : (optimizer ?? null) };
    delete tc.optimizer;
    compileWith(model, compileArgsFromTrainingConfig(tc));
  }
  return model;
}

export { modelToYaml, modelFromYaml } from './yaml-io.js';
