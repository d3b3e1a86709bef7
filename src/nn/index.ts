/**
 * Layers, activations, initializers, regularizers, losses, metrics and the
 * Sequential model with its training loop. Re-exports only.
 */
export { LayerConfigError } from './errors.js';
export { type Json, type JsonObject, type Shape, formatKerasShape } from './config.js';
export { autoName, clearSession, getUid, toSnakeCase } from './naming.js';
export { setRandomSeed } from './random.js';
export { dtypePolicyConfig, DTYPE_POLICIES } from './dtype.js';
export {
  getActivation, serializeActivation, activationNames,
  type Activation as ActivationFunction, type ActivationForward, type GetActivationOptions,
} from './activations.js';
export {
  Initializer, VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal,
  Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, Orthogonal, Identity,
  getInitializer, serializeInitializer, initializerNames, computeFans, type SeedOptions,
} from './initializers.js';
export { Regularizer, l1, l2, l1l2, getRegularizer, serializeRegularizer } from './regularizers.js';
export {
  Loss, getLoss, serializeLoss, lossNames, resolveCrossentropy, type LossOptions, type LossForward,
} from './losses.js';
export { Metric, LossTracker, getMetric, metricNames } from './metrics.js';
export {
  ACTIVATION_GRADIENTS, LOSS_GRADIENTS, EPSILON, ONE_MINUS_EPSILON, regularizerBackward, denseBackward, dropoutBackward,
  type ActivationBackward, type LossBackward, type LossParams,
} from './gradients.js';
export { Layer, type LayerOptions, type LayerBuffers, type CallOptions, type BuildOptions } from './layers/layer.js';
export { type FromConfigOptions } from './layers/base-config.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { InputLayer, type InputLayerOptions } from './layers/input-layer.js';
export { Activation, type ActivationOptions } from './layers/activation.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { Flatten, type FlattenOptions } from './layers/flatten.js';
export { Reshape, type ReshapeOptions } from './layers/reshape.js';
export { serializeLayer, deserializeLayer, supportedLayerClasses, type DeserializeLayerOptions } from './serialization.js';
export {
  Sequential, type SequentialOptions, type FitOptions, type EvaluateOptions, type LoopOptions, type SummaryOptions,
  type ProgressEvent, type Verbosity, type SequentialFromConfigOptions,
} from './model/sequential.js';
export { type CompileOptions } from './model/compile.js';
export {
  Callback, History, EarlyStopping, ProgbarLogger, CallbackList,
  type CallbackHooks, type CallbackParams, type Logs, type EarlyStoppingOptions, type CallbackModel,
} from './model/callbacks.js';
export { Progbar, defaultSink, type ProgressSink } from './model/progress.js';
export { renderSummary, type SummaryRow, type SummaryTotals } from './model/summary.js';
export { type ModelInput } from './model/data.js';
