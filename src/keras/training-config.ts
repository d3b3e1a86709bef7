/**
 * `training_config`: the compile arguments a legacy `.h5` file stores, read
 * from any Keras era into arguments for `model.compile`, and written as
 * Keras 3 writes them (so Keras 3's `load_model(compile=True)` accepts it).
 *
 * Read: `loss` (a name, a `{class_name, config}` dict, or a one-output list
 * or dict of those), `metrics` (list, or one-output nested list / dict),
 * `optimizer_config` (any era: `lr`, `decay`, `Custom>Adam`, … resolved by
 * `getOptimizer`), `loss_weights` (null or one number for the single output).
 * `weighted_metrics` and `sample_weight_mode` must be empty: refused by path
 * otherwise, never dropped silently.
 */
import { getOptimizer, type Optimizer } from '../optim/index.js';
import { getLoss } from '../nn/index.js';
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, own, type Json, type JsonObject } from './config-guard.js';

/** Compile arguments recovered from a training config. */
export interface CompileArgs {
  /** The loss identifier as stored (string or config dict). */
  loss: Json;
  /** The optimizer, built from `optimizer_config`. */
  optimizer: Optimizer;
  /** Metric identifiers, when any. */
  metrics?: Json[];
  /** The single output's loss weight, when stored. */
  lossWeights?: number;
}

function unsupported(message: string, path: string): KerasFormatError {
  return new KerasFormatError('UNSUPPORTED_TRAINING_CONFIG', message, { configPath: `training_config.${path}` });
}

/** A per-output value (list or dict) that must describe exactly one output. */
function singleOutput(v: Json, path: string, isLeaf: (x: Json) => boolean): Json {
  if (isLeaf(v)) return v;
  if (Array.isArray(v)) {
    if (v.length === 1) return v[0]!;
    throw unsupported(`${v.length} per-output values; only single-output models are supported`, path);
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1) return v[keys[0]!]!;
    throw unsupported(`${keys.length} per-output values; only single-output models are supported`, path);
  }
  throw new KerasFormatError('BAD_CONFIG', `unrecognised value ${describeValue(v)}`, { configPath: `training_config.${path}` });
}

const isLossLeaf = (x: Json): boolean => typeof x === 'string' || (isObject(x) && typeof own(x, 'class_name') === 'string');

/**
 * Reads a training config into compile arguments.
 * @param tc the parsed `training_config` document.
 * @throws KerasFormatError `UNSUPPORTED_TRAINING_CONFIG` / `BAD_CONFIG` with
 *   the path (`training_config.loss`); optimizer and loss errors from
 *   src/optim and src/nn pass through with their own paths.
 */
export function compileArgsFromTrainingConfig(tc: Json): CompileArgs {
  if (!isObject(tc)) throw new KerasFormatError('BAD_CONFIG', `expected a dict, got ${describeValue(tc)}`, { configPath: 'training_config' });
  const optimizerConfig = own(tc, 'optimizer_config');
  if (!isObject(optimizerConfig)) {
    throw new KerasFormatError('BAD_CONFIG', `expected an optimizer config, got ${describeValue(optimizerConfig)}`, { configPath: 'training_config.optimizer_config' });
  }
  const optimizer = getOptimizer(optimizerConfig as never);
  const rawLoss = own(tc, 'loss');
  if (rawLoss === undefined || rawLoss === null) throw unsupported('a compiled model without a loss', 'loss');
  const loss = singleOutput(rawLoss, 'loss', isLossLeaf);
  getLoss(loss, 'training_config.loss'); // validates now, with the path
  const out: CompileArgs = { loss, optimizer };
  const rawMetrics = own(tc, 'metrics');
  if (rawMetrics !== undefined && rawMetrics !== null) {
    let metrics: Json = rawMetrics;
    if (isObject(metrics)) metrics = singleOutput(metrics, 'metrics', () => false);
    if (Array.isArray(metrics) && metrics.length === 1 && Array.isArray(metrics[0])) metrics = metrics[0]!;
    if (!Array.isArray(metrics)) metrics = [metrics];
    if (metrics.length > 0) out.metrics = metrics;
  }
  const lw = own(tc, 'loss_weights');
  if (lw !== undefined && lw !== null) {
    const w = singleOutput(lw, 'loss_weights', (x) => typeof x === 'number');
    if (typeof w !== 'number' || !Number.isFinite(w)) throw unsupported(`a loss weight of ${describeValue(w)}`, 'loss_weights');
    out.lossWeights = w;
  }
  const wm = own(tc, 'weighted_metrics');
  if (wm !== undefined && wm !== null && !(Array.isArray(wm) && wm.length === 0)) {
    throw unsupported('weighted metrics are not supported', 'weighted_metrics');
  }
  const swm = own(tc, 'sample_weight_mode');
  if (swm !== undefined && swm !== null) throw unsupported(`sample_weight_mode ${describeValue(swm)} is not supported`, 'sample_weight_mode');
  return out;
}

/**
 * A loss identifier as Keras 3 can deserialize it from a training config:
 * function aliases become the function name (`'mse'` → `'mean_squared_error'`,
 * which Keras 3.15 needs: keras#19330), other strings and dicts are kept.
 */
export function lossForFile(loss: unknown): Json {
  if (typeof loss === 'string') {
    const low = loss.toLowerCase();
    if (low === 'crossentropy' || low === 'ce') return loss;
    const resolved = getLoss(loss);
    // A class name (MeanSquaredError) is kept; a function alias gets the function's name.
    return /^[A-Z]/.test(loss) && resolved.className === loss ? loss : resolved.fn;
  }
  return loss as Json;
}

/**
 * The training config Keras 3 writes for a compiled model.
 * @param args the compile arguments as given (loss, metrics), serialised.
 * @param optimizer the compiled optimizer.
 */
export function trainingConfigFor(loss: Json, metrics: Json[] | null, optimizer: Optimizer): JsonObject {
  return {
    loss,
    loss_weights: null,
    metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
    optimizer_config: { class_name: optimizer.className, config: optimizer.getConfig() as JsonObject },
  };
}
