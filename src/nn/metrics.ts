/**
 * Metrics as Keras 3 reports them from train_on_batch, fit and evaluate:
 * stateful means (a float32 total and count, as Keras's `Mean` keeps them)
 * over per-sample values. `'accuracy'`/`'acc'` become binary, sparse
 * categorical or categorical accuracy from the shapes, as Keras chooses;
 * loss functions and their aliases work as metrics; a metric given as a
 * string is reported under that string.
 */
import { isJsonObject, type JsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';
import { EPSILON, type LossParams } from './gradients.js';
import { Loss } from './losses.js';

/** Per-row metric values (rows = all axes but the last). */
type MetricKernel = (T: Float32Array, P: Float32Array, rows: number, cols: number, p: MetricParams, out: Float32Array) => void;

interface MetricParams extends LossParams {
  threshold: number;
  /** The loss kernel a loss-as-metric wraps. */
  loss: Loss | null;
}

function argmaxRow(A: Float32Array, o: number, cols: number): number {
  let best = 0;
  let m = A[o]!;
  for (let j = 1; j < cols; j++) { const v = A[o + j]!; if (v > m) { m = v; best = j; } }
  return best;
}

const KERNELS: Record<string, MetricKernel> = {
  binary_accuracy: (T, P, rows, cols, p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (P[o + j]! > p.threshold ? 1 : 0) === T[o + j]! ? 1 : 0;
      out[r] = s / cols;
    }
  },
  categorical_accuracy: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) out[r] = argmaxRow(T, o, cols) === argmaxRow(P, o, cols) ? 1 : 0;
  },
  sparse_categorical_accuracy: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) out[r] = T[r]! === argmaxRow(P, o, cols) ? 1 : 0;
  },
  accuracy: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += T[o + j]! === P[o + j]! ? 1 : 0;
      out[r] = s / cols;
    }
  },
  cosine_similarity: (T, P, rows, cols, _p, out) => {
    const cap = 1 / EPSILON;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let st = 0, sp = 0, dot = 0;
      for (let j = 0; j < cols; j++) { st += T[o + j]! * T[o + j]!; sp += P[o + j]! * P[o + j]!; dot += T[o + j]! * P[o + j]!; }
      out[r] = dot * Math.min(1 / Math.sqrt(st), cap) * Math.min(1 / Math.sqrt(sp), cap);
    }
  },
  root_mean_squared_error: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) { const d = P[o + j]! - T[o + j]!; s += d * d; }
      out[r] = s / cols;
    }
  },
  loss: (T, P, rows, cols, p, out) => { p.loss!.forward(T, P, rows, cols, p.loss!.params, out); },
};

/** One metric kind: the kernel, its Keras class and default name. */
interface MetricSpec {
  kernel: string;
  className: string;
  defaultName: string;
  /** For loss-as-metric kinds, the loss function it wraps. */
  lossFn?: string;
  sparseTargets?: boolean;
}

const SPECS: MetricSpec[] = [
  { kernel: 'binary_accuracy', className: 'BinaryAccuracy', defaultName: 'binary_accuracy' },
  { kernel: 'categorical_accuracy', className: 'CategoricalAccuracy', defaultName: 'categorical_accuracy' },
  { kernel: 'sparse_categorical_accuracy', className: 'SparseCategoricalAccuracy', defaultName: 'sparse_categorical_accuracy', sparseTargets: true },
  { kernel: 'accuracy', className: 'Accuracy', defaultName: 'accuracy' },
  { kernel: 'cosine_similarity', className: 'CosineSimilarity', defaultName: 'cosine_similarity' },
  { kernel: 'root_mean_squared_error', className: 'RootMeanSquaredError', defaultName: 'root_mean_squared_error' },
  { kernel: 'loss', className: 'MeanSquaredError', defaultName: 'mean_squared_error', lossFn: 'mean_squared_error' },
  { kernel: 'loss', className: 'MeanAbsoluteError', defaultName: 'mean_absolute_error', lossFn: 'mean_absolute_error' },
  { kernel: 'loss', className: 'MeanAbsolutePercentageError', defaultName: 'mean_absolute_percentage_error', lossFn: 'mean_absolute_percentage_error' },
  { kernel: 'loss', className: 'MeanSquaredLogarithmicError', defaultName: 'mean_squared_logarithmic_error', lossFn: 'mean_squared_logarithmic_error' },
  { kernel: 'loss', className: 'LogCoshError', defaultName: 'logcosh', lossFn: 'log_cosh' },
  { kernel: 'loss', className: 'BinaryCrossentropy', defaultName: 'binary_crossentropy', lossFn: 'binary_crossentropy' },
  { kernel: 'loss', className: 'CategoricalCrossentropy', defaultName: 'categorical_crossentropy', lossFn: 'categorical_crossentropy' },
  { kernel: 'loss', className: 'SparseCategoricalCrossentropy', defaultName: 'sparse_categorical_crossentropy', lossFn: 'sparse_categorical_crossentropy', sparseTargets: true },
  { kernel: 'loss', className: 'KLDivergence', defaultName: 'kl_divergence', lossFn: 'kl_divergence' },
  { kernel: 'loss', className: 'Poisson', defaultName: 'poisson', lossFn: 'poisson' },
  { kernel: 'loss', className: 'Hinge', defaultName: 'hinge', lossFn: 'hinge' },
  { kernel: 'loss', className: 'SquaredHinge', defaultName: 'squared_hinge', lossFn: 'squared_hinge' },
  { kernel: 'loss', className: 'CategoricalHinge', defaultName: 'categorical_hinge', lossFn: 'categorical_hinge' },
];

const BY_CLASS = new Map(SPECS.map((s) => [s.className, s]));

function snake(className: string): string {
  return className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** String → class, as Keras 3's metrics.get resolves it (class names, their snake_case, aliases). */
const BY_STRING = new Map<string, MetricSpec>();
for (const s of SPECS) { BY_STRING.set(s.className, s); BY_STRING.set(snake(s.className), s); }
for (const [alias, cls] of [['mse', 'MeanSquaredError'], ['MSE', 'MeanSquaredError'], ['mae', 'MeanAbsoluteError'], ['MAE', 'MeanAbsoluteError'],
  ['mape', 'MeanAbsolutePercentageError'], ['MAPE', 'MeanAbsolutePercentageError'], ['msle', 'MeanSquaredLogarithmicError'], ['MSLE', 'MeanSquaredLogarithmicError'],
  ['bce', 'BinaryCrossentropy'], ['BCE', 'BinaryCrossentropy'],
  // Keras 2 metric names found in old training configs.
  ['kld', 'KLDivergence'], ['KLD', 'KLDivergence'], ['kullback_leibler_divergence', 'KLDivergence'], ['logcosh', 'LogCoshError'], ['log_cosh', 'LogCoshError'],
  ['cosine_proximity', 'CosineSimilarity']] as const) {
  BY_STRING.set(alias, BY_CLASS.get(cls)!);
}

/** Every string a metric may be given as (besides `accuracy`/`acc`), sorted. */
export function metricNames(): string[] {
  return [...BY_STRING.keys(), 'acc'].sort();
}

/**
 * A stateful metric: a running float32 mean of per-sample values, as Keras's
 * `MeanMetricWrapper` (or `RootMeanSquaredError`, whose result is the root).
 */
export class Metric {
  readonly name: string;
  readonly className: string;
  /** Whether targets are one class index per row. */
  readonly sparseTargets: boolean;
  private readonly kernel: MetricKernel;
  private readonly kernelName: string;
  private readonly params: MetricParams;
  private total = 0;
  private count = 0;

  constructor(spec: MetricSpec, name: string, threshold = 0.5) {
    this.name = name;
    this.className = spec.className;
    this.kernelName = spec.kernel;
    this.kernel = KERNELS[spec.kernel]!;
    this.sparseTargets = spec.sparseTargets === true;
    const loss = spec.lossFn ? new Loss(spec.lossFn) : null;
    this.params = { fromLogits: false, labelSmoothing: 0, delta: 1, scale: 1, threshold, loss };
  }

  /**
   * Adds one batch. `rows` counts prediction rows (`rows × cols` values),
   * `batch` samples (rows are averaged within a sample). `scratch` must hold
   * `rows` floats.
   */
  update(T: Float32Array, P: Float32Array, rows: number, cols: number, batch: number, scratch: Float32Array): void {
    this.kernel(T, P, rows, cols, this.params, scratch);
    let s = 0;
    for (let r = 0; r < rows; r++) s += scratch[r]!;
    // Per-sample means, summed: with rows/batch rows per sample that is s·batch/rows.
    const perSample = rows === batch ? s : (s * batch) / rows;
    this.total = Math.fround(this.total + Math.fround(perSample));
    this.count = Math.fround(this.count + batch);
  }

  /** The current value (0 before any update, as Keras's divide_no_nan). */
  result(): number {
    if (this.count === 0) return 0;
    const mean = Math.fround(this.total / this.count);
    return this.kernelName === 'root_mean_squared_error' ? Math.fround(Math.sqrt(mean)) : mean;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

/**
 * Keras's loss tracker: a `Mean` updated with each batch's loss weighted by
 * the batch size.
 */
export class LossTracker {
  private total = 0;
  private count = 0;

  update(loss: number, batch: number): void {
    this.total = Math.fround(this.total + Math.fround(Math.fround(loss) * batch));
    this.count = Math.fround(this.count + batch);
  }

  /**
   * `update(source.lastLoss, batch)`, reading the loss from a field: passing
   * a float to a call boxes it, and a training step should allocate nothing.
   */
  updateFrom(source: { readonly lastLoss: number }, batch: number): void {
    this.total = Math.fround(this.total + Math.fround(Math.fround(source.lastLoss) * batch));
    this.count = Math.fround(this.count + batch);
  }

  result(): number {
    return this.count === 0 ? 0 : Math.fround(this.total / this.count);
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

function unknownMetric(id: unknown, path: string): LayerConfigError {
  return new LayerConfigError('UNKNOWN_METRIC', '', path, `unknown or unsupported metric ${describe(id)}; supported: ${metricNames().join(', ')}`);
}

/**
 * Checks a metric identifier without data (compile time): a string Keras
 * accepts or a `{class_name, config}` dict.
 * @throws LayerConfigError `UNKNOWN_METRIC` at `path`.
 */
export function checkMetricIdentifier(id: unknown, path: string): void {
  if (typeof id === 'string') {
    if (id.toLowerCase() === 'accuracy' || id.toLowerCase() === 'acc' || BY_STRING.has(id)) return;
    throw unknownMetric(id, path);
  }
  if (isJsonObject(id) && typeof id.class_name === 'string' && BY_CLASS.has(id.class_name)) return;
  throw unknownMetric(id, path);
}

/**
 * Builds a metric as Keras's compile does, once the shapes are known:
 * `'accuracy'`/`'acc'` (any case) pick binary accuracy when the output has
 * one unit, sparse categorical when the targets have one axis fewer (or a
 * last axis of 1 where the output has several), categorical otherwise; other
 * strings resolve as `keras.metrics.get`; the metric is named by the string.
 * @throws LayerConfigError `UNKNOWN_METRIC` at `path`.
 */
export function getMetric(id: unknown, yTrueShape: readonly number[], yPredShape: readonly number[], path = 'metrics'): Metric {
  if (typeof id === 'string') {
    const low = id.toLowerCase();
    if (low === 'accuracy' || low === 'acc') {
      const last = yPredShape[yPredShape.length - 1];
      const isBinary = last === 1;
      const isSparse = yTrueShape.length < yPredShape.length || (yTrueShape[yTrueShape.length - 1] === 1 && last !== 1);
      const cls = isBinary ? 'BinaryAccuracy' : isSparse ? 'SparseCategoricalAccuracy' : 'CategoricalAccuracy';
      return new Metric(BY_CLASS.get(cls)!, id);
    }
    const spec = BY_STRING.get(id);
    if (!spec) throw unknownMetric(id, path);
    return new Metric(spec, id);
  }
  if (isJsonObject(id) && typeof id.class_name === 'string') {
    const spec = BY_CLASS.get(id.class_name);
    if (!spec) throw unknownMetric(id.class_name, `${path}.class_name`);
    const cfg: JsonObject = isJsonObject(id.config) ? id.config : {};
    const name = typeof cfg.name === 'string' ? cfg.name : spec.defaultName;
    const threshold = typeof cfg.threshold === 'number' ? cfg.threshold : 0.5;
    return new Metric(spec, name, threshold);
  }
  throw unknownMetric(id, path);
}
