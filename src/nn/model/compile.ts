/**
 * `compile()` arguments: what the user passes, what Keras 3 keeps as the
 * compile config (written to files as `training_config`), and their
 * resolution into a loss, an optimizer and metric identifiers.
 */
import { getOptimizer, serializeOptimizer, type Optimizer, type OptimizerConfig } from '../../optim/index.js';
import { cloneJson, isJsonObject, type Json, type JsonObject } from '../config.js';
import { LayerConfigError, describe } from '../errors.js';
import { getLoss, isCrossentropyShortcut, serializeLoss, Loss } from '../losses.js';
import { checkMetricIdentifier } from '../metrics.js';

/** Options for `model.compile` (Keras's arguments, camelCased). */
export interface CompileOptions {
  /** A loss name or alias (`'mse'`), a {@link Loss}, or a `{class_name, config}` dict. Required for training. */
  loss?: string | Loss | JsonObject | null;
  /** An optimizer name (`'sgd'`, `'adam'`), instance, or config. Default `'rmsprop'`, as Keras. */
  optimizer?: string | Optimizer | OptimizerConfig;
  /** Metric names or `{class_name, config}` dicts, reported after the loss. */
  metrics?: readonly (string | JsonObject)[] | null;
  /** A weight for the loss (one output): a number or a one-element list. Default none. */
  lossWeights?: number | readonly number[] | null;
}

/** What compile resolved. */
export interface CompiledState {
  /** The loss, or null when deferred (`'crossentropy'` needs the shapes) or absent. */
  loss: Loss | null;
  /** The loss identifier as given (a string, or a serialised dict). */
  lossId: string | JsonObject | null;
  lossWeight: number;
  optimizer: Optimizer;
  metricIds: (string | JsonObject)[];
  /** The compile config minus the optimizer (serialised live). */
  config: JsonObject;
}

/**
 * Validates and resolves compile options.
 * @throws LayerConfigError (`UNKNOWN_LOSS`, `UNKNOWN_METRIC`, `MODEL_BAD_ARGUMENT`, with the argument path)
 *   or the optimizer's OptimizerError.
 */
export function resolveCompile(opts: CompileOptions): CompiledState {
  if (!isPlainObject(opts)) throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'compile', `expected an options object, got ${describe(opts)}`);
  for (const k of Object.keys(opts)) {
    if (!['loss', 'optimizer', 'metrics', 'lossWeights'].includes(k)) {
      throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', k, `unknown or unsupported compile option '${k}'`);
    }
  }
  let loss: Loss | null = null;
  let lossId: string | JsonObject | null = null;
  const given = opts.loss ?? null;
  if (given !== null) {
    if (isCrossentropyShortcut(given)) {
      lossId = given;
    } else {
      loss = getLoss(given, 'loss');
      lossId = given instanceof Loss ? serializeLoss(given) : typeof given === 'string' ? given : cloneJson(given as JsonObject);
      if (loss.reduction === 'none') {
        throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'loss.reduction', "a loss with reduction 'none' cannot be trained (the loss must be a scalar)");
      }
    }
  }
  let lossWeight = 1;
  let lossWeightsId: Json = null;
  const lw: unknown = opts.lossWeights ?? null;
  if (lw !== null) {
    const v = typeof lw === 'number' ? lw : Array.isArray(lw) && lw.length === 1 ? lw[0] : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'lossWeights', `expected a number or a one-element list for a single-output model, got ${describe(lw)}`);
    }
    lossWeight = v;
    lossWeightsId = typeof lw === 'number' ? lw : [v];
  }
  const metrics = opts.metrics ?? null;
  const metricIds: (string | JsonObject)[] = [];
  if (metrics !== null) {
    if (!Array.isArray(metrics)) throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'metrics', `expected a list of metrics, got ${describe(metrics)}`);
    metrics.forEach((m, i) => {
      checkMetricIdentifier(m, `metrics[${i}]`);
      metricIds.push(typeof m === 'string' ? m : cloneJson(m as JsonObject));
    });
  }
  const optimizer = getOptimizer((opts.optimizer ?? 'rmsprop') as Parameters<typeof getOptimizer>[0], { path: 'optimizer' });
  const config: JsonObject = {
    loss: lossId === null ? null : cloneJson(lossId as Json),
    loss_weights: lossWeightsId,
    metrics: metrics === null ? null : metricIds.map((m) => cloneJson(m as Json)),
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: true,
  };
  return { loss, lossId, lossWeight, optimizer, metricIds, config };
}

/** Keras 3's `get_compile_config()`: the optimizer serialised first, then the rest as given. */
export function compileConfigOf(state: CompiledState): JsonObject {
  return { optimizer: serializeOptimizer(state.optimizer) as unknown as JsonObject, ...cloneJson(state.config) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return isJsonObject(v);
}
