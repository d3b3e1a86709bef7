/**
 * Reading the base-layer keys every Keras layer config may hold (Keras 1, 2
 * and 3 spellings) into {@link LayerOptions}.
 */
import type { ConfigReader } from '../config.js';
import { readDtype } from '../dtype.js';
import type { LayerOptions } from './layer.js';

/** Options for reading a layer config. */
export interface FromConfigOptions {
  /** Resolve activations as Keras 1/2 defined them (`hard_sigmoid`). Default false. */
  legacyActivations?: boolean;
}

/**
 * Reads name, trainable, dtype, activity_regularizer and the input-shape
 * keys (`batch_input_shape`, `input_shape`, `input_dim`, `batch_size`).
 */
export function readBaseOptions(r: ConfigReader): LayerOptions {
  const opts: LayerOptions = {};
  const name = r.string('name');
  if (name !== undefined) opts.name = name;
  opts.trainable = r.bool('trainable', true);
  opts.dtype = readDtype(r.raw('dtype'), name ?? r.layerName, r.at('dtype'));
  const bis = r.shape('batch_input_shape');
  if (bis) opts.batchInputShape = bis;
  const is = r.shape('input_shape');
  if (is) opts.inputShape = is;
  const dim = r.number('input_dim');
  if (dim !== undefined) opts.inputDim = dim;
  const bs = r.number('batch_size');
  if (bs !== undefined) opts.batchSize = bs;
  if (r.has('activity_regularizer')) opts.activityRegularizer = r.raw('activity_regularizer') as LayerOptions['activityRegularizer'];
  // Keras 1 wrote these; Keras 3's legacy loader drops them as well.
  r.ignore('input_dtype', 'sparse', 'ragged');
  return opts;
}
