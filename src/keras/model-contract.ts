/**
 * What the file formats need of a model and its layers. The model classes
 * live in src/nn; this structural view keeps the formats independent of
 * their internals.
 */
import type { Variable } from '../tensor/index.js';
import type { Optimizer } from '../optim/index.js';

/** A layer as the weight files see it. */
export interface LayerLike {
  /** Keras's class name (`Dense`). */
  readonly className: string;
  /** The layer name, unique in its model. */
  readonly name: string;
  /** Variables in Keras's order (Dense: kernel, bias). */
  readonly weights: Variable[];
  /** Variables the optimizer updates. */
  readonly trainableWeights: Variable[];
  /** Variables the optimizer leaves alone. */
  readonly nonTrainableWeights: Variable[];
}

/** A model as the weight files see it. */
export interface ModelLike {
  /** The model name (`sequential`). */
  readonly name: string;
  /** Its layers in order, without the InputLayer (Keras 3's `model.layers`). */
  readonly layers: readonly LayerLike[];
  /** The optimizer once compiled, else null/undefined. */
  readonly optimizer?: Optimizer | null;
}

/** Keras's legacy weight order: trainable weights, then non-trainable ones. */
export function legacyWeights(layer: LayerLike): Variable[] {
  return [...layer.trainableWeights, ...layer.nonTrainableWeights];
}

/** The model's layers without any InputLayer. */
export function modelLayers(model: ModelLike): LayerLike[] {
  return model.layers.filter((l) => l.className !== 'InputLayer');
}

/** The model's trainable variables in Keras's order (layer by layer). */
export function trainableVariables(model: ModelLike): Variable[] {
  return modelLayers(model).flatMap((l) => l.trainableWeights);
}
