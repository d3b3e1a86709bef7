/**
 * Keras model files: whole models (legacy `.h5`), weights (legacy layout and
 * Keras 3's `.weights.h5`), and the architecture as JSON and YAML, across
 * Keras 1, 2 and 3. Re-exports only.
 */
export { KerasFormatError } from './errors.js';
export {
  loadModel, loadModelAsync, loadModelBytes, saveModelBytes, saveModelSegments, saveModelToPath as saveModel, saveWeightsToPath as saveWeights,
  loadWeightsFrom as loadWeights, modelToJson, modelFromJson, modelToYaml, modelFromYaml,
  type FileSource, type LoadModelOptions, type SaveModelOptions, type SaveWeightsToPathOptions, type ModelFromJsonOptions,
} from './model-io.js';
export {
  saveWeightsBytes, saveWeightsSegments, loadWeightsBytes, KERAS_FORMAT_VERSION,
  type LoadWeightsOptions, type SaveWeightsOptions,
} from './weights-files.js';
export { translateModelConfig, detectEra, type TranslatedModel } from './model-configs.js';
export { SUPPORTED_LAYER_CLASSES, type KerasEra } from './layer-configs.js';
export { FileIoError } from '../node/index.js';
