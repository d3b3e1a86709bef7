/** Keras's `Activation` layer: applies an activation function elementwise (softmax over the last axis). */
import { getActivation, serializeActivation, type Activation as ActivationFn } from '../activations.js';
import { ConfigReader, type JsonObject, type Shape } from '../config.js';
import { LayerConfigError } from '../errors.js';
import type { FromConfigOptions } from './base-config.js';
import { readBaseOptions } from './base-config.js';
import { Layer, type LayerBuffers, type LayerOptions } from './layer.js';

/** Options for {@link Activation}. */
export interface ActivationOptions extends LayerOptions {
  /** The activation name (`'relu'`, …) or object. Required. */
  activation: string | ActivationFn;
}

const EMPTY = new Float32Array(0);

/**
 * Applies an activation.
 * @example new Activation({ activation: 'softmax' })
 */
export class Activation extends Layer {
  readonly className = 'Activation';
  readonly activation: ActivationFn;

  constructor(opts: ActivationOptions) {
    super('Activation', opts);
    if (opts?.activation === undefined) throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'activation', 'an Activation layer needs an activation');
    this.activation = getActivation(opts.activation, { layerName: this.name });
  }

  static fromConfig(config: JsonObject, opts: FromConfigOptions = {}, path = ''): Activation {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const base = readBaseOptions(r);
    const activation = getActivation(r.raw('activation'), { legacy: opts.legacyActivations, layerName: r.layerName, configPath: r.at('activation') });
    r.done();
    return new Activation({ ...base, activation });
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override allocate(batch: number, _training: boolean): LayerBuffers {
    return { out: new Float32Array(batch * this.inputSize), dx: EMPTY, aux: EMPTY };
  }

  forward(x: Float32Array, batch: number, buf: LayerBuffers): Float32Array {
    const cols = this.inputShape![this.inputShape!.length - 1] ?? 1;
    this.activation.forward(x, buf.out, (batch * this.inputSize) / cols, cols);
    return buf.out;
  }

  backward(x: Float32Array, y: Float32Array, dy: Float32Array, batch: number, _buf: LayerBuffers, _grads: readonly Float32Array[], needDx: boolean): Float32Array | null {
    if (!needDx) return null;
    const cols = this.inputShape![this.inputShape!.length - 1] ?? 1;
    this.activation.backward(x, y, dy, dy, (batch * this.inputSize) / cols, cols);
    return dy;
  }

  /** Keras 3 builds this layer in its constructor, so it writes no build config. */
  override getBuildConfig(): JsonObject | null {
    return null;
  }

  getConfig(): JsonObject {
    return { ...this.baseConfig(), activation: serializeActivation(this.activation, this.name) };
  }
}
