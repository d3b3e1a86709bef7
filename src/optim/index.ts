export { OptimizerError } from './errors.js';
export { Optimizer, type OptimizerOptions, type WeightDecayExclusions, type BaseSettings } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW, type AdamWOptions } from './adamw.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { Nadam, type NadamOptions } from './nadam.js';
export { Lion, type LionOptions } from './lion.js';
export { Ftrl, type FtrlOptions } from './ftrl.js';
export {
  getOptimizer, serializeOptimizer, optimizerFromConfig, OPTIMIZER_MODULE,
  type SerializedOptimizer, type OptimizerConfig, type GetOptimizerOptions,
} from './registry.js';
export { resetOptimizerNames } from './naming.js';
export { optimizerToPythonJson, pythonFloatRepr, type PythonJsonOptions } from './python-json.js';
export * from './schedules/index.js';
