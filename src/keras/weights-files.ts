/**
 * Weights files: `saveWeights` / `loadWeights` in the legacy HDF5 layout
 * (Keras 1/2 `save_weights('w.h5')`, also any whole-model `.h5` file) and in
 * Keras 3's `.weights.h5` layout.
 *
 * Loading follows Keras: topologically (the i-th layer with weights in the
 * file goes to the i-th layer with weights in the model, with Keras's count
 * checks), or `byName` (each layer name in the file loads into every model
 * layer of that name; unmatched layers on either side are left alone).
 * Weights are matched by position within a layer, never by weight name
 * (those names changed many times across versions). Everything is checked
 * before anything is assigned, so a failed load leaves the model unchanged.
 */
import { Tensor, type Variable } from '../tensor/index.js';
import { H5File, openHdf5, type Hdf5Group, type Hdf5Dataset } from '../hdf5/index.js';
import { KerasFormatError } from './errors.js';
import {
  childGroup, readLegacyWeights, readNamedArray, readStringAttr, writeLegacyWeights, type LegacyWeights,
} from './legacy-h5.js';
import { legacyWeights, modelLayers, type LayerLike, type ModelLike } from './model-contract.js';
import { storedIterationCount, type NamedArray } from './optimizer-state.js';

/** The Keras release whose file layout and config schema this library writes (and is tested against). */
export const KERAS_FORMAT_VERSION = '3.15.1';
/**
 * The `backend` attribute written. Keras readers only act on `theano`
 * (kernel flips); our weights follow TensorFlow's conventions.
 */
export const WRITTEN_BACKEND = 'tensorflow';

/** Options of `loadWeights`. */
export interface LoadWeightsOptions {
  /**
   * Load by layer name instead of by position (legacy HDF5 layout only, as in
   * Keras). Default false.
   */
  byName?: boolean;
  /**
   * Skip weights whose shape differs (and, with `byName`, layers whose weight
   * count differs) with a warning instead of throwing. Default false.
   */
  skipMismatch?: boolean;
  /**
   * Which layout `source` uses: `'auto'` (default) looks at the file's
   * structure; `'legacy'` or `'keras3'` insist.
   */
  format?: 'auto' | 'legacy' | 'keras3';
  /** Receives warnings (skipped weights); default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** Options of `saveWeights`. */
export interface SaveWeightsOptions {
  /** `'legacy'` (default for bytes) or `'keras3'` (`.weights.h5`). */
  format?: 'legacy' | 'keras3';
}

function fmt(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function warnDefault(message: string): void {
  (globalThis as { console?: { warn(m: string): void } }).console?.warn(`purekeras: ${message}`);
}

/** A planned assignment, applied only once every check passed. */
type Plan = [Variable, NamedArray][];

/**
 * Assigns the planned values. With `adopt`, a variable takes the array
 * itself (no copy, and no storage of its own was ever allocated when the
 * model was built without initializing): only for bytes this library read
 * and owns, never for a caller's buffer, which the caller may reuse.
 */
function apply(plan: Plan, adopt = false): void {
  for (const [v, a] of plan) v.assign(a.data, adopt ? ADOPT : undefined);
}

const ADOPT = { adopt: true } as const;

/**
 * Plans setting `layer`'s legacy-ordered weights from `values` (Keras's
 * `_set_weights`): shapes must match unless `skipMismatch`.
 */
function planLayer(plan: Plan, layer: LayerLike, fileName: string, values: NamedArray[], index: number, opts: LoadWeightsOptions, warn: (m: string) => void): void {
  const targets = legacyWeights(layer);
  for (let i = 0; i < values.length; i++) {
    const t = targets[i]!;
    const v = values[i]!;
    if (!sameShape(t.shape, v.shape)) {
      const msg = `shape mismatch in layer #${index} (named ${layer.name} in the model, ${fileName} in the file) for weight ${t.path}: the weight expects shape ${fmt(t.shape)}, the file has ${fmt(v.shape)}`;
      if (opts.skipMismatch) { warn(`skipping ${msg}`); continue; }
      throw new KerasFormatError('WEIGHT_SHAPE_MISMATCH', msg, { layerName: layer.name, configPath: fileName });
    }
    plan.push([t, v]);
  }
}

/**
 * Loads a legacy weights group into `model` (topological or by name).
 * @throws KerasFormatError `LAYER_COUNT_MISMATCH`, `WEIGHT_COUNT_MISMATCH`,
 *   `WEIGHT_SHAPE_MISMATCH` naming the layer, the weight and both shapes.
 */
export function loadLegacyWeightsInto(model: ModelLike, file: LegacyWeights, opts: LoadWeightsOptions = {}, adopt = false): void {
  const warn = opts.onWarning ?? warnDefault;
  const plan: Plan = [];
  const layers = modelLayers(model);
  if (opts.byName) {
    const index = new Map<string, LayerLike[]>();
    for (const l of layers) {
      const list = index.get(l.name) ?? [];
      list.push(l);
      index.set(l.name, list);
    }
    file.layers.forEach((fl, k) => {
      for (const layer of index.get(fl.name) ?? []) {
        const targets = legacyWeights(layer);
        if (targets.length !== fl.weights.length) {
          const msg = `weight count mismatch for layer #${k} (named ${layer.name}): the layer expects ${targets.length} weight(s), the file has ${fl.weights.length}`;
          if (opts.skipMismatch) { warn(`skipping loading of weights: ${msg}`); continue; }
          throw new KerasFormatError('WEIGHT_COUNT_MISMATCH', msg, { layerName: layer.name, configPath: fl.name });
        }
        planLayer(plan, layer, fl.name, fl.weights, k, opts, warn);
      }
    });
  } else {
    const withWeights = layers.filter((l) => legacyWeights(l).length > 0);
    const fileWith = file.layers.filter((l) => l.weights.length > 0);
    if (withWeights.length !== fileWith.length) {
      throw new KerasFormatError('LAYER_COUNT_MISMATCH',
        `layer count mismatch when loading weights from file: the model expects ${withWeights.length} layers with weights, the file has ${fileWith.length} (${fileWith.map((l) => l.name).join(', ') || 'none'})`);
    }
    for (let k = 0; k < fileWith.length; k++) {
      const layer = withWeights[k]!;
      const fl = fileWith[k]!;
      const targets = legacyWeights(layer);
      if (targets.length !== fl.weights.length) {
        throw new KerasFormatError('WEIGHT_COUNT_MISMATCH',
          `weight count mismatch for layer #${k} (named ${layer.name} in the model, ${fl.name} in the file): the layer expects ${targets.length} weight(s), the file has ${fl.weights.length}`,
          { layerName: layer.name, configPath: fl.name });
      }
      planLayer(plan, layer, fl.name, fl.weights, k, opts, warn);
    }
  }
  if (file.topLevel && file.topLevel.length > 0) {
    const msg = `the file has ${file.topLevel.length} top-level model weight(s); this model has none`;
    if (!(opts.skipMismatch && opts.byName)) throw new KerasFormatError('WEIGHT_COUNT_MISMATCH', msg, { configPath: 'top_level_model_weights' });
    warn(`skipping: ${msg}`);
  }
  apply(plan, adopt);
}

/**
 * Refuses a Keras 3 `.keras` archive (a zip) with a clear error instead of
 * an HDF5 signature error.
 * @throws KerasFormatError `UNSUPPORTED_FORMAT`.
 */
export function refuseKerasArchive(bytes: Uint8Array | ArrayBuffer): void {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new KerasFormatError('UNSUPPORTED_FORMAT',
      "this is a Keras 3 '.keras' archive (a zip), which is not supported; in Keras, save with model.save('model.h5') or model.save_weights('model.weights.h5')");
  }
}

/** The snake_case class name Keras 3 uses for `.weights.h5` layer groups. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Keras 3's `.weights.h5` group name of each layer: class name, then `_1`, `_2`, … per class. */
export function keras3LayerKeys(layers: readonly LayerLike[]): string[] {
  const used = new Map<string, number>();
  return layers.map((l) => {
    const base = snakeCase(l.className);
    const n = used.get(base);
    if (n === undefined) { used.set(base, 0); return base; }
    used.set(base, n + 1);
    return `${base}_${n + 1}`;
  });
}

/** The arrays of a Keras 3 `vars` group, by index `0..n-1`. */
function readVars(g: Hdf5Group, where: string): NamedArray[] {
  const keys = g.keys();
  const out: NamedArray[] = [];
  for (let i = 0; i < keys.length; i++) {
    const ds = g.get(String(i));
    if (!ds || !('read' in ds)) {
      throw new KerasFormatError('BAD_WEIGHTS', `expected datasets named 0..${keys.length - 1}, found ${keys.join(', ')}`, { configPath: where });
    }
    out.push(readNamedArray(ds as Hdf5Dataset, String(i), `${where}/${i}`));
  }
  return out;
}

/**
 * Loads a Keras 3 `.weights.h5` file into `model` (structural: layer groups
 * named by class and counter), and the optimizer's variables when the model
 * is compiled and the file has them.
 * @throws KerasFormatError `WEIGHT_COUNT_MISMATCH`, `WEIGHT_SHAPE_MISMATCH`, `BAD_WEIGHTS`.
 */
export function loadKeras3WeightsInto(model: ModelLike, root: Hdf5Group, opts: LoadWeightsOptions = {}): void {
  const warn = opts.onWarning ?? warnDefault;
  if (opts.byName) {
    throw new KerasFormatError('BAD_ARGUMENT', 'byName is not supported for Keras 3 .weights.h5 files (they are structural, as in Keras)');
  }
  const plan: Plan = [];
  const layers = modelLayers(model);
  const keys = keras3LayerKeys(layers);
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const where = `layers/${keys[i]}/vars`;
    const g = root.get(where) as Hdf5Group | undefined;
    const values = g && 'keys' in g ? readVars(g, where) : [];
    const targets = layer.weights;
    if (values.length !== targets.length) {
      throw new KerasFormatError('WEIGHT_COUNT_MISMATCH',
        `layer '${layer.name}' expects ${targets.length} variable(s), the file has ${values.length} at ${where}`,
        { layerName: layer.name, configPath: where });
    }
    for (let k = 0; k < values.length; k++) {
      const t = targets[k]!;
      const v = values[k]!;
      if (!sameShape(t.shape, v.shape)) {
        const msg = `layer '${layer.name}' weight ${t.path} expects shape ${fmt(t.shape)}, the file has ${fmt(v.shape)} at ${where}/${k}`;
        if (opts.skipMismatch) { warn(`skipping: ${msg}`); continue; }
        throw new KerasFormatError('WEIGHT_SHAPE_MISMATCH', msg, { layerName: layer.name, configPath: `${where}/${k}` });
      }
      plan.push([t, v]);
    }
  }
  // The optimizer's variables, positionally in Keras 3's order.
  const optimizer = model.optimizer;
  const optGroup = root.get('optimizer/vars') as Hdf5Group | undefined;
  let optValues: NamedArray[] | null = null;
  if (optimizer && optGroup && 'keys' in optGroup) {
    optValues = readVars(optGroup, 'optimizer/vars');
    optimizer.build(layers.flatMap((l) => l.trainableWeights));
    const vars = optimizer.variables;
    const mismatch = optValues.length !== vars.length
      ? `the file has ${optValues.length} optimizer variables, the optimizer has ${vars.length}`
      : optValues.map((v, k) => (sameShape(v.shape, vars[k]!.shape) ? '' : `optimizer variable ${vars[k]!.path} expects ${fmt(vars[k]!.shape)}, the file has ${fmt(v.shape)}`)).find((m) => m) ?? '';
    if (mismatch) {
      warn(`skipping variable loading for optimizer '${optimizer.name}': ${mismatch}`);
      optValues = null;
    }
  }
  apply(plan);
  if (optimizer && optValues) {
    optimizer.setWeights(optValues.map((v, k) => new Tensor(v.data.slice(), optimizer.variables[k]!.shape)));
    // The stored int64 count, exactly (the float32 variable is exact only up to 2^24).
    const it = optValues[0]!.scalar;
    if (it !== undefined && Number.isSafeInteger(it) && it >= 0) optimizer.rawIterations = it;
  }
}

/**
 * Loads weights from the bytes of a weights file or whole-model file.
 * @throws KerasFormatError for a file that is not a Keras weights file, and
 *   the mismatch errors of the chosen layout.
 */
export function loadWeightsBytes(model: ModelLike, bytes: Uint8Array | ArrayBuffer, opts: LoadWeightsOptions = {}): void {
  refuseKerasArchive(bytes);
  const root = openHdf5(bytes);
  const format = opts.format ?? 'auto';
  const attrs = root.attrs;
  const isKeras3 = format === 'keras3' || (format === 'auto' && !('layer_names' in attrs) && !('layer_names0' in attrs) && root.has('layers') && !root.has('model_weights'));
  if (isKeras3) {
    loadKeras3WeightsInto(model, root, opts);
    return;
  }
  let group = root;
  if (!('layer_names' in attrs) && root.has('model_weights')) {
    const g = childGroup(root, 'model_weights');
    if (!g) throw new KerasFormatError('BAD_WEIGHTS', `'model_weights' is not a group`, { configPath: 'model_weights' });
    group = g;
  }
  loadLegacyWeightsInto(model, readLegacyWeights(group, group === root ? '' : 'model_weights'), opts);
}

/** The weights of each layer to write in the legacy layout, named by their Keras 3 paths. */
export function legacyLayerWeights(model: ModelLike): { name: string; weights: { name: string; shape: readonly number[]; data: Float32Array }[] }[] {
  return modelLayers(model).map((l) => ({
    name: l.name,
    weights: legacyWeights(l).map((v) => ({ name: v.path, shape: v.shape, data: v.value.data })),
  }));
}

/**
 * The model's weights as the bytes of a weights file.
 * @param opts `format`: `'legacy'` (default; Keras 1/2 `save_weights` layout) or `'keras3'` (`.weights.h5`).
 */
export function saveWeightsBytes(model: ModelLike, opts: SaveWeightsOptions = {}): Uint8Array {
  return weightsFile(model, opts).toBytes();
}

/**
 * The weights file as a list of byte arrays whose concatenation is what
 * {@link saveWeightsBytes} returns, without assembling it: metadata, then
 * zero-copy views of the model's weights (64 KiB and larger). For
 * `fs.writevSync` or `new Blob(segments)`; write them out before training on.
 * @param opts as {@link saveWeightsBytes}.
 * @example const blob = new Blob(saveWeightsSegments(model, { format: 'keras3' }));
 */
export function saveWeightsSegments(model: ModelLike, opts: SaveWeightsOptions = {}): Uint8Array[] {
  return weightsFile(model, opts).toSegments();
}

/**
 * The weights file as an HDF5 tree whose datasets share memory with the
 * model's weights (serialise it before training on).
 */
export function weightsFile(model: ModelLike, opts: SaveWeightsOptions = {}): H5File {
  const f = new H5File();
  if ((opts.format ?? 'legacy') === 'legacy') {
    writeLegacyWeights(f, legacyLayerWeights(model), { kerasVersion: KERAS_FORMAT_VERSION, backend: WRITTEN_BACKEND });
    return f;
  }
  const layers = modelLayers(model);
  const keys = keras3LayerKeys(layers);
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const vars = f.createGroup(`layers/${keys[i]}/vars`);
    vars.attrs.set('name', layer.name);
    layer.weights.forEach((v, k) => vars.createDataset(String(k), v.value.data, { shape: v.shape, dtype: 'float32' }));
  }
  const optimizer = model.optimizer;
  if (optimizer) {
    const vars = f.createGroup('optimizer/vars');
    vars.attrs.set('name', optimizer.name);
    const values = optimizer.getWeights();
    const it = storedIterationCount(optimizer);
    values.forEach((t, k) => {
      if (k === 0) vars.createDataset('0', it, { dtype: 'int64' });
      else vars.createDataset(String(k), t.data, { shape: t.shape, dtype: 'float32' });
    });
  }
  f.createGroup('vars').attrs.set('name', model.name);
  return f;
}

/** `readStringAttr` for callers that inspect files. */
export { readStringAttr };
