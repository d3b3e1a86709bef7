/**
 * Keras's `InputLayer`: declares a model's input shape and passes data
 * through. Keras 3 adds one to a Sequential whose first layer got
 * `input_shape`/`input_dim`, and it is not listed in `model.layers`.
 */
import { ConfigReader, readShape, type JsonObject, type Shape } from '../config.js';
import { readDtype } from '../dtype.js';
import { LayerConfigError } from '../errors.js';
import { Layer, type LayerBuffers } from './layer.js';

/** Options for {@link InputLayer}: `shape` (one sample) or `batchShape` (with the batch). */
export interface InputLayerOptions {
  /** Shape of one sample, without the batch. */
  shape?: readonly (number | null)[];
  /** Fixed batch size to go with `shape`. Default null (any). */
  batchSize?: number | null;
  /** Full shape including the batch. */
  batchShape?: readonly (number | null)[];
  /** Default `float32`. */
  dtype?: string;
  /** Default: `input_layer`, `input_layer_1`, … */
  name?: string;
}

const EMPTY = new Float32Array(0);

/**
 * The input of a model.
 * @example new InputLayer({ shape: [784] })
 */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  /** The full input shape, batch first (`[null, 784]`). */
  readonly batchShape: Shape;

  /**
   * @throws LayerConfigError `LAYER_BAD_VALUE` at `shape`/`batch_shape` when neither or both are given or a size is invalid.
   */
  constructor(opts: InputLayerOptions) {
    const o = opts ?? {};
    super('InputLayer', { name: o.name, dtype: o.dtype });
    if (o.shape && o.batchShape) throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'batch_shape', 'pass either shape or batch_shape, not both');
    if (o.batchShape) {
      this.batchShape = readShape(o.batchShape, this.name, 'batch_shape');
      if (this.batchShape.length === 0) throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'batch_shape', 'batch_shape needs at least the batch dimension');
    } else if (o.shape) {
      this.batchShape = [o.batchSize ?? null, ...readShape(o.shape, this.name, 'shape')];
    } else {
      throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'shape', 'an InputLayer needs shape or batch_shape');
    }
    this.build(this.batchShape);
  }

  /** Reads Keras 3's config (`batch_shape`) or Keras 1/2's (`batch_input_shape`). */
  static fromConfig(config: JsonObject, _opts: object = {}, path = ''): InputLayer {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const batchShape = r.shape('batch_shape') ?? r.shape('batch_input_shape');
    const shape = r.shape('shape') ?? r.shape('input_shape');
    const name = r.string('name');
    const dtype = readDtype(r.raw('dtype'), name ?? '', r.at('dtype'));
    if (r.bool('sparse', false)) r.bad('sparse', 'sparse inputs are not supported');
    if (r.bool('ragged', false)) r.bad('ragged', 'ragged inputs are not supported');
    if (r.bool('optional', false)) r.bad('optional', 'optional inputs are not supported');
    r.ignore('trainable', 'input_dtype');
    const batchSize = r.number('batch_size');
    r.done();
    try {
      return new InputLayer({ name, dtype, batchShape, shape, batchSize });
    } catch (e) {
      throw e instanceof LayerConfigError && path ? e.within(path) : e;
    }
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override passesThrough(): boolean {
    return true;
  }

  override allocate(): LayerBuffers {
    return { out: EMPTY, dx: EMPTY, aux: EMPTY };
  }

  forward(x: Float32Array): Float32Array {
    return x;
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array): Float32Array {
    return dy;
  }

  getConfig(): JsonObject {
    return { batch_shape: this.batchShape.slice(), dtype: this.dtype, sparse: false, ragged: false, name: this.name, optional: false };
  }

  override getBuildConfig(): JsonObject | null {
    return null;
  }
}
