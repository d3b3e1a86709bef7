/**
 * Keras 3's losses: per-row forward kernels in one table, the `Loss` object
 * (a kernel plus its config: reduction, from_logits, label_smoothing, delta)
 * and the resolution of every identifier Keras accepts — function names
 * (`mean_squared_error`), aliases (`mse`, `MSE`, `kld`, …), class names
 * (`MeanSquaredError`), `{class_name, config}` dicts from Keras 2 and 3, and
 * the Keras 2 names (`logcosh`, `kullback_leibler_divergence`,
 * `cosine_proximity`, `huber_loss`) that Keras 3 dropped but old files hold.
 *
 * A kernel computes one value per row (rows = all axes but the last), as the
 * Keras function does before reduction; the reduction then divides the sum
 * by the number of rows (`sum_over_batch_size`). Backward rules are in
 * `gradients.ts`.
 */
import { isJsonObject, type Json, type JsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';
import { EPSILON, LOSS_GRADIENTS, ONE_MINUS_EPSILON, binaryLabels, type LossBackward, type LossParams } from './gradients.js';
import { softplus } from './math.js';

/** Per-row loss values `out[r]` for targets T and predictions P (`rows × cols`). */
export type LossForward = (T: Float32Array, P: Float32Array, rows: number, cols: number, p: LossParams, out: Float32Array) => void;

const LOG2 = Math.LN2;

const FORWARD: Record<string, LossForward> = {
  mean_squared_error: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) { const d = T[o + j]! - P[o + j]!; s += d * d; }
      out[r] = s / cols;
    }
  },
  mean_absolute_error: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.abs(T[o + j]! - P[o + j]!);
      out[r] = s / cols;
    }
  },
  mean_absolute_percentage_error: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.abs((T[o + j]! - P[o + j]!) / Math.max(Math.abs(T[o + j]!), EPSILON));
      out[r] = (100 * s) / cols;
    }
  },
  mean_squared_logarithmic_error: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const d = Math.log(Math.max(P[o + j]!, EPSILON) + 1) - Math.log(Math.max(T[o + j]!, EPSILON) + 1);
        s += d * d;
      }
      out[r] = s / cols;
    }
  },
  huber: (T, P, rows, cols, p, out) => {
    const d = p.delta;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const e = P[o + j]! - T[o + j]!;
        const a = Math.abs(e);
        s += a <= d ? 0.5 * e * e : d * a - 0.5 * d * d;
      }
      out[r] = s / cols;
    }
  },
  log_cosh: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) { const x = P[o + j]! - T[o + j]!; s += x + softplus(-2 * x) - LOG2; }
      out[r] = s / cols;
    }
  },
  cosine_similarity: (T, P, rows, cols, _p, out) => {
    const cap = 1 / EPSILON;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let st = 0, sp = 0, dot = 0;
      for (let j = 0; j < cols; j++) { st += T[o + j]! * T[o + j]!; sp += P[o + j]! * P[o + j]!; dot += T[o + j]! * P[o + j]!; }
      out[r] = -dot * Math.min(1 / Math.sqrt(st), cap) * Math.min(1 / Math.sqrt(sp), cap);
    }
  },
  hinge: (T, P, rows, cols, _p, out) => {
    const bin = binaryLabels(T, rows * cols);
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) { const t = bin ? 2 * T[o + j]! - 1 : T[o + j]!; s += Math.max(1 - t * P[o + j]!, 0); }
      out[r] = s / cols;
    }
  },
  squared_hinge: (T, P, rows, cols, _p, out) => {
    const bin = binaryLabels(T, rows * cols);
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) { const t = bin ? 2 * T[o + j]! - 1 : T[o + j]!; const m = Math.max(1 - t * P[o + j]!, 0); s += m * m; }
      out[r] = s / cols;
    }
  },
  categorical_hinge: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let pos = 0, neg = -Infinity;
      for (let j = 0; j < cols; j++) { pos += T[o + j]! * P[o + j]!; neg = Math.max(neg, (1 - T[o + j]!) * P[o + j]!); }
      out[r] = Math.max(neg - pos + 1, 0);
    }
  },
  kl_divergence: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const t = Math.min(Math.max(T[o + j]!, EPSILON), 1);
        const q = Math.min(Math.max(P[o + j]!, EPSILON), 1);
        s += t * Math.log(t / q);
      }
      out[r] = s;
    }
  },
  poisson: (T, P, rows, cols, _p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += P[o + j]! - T[o + j]! * Math.log(P[o + j]! + EPSILON);
      out[r] = s / cols;
    }
  },
  binary_crossentropy: (T, P, rows, cols, p, out) => {
    const ls = p.labelSmoothing;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const t = ls ? T[o + j]! * (1 - ls) + 0.5 * ls : T[o + j]!;
        const x = P[o + j]!;
        if (p.fromLogits) {
          // −t·log σ(x) − (1 − t)·log σ(−x), with log σ(x) = −softplus(−x).
          s += t * softplus(-x) + (1 - t) * softplus(x);
        } else {
          const c = Math.min(Math.max(x, EPSILON), ONE_MINUS_EPSILON);
          s -= t * Math.log(c) + (1 - t) * Math.log(1 - c);
        }
      }
      out[r] = s / cols;
    }
  },
  categorical_crossentropy: (T, P, rows, cols, p, out) => {
    const ls = p.labelSmoothing;
    const lsAdd = ls / cols;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      if (p.fromLogits) {
        const lse = logSumExp(P, o, cols);
        for (let j = 0; j < cols; j++) { const t = ls ? T[o + j]! * (1 - ls) + lsAdd : T[o + j]!; s -= t * (P[o + j]! - lse); }
      } else {
        let S = 0;
        for (let j = 0; j < cols; j++) S += P[o + j]!;
        for (let j = 0; j < cols; j++) {
          const t = ls ? T[o + j]! * (1 - ls) + lsAdd : T[o + j]!;
          if (t !== 0) s -= t * Math.log(Math.min(Math.max(P[o + j]! / S, EPSILON), ONE_MINUS_EPSILON));
        }
      }
      out[r] = s;
    }
  },
  sparse_categorical_crossentropy: (T, P, rows, cols, p, out) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      const label = Math.trunc(T[r]!);
      if (label < 0 || label >= cols) { out[r] = 0; continue; }
      if (p.fromLogits) {
        out[r] = logSumExp(P, o, cols) - P[o + label]!;
      } else {
        let S = 0;
        for (let j = 0; j < cols; j++) S += P[o + j]!;
        out[r] = -Math.log(Math.min(Math.max(P[o + label]! / S, EPSILON), ONE_MINUS_EPSILON));
      }
    }
  },
};

function logSumExp(P: Float32Array, o: number, cols: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) if (P[o + j]! > m) m = P[o + j]!;
  let s = 0;
  for (let j = 0; j < cols; j++) s += Math.exp(P[o + j]! - m);
  return m + Math.log(s);
}

/** One loss function: Keras's function name, class name and default instance name. */
interface LossSpec {
  readonly fn: string;
  readonly className: string;
  /** The `name` a default instance of the class gets. */
  readonly defaultName: string;
  /** Extra config keys the class writes, with their defaults, in Keras's order. */
  readonly extra: readonly ('from_logits' | 'label_smoothing' | 'axis' | 'ignore_class')[];
}

const SPECS: readonly LossSpec[] = [
  { fn: 'mean_squared_error', className: 'MeanSquaredError', defaultName: 'mean_squared_error', extra: [] },
  { fn: 'mean_absolute_error', className: 'MeanAbsoluteError', defaultName: 'mean_absolute_error', extra: [] },
  { fn: 'mean_absolute_percentage_error', className: 'MeanAbsolutePercentageError', defaultName: 'mean_absolute_percentage_error', extra: [] },
  { fn: 'mean_squared_logarithmic_error', className: 'MeanSquaredLogarithmicError', defaultName: 'mean_squared_logarithmic_error', extra: [] },
  { fn: 'huber', className: 'Huber', defaultName: 'huber_loss', extra: [] },
  { fn: 'log_cosh', className: 'LogCosh', defaultName: 'log_cosh', extra: [] },
  { fn: 'binary_crossentropy', className: 'BinaryCrossentropy', defaultName: 'binary_crossentropy', extra: ['from_logits', 'label_smoothing', 'axis'] },
  { fn: 'categorical_crossentropy', className: 'CategoricalCrossentropy', defaultName: 'categorical_crossentropy', extra: ['from_logits', 'label_smoothing', 'axis'] },
  { fn: 'sparse_categorical_crossentropy', className: 'SparseCategoricalCrossentropy', defaultName: 'sparse_categorical_crossentropy', extra: ['from_logits', 'ignore_class'] },
  { fn: 'hinge', className: 'Hinge', defaultName: 'hinge', extra: [] },
  { fn: 'squared_hinge', className: 'SquaredHinge', defaultName: 'squared_hinge', extra: [] },
  { fn: 'categorical_hinge', className: 'CategoricalHinge', defaultName: 'categorical_hinge', extra: [] },
  { fn: 'kl_divergence', className: 'KLDivergence', defaultName: 'kl_divergence', extra: [] },
  { fn: 'poisson', className: 'Poisson', defaultName: 'poisson', extra: [] },
  { fn: 'cosine_similarity', className: 'CosineSimilarity', defaultName: 'cosine_similarity', extra: [] },
];

const BY_FN = new Map(SPECS.map((s) => [s.fn, s]));
const BY_CLASS = new Map(SPECS.map((s) => [s.className, s]));

/** Aliases of function names: Keras 3's, then the Keras 2 names old files hold. */
const FN_ALIASES: Record<string, string> = {
  mse: 'mean_squared_error', MSE: 'mean_squared_error',
  mae: 'mean_absolute_error', MAE: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error', MAPE: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error', MSLE: 'mean_squared_logarithmic_error',
  bce: 'binary_crossentropy', BCE: 'binary_crossentropy',
  kld: 'kl_divergence', KLD: 'kl_divergence',
  // Keras 2 names.
  kullback_leibler_divergence: 'kl_divergence',
  logcosh: 'log_cosh',
  cosine_proximity: 'cosine_similarity',
  huber_loss: 'huber',
};

/** Class names Keras 2 / tf.keras wrote for the same classes. */
const CLASS_ALIASES: Record<string, string> = { KLD: 'KLDivergence', LogCoshError: 'LogCosh' };

const REDUCTIONS = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none', 'auto'];

/** Options for a {@link Loss}. */
export interface LossOptions {
  /** Keras's `reduction`. Default `sum_over_batch_size`. */
  reduction?: 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none';
  /** The instance name. Default: the class's default (`mean_squared_error`, `huber_loss`, …). */
  name?: string;
  /** Cross-entropies: predictions are logits. Default false. */
  fromLogits?: boolean;
  /** Binary/categorical cross-entropy: label smoothing in [0, 1]. Default 0. */
  labelSmoothing?: number;
  /** Huber: the switch point. Default 1. */
  delta?: number;
}

/**
 * A loss: a Keras loss function with its options. Built by
 * {@link getLoss} from any Keras identifier, or directly:
 * `new Loss('categorical_crossentropy', { fromLogits: true })`.
 */
export class Loss {
  /** The Keras function name (the kernel), e.g. `mean_squared_error`. */
  readonly fn: string;
  /** The Keras class, e.g. `MeanSquaredError`. */
  readonly className: string;
  readonly name: string;
  readonly reduction: string;
  readonly params: LossParams;
  readonly forward: LossForward;
  readonly backward: LossBackward;

  /**
   * @param fn a Keras loss function name or alias (`'mse'`).
   * @throws LayerConfigError `UNKNOWN_LOSS` or `LAYER_BAD_VALUE` (path = the option's Keras key).
   */
  constructor(fn: string, opts: LossOptions = {}) {
    const key = FN_ALIASES[fn] ?? fn;
    const spec = BY_FN.get(key);
    if (!spec) throw unknownLoss(fn, 'loss');
    this.fn = spec.fn;
    this.className = spec.className;
    this.name = opts.name ?? spec.defaultName;
    const reduction = opts.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(reduction)) {
      throw new LayerConfigError('LAYER_BAD_VALUE', '', 'reduction', `expected one of ${REDUCTIONS.join(', ')}, got ${describe(reduction)}`);
    }
    this.reduction = (reduction as string) === 'auto' ? 'sum_over_batch_size' : reduction;
    const ls = opts.labelSmoothing ?? 0;
    if (typeof ls !== 'number' || !(ls >= 0 && ls <= 1)) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'label_smoothing', `expected a number in [0, 1], got ${describe(ls)}`);
    const delta = opts.delta ?? 1;
    if (typeof delta !== 'number' || !(delta >= 0) || !Number.isFinite(delta)) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'delta', `expected a non-negative number, got ${describe(delta)}`);
    const fromLogits = opts.fromLogits ?? false;
    if (typeof fromLogits !== 'boolean') throw new LayerConfigError('LAYER_BAD_VALUE', '', 'from_logits', `expected true or false, got ${describe(fromLogits)}`);
    this.params = { fromLogits, labelSmoothing: ls, delta, scale: 1 };
    this.forward = FORWARD[spec.fn]!;
    this.backward = LOSS_GRADIENTS[spec.fn]!;
  }

  /** Whether targets are class indices (one per row) rather than one value per prediction. */
  get sparse(): boolean {
    return this.fn === 'sparse_categorical_crossentropy';
  }

  /** Keras 3's `get_config()` for the class. */
  getConfig(): JsonObject {
    const spec = BY_FN.get(this.fn)!;
    const c: JsonObject = { name: this.name, reduction: this.reduction };
    for (const k of spec.extra) {
      if (k === 'from_logits') c.from_logits = this.params.fromLogits;
      else if (k === 'label_smoothing') c.label_smoothing = this.params.labelSmoothing;
      else if (k === 'axis') c.axis = -1;
      else c.ignore_class = null;
    }
    return c;
  }
}

function unknownLoss(id: unknown, path: string): LayerConfigError {
  return new LayerConfigError('UNKNOWN_LOSS', '', path,
    `unknown loss ${describe(id)}; supported: ${lossNames().join(', ')}`);
}

/** Every string {@link getLoss} accepts, sorted. */
export function lossNames(): string[] {
  return [...SPECS.map((s) => s.fn), ...SPECS.map((s) => s.className), ...Object.keys(FN_ALIASES)].sort();
}

/**
 * Keras 3's serialised form of a loss object:
 * `{module: 'keras.losses', class_name, config, registered_name: null}`.
 */
export function serializeLoss(loss: Loss): JsonObject {
  return { module: 'keras.losses', class_name: loss.className, config: loss.getConfig(), registered_name: null };
}

/**
 * Resolves any loss identifier Keras accepts: a {@link Loss}; a function
 * name or alias (`'mse'`, `'mean_squared_error'`, `'kld'`, and Keras 2's
 * `'logcosh'`, …); a class name (`'MeanSquaredError'`, default options); a
 * `{class_name, config}` dict (Keras 2 or 3, `module` optional), including
 * Keras 3's function form `{class_name: 'function', config: 'mse'}`.
 * `'crossentropy'`/`'ce'` need the output shape and are resolved by
 * `compile` (see {@link resolveCrossentropy}).
 * @param path where the identifier sits, for errors. Default `loss`.
 * @throws LayerConfigError `UNKNOWN_LOSS`, or `LAYER_BAD_VALUE`/`LAYER_UNKNOWN_KEY` with the config path.
 * @example getLoss('mse').fn // 'mean_squared_error'
 */
export function getLoss(identifier: unknown, path = 'loss'): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'string') {
    if (FN_ALIASES[identifier] || BY_FN.has(identifier)) {
      // Keras wraps a function in LossFunctionWrapper named by the string given.
      return new Loss(identifier, { name: identifier });
    }
    const cls = CLASS_ALIASES[identifier] ?? identifier;
    const spec = BY_CLASS.get(cls);
    if (spec) return new Loss(spec.fn);
    throw unknownLoss(identifier, path);
  }
  if (isJsonObject(identifier)) return lossFromConfig(identifier, path);
  throw unknownLoss(identifier, path);
}

function lossFromConfig(obj: JsonObject, path: string): Loss {
  const cls = obj.class_name;
  if (cls === 'function' && typeof obj.config === 'string') return getLoss(obj.config, `${path}.config`);
  if (typeof cls !== 'string') throw new LayerConfigError('UNKNOWN_LOSS', '', `${path}.class_name`, `expected a loss class name, got ${describe(cls)}`);
  const spec = BY_CLASS.get(CLASS_ALIASES[cls] ?? cls) ?? (cls === 'LossFunctionWrapper' ? lossWrapperSpec(obj, path) : undefined);
  if (!spec) throw unknownLoss(cls, `${path}.class_name`);
  const cfg: JsonObject = isJsonObject(obj.config) ? obj.config : {};
  const opts: LossOptions = {};
  for (const k of Object.keys(cfg)) {
    const v: Json = cfg[k]!;
    const at = `${path}.config.${k}`;
    const bad = (what: string): never => { throw new LayerConfigError('LAYER_BAD_VALUE', '', at, `expected ${what}, got ${describe(v)}`); };
    switch (k) {
      case 'name': if (typeof v !== 'string') bad('a string'); opts.name = v as string; break;
      case 'reduction': if (typeof v !== 'string' || !REDUCTIONS.includes(v)) bad(`one of ${REDUCTIONS.join(', ')}`); opts.reduction = (v === 'auto' ? 'sum_over_batch_size' : v) as LossOptions['reduction']; break;
      case 'from_logits': if (typeof v !== 'boolean') bad('true or false'); opts.fromLogits = v as boolean; break;
      case 'label_smoothing': if (typeof v !== 'number') bad('a number'); opts.labelSmoothing = v as number; break;
      case 'delta': if (typeof v !== 'number') bad('a number'); opts.delta = v as number; break;
      case 'axis': if (v !== -1 && v !== null) bad('-1 (other axes are not supported)'); break;
      case 'ignore_class': if (v !== null) bad('null (ignore_class is not supported)'); break;
      case 'dtype': case 'fn': break;
      default: throw new LayerConfigError('LAYER_UNKNOWN_KEY', '', at, `unknown loss config key '${k}'`);
    }
  }
  try {
    return new Loss(spec.fn, opts);
  } catch (e) {
    throw e instanceof LayerConfigError ? e.within(`${path}.config`) : e;
  }
}

/** Keras 3 writes a wrapped function as LossFunctionWrapper with config.fn. */
function lossWrapperSpec(obj: JsonObject, path: string): LossSpec | undefined {
  const cfg = obj.config;
  if (!isJsonObject(cfg)) return undefined;
  const fn = cfg.fn;
  const name = typeof fn === 'string' ? fn : isJsonObject(fn) && typeof fn.config === 'string' ? fn.config : undefined;
  if (name === undefined) throw unknownLoss(fn, `${path}.config.fn`);
  const spec = BY_FN.get(FN_ALIASES[name] ?? name);
  if (!spec) throw unknownLoss(name, `${path}.config.fn`);
  return spec;
}

/**
 * Keras's choice for `loss='crossentropy'`/`'ce'`: binary when the output
 * has one unit, sparse categorical when the targets have one column fewer
 * (or one where the output has several), categorical otherwise.
 */
export function resolveCrossentropy(identifier: string, yTrueShape: readonly number[], yPredShape: readonly number[]): Loss {
  const last = yPredShape[yPredShape.length - 1];
  const isBinary = last === 1;
  const isSparse = yTrueShape.length < yPredShape.length || (yTrueShape[yTrueShape.length - 1] === 1 && last !== 1);
  const fn = isBinary ? 'binary_crossentropy' : isSparse ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy';
  return new Loss(fn, { name: identifier });
}

/** Identifiers `compile` resolves against the data shapes. */
export function isCrossentropyShortcut(identifier: unknown): identifier is string {
  return typeof identifier === 'string' && (identifier.toLowerCase() === 'crossentropy' || identifier.toLowerCase() === 'ce');
}

/**
 * Applies `loss` to targets and predictions and reduces as Keras does.
 * Returns the scalar loss; per-row values are written to `rowValues`.
 */
export function reduceLoss(loss: Loss, T: Float32Array, P: Float32Array, rows: number, cols: number, rowValues: Float32Array): number {
  loss.forward(T, P, rows, cols, loss.params, rowValues);
  let s = 0;
  for (let r = 0; r < rows; r++) s += rowValues[r]!;
  return loss.reduction === 'sum' ? s : rows === 0 ? 0 : s / rows;
}

/** dL/dv for each row value under the loss's reduction. */
export function reductionScale(loss: Loss, rows: number): number {
  return loss.reduction === 'sum' ? 1 : rows === 0 ? 0 : 1 / rows;
}

/** The loss's params with `scale` set for `rows` rows and a loss weight: what `backward` reads. */
export function backwardParams(loss: Loss, rows: number, lossWeight: number): LossParams {
  return { ...loss.params, scale: reductionScale(loss, rows) * lossWeight };
}

