/**
 * Keras's `Dense`: `activation(x·kernel + bias)` over the last axis, with a
 * kernel of shape `[input_dim, units]` and a bias of `[units]`.
 */
import { getActivation, serializeActivation, type Activation } from '../activations.js';
import { ConfigReader, checkNumber, type JsonObject, type Shape } from '../config.js';
import { LayerConfigError } from '../errors.js';
import { denseBackward, regularizerBackward } from '../gradients.js';
import { getInitializer, serializeInitializer, type Initializer } from '../initializers.js';
import { denseForward } from '../kernels.js';
import { getRegularizer, serializeRegularizer, type Regularizer } from '../regularizers.js';
import type { FromConfigOptions } from './base-config.js';
import { readBaseOptions } from './base-config.js';
import { Layer, type LayerBuffers, type LayerOptions } from './layer.js';

const EMPTY = new Float32Array(0);

/** Options for {@link Dense}. */
export interface DenseOptions extends LayerOptions {
  /** Output size (positive integer). Required. */
  units: number;
  /** Activation name or object. Default none (`linear`). */
  activation?: string | Activation | null;
  /** Whether to add a bias. Default true. */
  useBias?: boolean;
  /** Default `glorot_uniform`. */
  kernelInitializer?: string | Initializer | JsonObject;
  /** Default `zeros`. */
  biasInitializer?: string | Initializer | JsonObject;
  /** Penalty on the kernel (L1/L2/L1L2). Default none. */
  kernelRegularizer?: Regularizer | string | JsonObject | null;
  /** Penalty on the bias. Default none. */
  biasRegularizer?: Regularizer | string | JsonObject | null;
}



/**
 * A densely connected layer.
 * @example new Dense({ units: 1, inputDim: 1 })
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  private linear: boolean;

  /**
   * @throws LayerConfigError with the Keras key as `configPath` (`units`, `activation`, …).
   */
  constructor(opts: DenseOptions) {
    super('Dense', opts);
    this.units = checkNumber(opts?.units, this.name, 'units', { integer: true, min: 1 });
    this.activation = getActivation(opts.activation, { layerName: this.name });
    this.linear = this.activation.key === 'linear';
    const useBias = opts.useBias ?? true;
    if (typeof useBias !== 'boolean') throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'use_bias', 'expected true or false');
    this.useBias = useBias;
    this.kernelInitializer = getInitializer(opts.kernelInitializer ?? 'glorot_uniform', this.name, 'kernel_initializer');
    this.biasInitializer = getInitializer(opts.biasInitializer ?? 'zeros', this.name, 'bias_initializer');
    this.kernelRegularizer = getRegularizer(opts.kernelRegularizer, this.name, 'kernel_regularizer');
    this.biasRegularizer = getRegularizer(opts.biasRegularizer, this.name, 'bias_regularizer');
  }

  /**
   * Builds from a Keras config dict (Keras 1, 2 or 3 keys).
   * @throws LayerConfigError naming the key path for bad or unknown keys.
   */
  static fromConfig(config: JsonObject, opts: FromConfigOptions = {}, path = ''): Dense {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const base = readBaseOptions(r);
    const units = r.number('units') ?? r.number('output_dim');
    if (units === undefined) throw new LayerConfigError('LAYER_BAD_CONFIG', r.layerName, r.at('units'), 'a Dense config needs units');
    const o: DenseOptions = { ...base, units };
    const act = r.raw('activation');
    o.activation = getActivation(act, { legacy: opts.legacyActivations, layerName: r.layerName, configPath: r.at('activation') });
    o.useBias = r.bool('use_bias', r.bool('bias', true));
    const ki = r.raw('kernel_initializer') ?? r.raw('init');
    if (ki !== undefined && ki !== null) o.kernelInitializer = getInitializer(ki, r.layerName, r.at(r.has('kernel_initializer') ? 'kernel_initializer' : 'init'));
    const bi = r.raw('bias_initializer');
    if (bi !== undefined && bi !== null) o.biasInitializer = getInitializer(bi, r.layerName, r.at('bias_initializer'));
    o.kernelRegularizer = getRegularizer(r.raw('kernel_regularizer') ?? r.raw('W_regularizer'), r.layerName, r.at('kernel_regularizer'));
    o.biasRegularizer = getRegularizer(r.raw('bias_regularizer') ?? r.raw('b_regularizer'), r.layerName, r.at('bias_regularizer'));
    for (const k of ['kernel_constraint', 'bias_constraint', 'W_constraint', 'b_constraint', 'quantization_config', 'lora_rank']) {
      if (r.has(k)) r.bad(k, `${k} is not supported (expected null)`);
    }
    r.ignore('lora_alpha');
    r.done();
    try {
      return new Dense(o);
    } catch (e) {
      throw e instanceof LayerConfigError && path ? e.within(path) : e;
    }
  }

  computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length < 2) throw new LayerConfigError('LAYER_SHAPE', this.name, '', `Dense needs inputs of rank 2 or more, got rank ${inputShape.length}`);
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override createWeights(inputShape: Shape): void {
    const inDim = inputShape[inputShape.length - 1];
    if (inDim === null || inDim === undefined || inDim < 1) {
      throw new LayerConfigError('LAYER_SHAPE', this.name, '', 'the last dimension of the input to Dense must be known and positive');
    }
    this.addWeight('kernel', [inDim, this.units], (s, out) => this.kernelInitializer.fill(s, out));
    if (this.useBias) this.addWeight('bias', [this.units], (s, out) => this.biasInitializer.fill(s, out));
  }

  /** The kernel variable (after build). */
  get kernel() { return this.requireBuilt().vars[0]!; }
  /** The bias variable (after build), or undefined without bias. */
  get bias() { return this.useBias ? this.requireBuilt().vars[1] : undefined; }

  override allocate(batch: number, training: boolean): LayerBuffers {
    const rows = (batch * this.inputSize) / this.inputShape![this.inputShape!.length - 1]!;
    const out = new Float32Array(rows * this.units);
    return {
      out,
      dx: training ? new Float32Array(batch * this.inputSize) : EMPTY,
      aux: this.linear ? out : new Float32Array(rows * this.units),
    };
  }

  forward(x: Float32Array, batch: number, buf: LayerBuffers, _training: boolean): Float32Array {
    const k = this.vars[0]!.value.shape[0]!;
    const n = this.units;
    const m = (batch * this.inputSize) / k;
    const z = buf.aux;
    denseForward(x, this.vars[0]!.value.data, this.useBias ? this.vars[1]!.value.data : null, m, k, n, z);
    if (!this.linear) this.activation.forward(z, buf.out, m, n);
    return buf.out;
  }

  backward(x: Float32Array, y: Float32Array, dy: Float32Array, batch: number, buf: LayerBuffers, grads: readonly Float32Array[], needDx: boolean): Float32Array | null {
    const W = this.vars[0]!.value.data;
    const k = this.vars[0]!.value.shape[0]!;
    const n = this.units;
    const m = (batch * this.inputSize) / k;
    // dz overwrites dy (the next layer's or the loss's buffer, not needed afterwards).
    if (!this.linear) this.activation.backward(buf.aux, y, dy, dy, m, n);
    const frozen = grads.length === 0;
    denseBackward(x, dy, W, m, k, n, frozen ? null : grads[0]!, frozen || !this.useBias ? null : grads[1]!, needDx ? buf.dx : null);
    if (!frozen) {
      if (this.kernelRegularizer) regularizerBackward(W, this.kernelRegularizer, 1, grads[0]!);
      if (this.useBias && this.biasRegularizer) regularizerBackward(this.vars[1]!.value.data, this.biasRegularizer, 1, grads[1]!);
    }
    return needDx ? buf.dx : null;
  }

  /** The weight-regularization loss (kernel, then bias), float32. */
  override regularizationLoss(): number {
    if (!this.trainable) return 0;
    let s = 0;
    if (this.kernelRegularizer) s = Math.fround(s + this.kernelRegularizer.value(this.vars[0]!.value.data));
    if (this.useBias && this.biasRegularizer) s = Math.fround(s + this.biasRegularizer.value(this.vars[1]!.value.data));
    return s;
  }

  getConfig(): JsonObject {
    return {
      ...this.baseConfig(),
      units: this.units,
      activation: serializeActivation(this.activation, this.name),
      use_bias: this.useBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      kernel_regularizer: this.kernelRegularizer ? serializeRegularizer(this.kernelRegularizer) : null,
      bias_regularizer: this.biasRegularizer ? serializeRegularizer(this.biasRegularizer) : null,
      kernel_constraint: null,
      bias_constraint: null,
      quantization_config: null,
    };
  }
}


