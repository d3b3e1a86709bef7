/**
 * Whole-model `.h5` files laid out as tf.keras 2.4 wrote them
 * (`model.save('m.h5')` with TensorFlow 2.4), for Keras 2 readers:
 *
 *   attrs   keras_version "2.4.0", backend "tensorflow" (variable-length
 *           UTF-8, as h5py stored Python strings), model_config and
 *           training_config (variable-length ASCII JSON)
 *   model_weights/   layer_names (fixed-length ASCII), backend, keras_version
 *     <layer>/       weight_names ["dense/kernel:0", "dense/bias:0"]
 *       <layer>/kernel:0 …   (no top_level_model_weights group)
 *   optimizer_weights/   weight_names ["Adam/iter:0", "Adam/dense/kernel/m:0",
 *                        …every m…, "Adam/dense/kernel/v:0", …]
 *
 * The optimizer weights are exactly what tf.keras 2.4's optimizer would
 * create for the model (iteration, Nadam's momentum cache, then one group
 * of slots per kind in its creation order, one slot per trainable
 * variable), since its loader assigns them by position. An optimizer that
 * was never built (compiled, not trained) has no weights: no group is
 * written, as tf.keras did.
 */
import { H5File } from '../hdf5/index.js';
import type { Optimizer } from '../optim/index.js';
import { KerasFormatError } from './errors.js';
import type { JsonObject } from './config-guard.js';
import { FLOAT_KEYS, KERAS2_SCHEMA_VERSION, keras2ModelConfig } from './keras2-config.js';
import { keras2OptimizerName, keras2TrainingConfig } from './keras2-training.js';
import { writeLegacyWeights, writeStringListAttr } from './legacy-h5.js';
import { legacyWeights, modelLayers, trainableVariables, type ModelLike } from './model-contract.js';
import { classifyOptimizerVariables, storedIterationCount } from './optimizer-state.js';
import { markFloats, optimizerConfigFloats, stringifyPythonJson } from './python-json.js';
import { WRITTEN_BACKEND } from './weights-files.js';
import { checkKeras2Representable } from './representable.js';

/** What the Keras 2 writer needs of a model. */
export interface Keras2SavableModel extends ModelLike {
  readonly className: string;
  getConfig(): JsonObject;
  readonly compileConfig: JsonObject | null;
}

/**
 * tf.keras 2.4's slot kinds per optimizer class, in creation order, as
 * [our kind, tf.keras's slot name].
 */
const KERAS2_SLOTS: ReadonlyMap<string, readonly (readonly [string, string])[]> = new Map([
  ['SGD', [['momentum', 'momentum']]],
  ['Adam', [['momentum', 'm'], ['velocity', 'v'], ['velocity_hat', 'vhat']]],
  ['Nadam', [['momentum', 'm'], ['velocity', 'v']]],
  ['Adamax', [['momentum', 'm'], ['norm', 'v']]],
  ['RMSprop', [['velocity', 'rms'], ['momentum', 'momentum'], ['average_gradient', 'mg']]],
  ['Adagrad', [['accumulator', 'accumulator']]],
  ['Adadelta', [['accumulated_grad', 'accum_grad'], ['accumulated_delta_var', 'accum_var']]],
  ['Ftrl', [['accumulator', 'accumulator'], ['linear', 'linear']]],
]);

/** A weight's TensorFlow variable name without the `:0` (`dense/kernel`). */
function tfName(layerName: string, weightName: string): string {
  return `${layerName}/${weightName}`;
}

/** One optimizer weight to write: its tf.keras name and values. */
interface OptimizerEntry { name: string; shape: readonly number[]; data: Float32Array | number; int64?: true }

/**
 * The optimizer weights in tf.keras 2.4's names and order.
 * @throws KerasFormatError `UNREPRESENTABLE` when a slot has no tf.keras 2.4 counterpart.
 */
function keras2OptimizerWeights(model: ModelLike, optimizer: Optimizer): OptimizerEntry[] {
  const prefix = keras2OptimizerName(optimizer);
  const layers = modelLayers(model);
  const vars = trainableVariables(model);
  const names: string[] = [];
  for (const l of layers) for (const v of l.trainableWeights) names.push(tfName(l.name, v.name));
  const ours = classifyOptimizerVariables(optimizer, vars);
  const out: OptimizerEntry[] = [{ name: `${prefix}/iter:0`, shape: [], data: storedIterationCount(optimizer), int64: true }];
  const standalone = [...ours.standalone.values()];
  if (standalone.length > 0) {
    if (optimizer.className !== 'Nadam' || standalone.length !== 1) {
      throw new KerasFormatError('UNREPRESENTABLE', `the ${optimizer.className} variables ${standalone.map((v) => `'${v.name}'`).join(', ')} have no tf.keras 2.4 counterpart`);
    }
    out.push({ name: `${prefix}/momentum_cache:0`, shape: [], data: standalone[0]!.value.data });
  }
  const kinds = KERAS2_SLOTS.get(optimizer.className) ?? [];
  const known = new Set(kinds.map(([k]) => k));
  for (const kind of ours.kinds) {
    if (!known.has(kind)) throw new KerasFormatError('UNREPRESENTABLE', `the ${optimizer.className} slot '${kind}' has no tf.keras 2.4 counterpart`);
  }
  for (const [kind, tfKind] of kinds) {
    if (!ours.kinds.has(kind)) continue;
    for (let i = 0; i < vars.length; i++) {
      const slot = ours.slots.get(`${i}:${kind}`);
      if (!slot) throw new KerasFormatError('UNREPRESENTABLE', `the ${optimizer.className} optimizer has no '${kind}' slot for ${names[i]}`);
      out.push({ name: `${prefix}/${names[i]}/${tfKind}:0`, shape: slot.shape, data: slot.value.data });
    }
  }
  return out;
}

/**
 * The whole model as tf.keras 2.4 saved it (see the file header). Datasets
 * share memory with the model's weights: serialise before training on.
 * @param includeOptimizer write `optimizer_weights` (when the optimizer was built).
 * @throws KerasFormatError `UNREPRESENTABLE` (naming the layer, option or
 *   optimizer) for what tf.keras 2.4 could not express.
 */
export function keras2ModelFile(m: Keras2SavableModel, includeOptimizer: boolean): H5File {
  checkKeras2Representable(m.layers);
  const modelConfig = markFloats(keras2ModelConfig(m.className ?? 'Sequential', m.getConfig()), FLOAT_KEYS);
  const cc = m.compileConfig;
  const optimizer = m.optimizer;
  let trainingConfig: JsonObject | null = null;
  if (cc && optimizer) {
    trainingConfig = keras2TrainingConfig(cc, optimizer);
    const oc = trainingConfig.optimizer_config as JsonObject;
    oc.config = optimizerConfigFloats(oc.config as JsonObject);
  }
  const optimizerWeights = includeOptimizer && trainingConfig && optimizer && optimizer.built ? keras2OptimizerWeights(m, optimizer) : null;

  const f = new H5File();
  // h5py stored Python str as variable-length UTF-8, and the JSON (encoded bytes) as variable-length ASCII.
  f.attrs.set('keras_version', KERAS2_SCHEMA_VERSION, { stringType: 'vlen', charset: 'utf8' });
  f.attrs.set('backend', WRITTEN_BACKEND, { stringType: 'vlen', charset: 'utf8' });
  f.attrs.set('model_config', stringifyPythonJson(modelConfig), { stringType: 'vlen', charset: 'ascii' });
  if (trainingConfig) f.attrs.set('training_config', stringifyPythonJson(trainingConfig), { stringType: 'vlen', charset: 'ascii' });
  const layers = modelLayers(m).map((l) => ({
    name: l.name,
    weights: legacyWeights(l).map((v) => ({ name: `${tfName(l.name, v.name)}:0`, shape: v.shape, data: v.value.data })),
  }));
  writeLegacyWeights(f.createGroup('model_weights'), layers, { kerasVersion: KERAS2_SCHEMA_VERSION, backend: WRITTEN_BACKEND }, { topLevelGroup: false });
  if (optimizerWeights) {
    const g = f.createGroup('optimizer_weights');
    writeStringListAttr(g, 'weight_names', optimizerWeights.map((e) => e.name));
    for (const e of optimizerWeights) {
      if (e.int64) g.createDataset(e.name, e.data as number, { dtype: 'int64' });
      else g.createDataset(e.name, e.data as Float32Array, { shape: e.shape, dtype: 'float32' });
    }
  }
  return f;
}
