/**
 * The base of every layer, with Keras's lifecycle: the constructor
 * validates and stores the config; `build(inputShape)` creates the weights;
 * `call` runs it; `computeOutputShape`; `getConfig` returns Keras 3's
 * `get_config()` dict.
 *
 * Inside a model, layers run through the engine methods `forward` /
 * `backward` on preallocated Float32Arrays (see `LayerBuffers`), so a
 * training step on a fixed batch size allocates nothing after the first.
 */
import { Tensor, Variable } from '../../tensor/index.js';
import { checkNumber, formatKerasShape, readShape, type JsonObject, type Shape } from '../config.js';
import { dtypePolicyConfig, readDtype } from '../dtype.js';
import { LayerConfigError, describe } from '../errors.js';
import { autoName } from '../naming.js';
import { getRegularizer, serializeRegularizer, type Regularizer } from '../regularizers.js';

/** Options every layer takes (Keras's base-layer keyword arguments). */
export interface LayerOptions {
  /** The layer name. Default: Keras 3's automatic name (`dense`, `dense_1`, …). */
  name?: string;
  /** Whether its weights are trained. Default true. */
  trainable?: boolean;
  /** Dtype policy name (`float32`; other float policies are kept in the config, computation stays float32). */
  dtype?: string;
  /** Shape of one sample (without the batch), for a model's first layer. */
  inputShape?: readonly (number | null)[];
  /** Shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
  /** Full input shape including the batch (Keras 2's `batch_input_shape`). */
  batchInputShape?: readonly (number | null)[];
  /** Keras 2's `batch_size` next to `inputShape`. */
  batchSize?: number | null;
  /** A penalty on the layer's outputs (divided by the batch size, as Keras 3). */
  activityRegularizer?: Regularizer | string | JsonObject | null;
}

/** A layer's per-batch-size working memory inside a model (owned by the engine). */
export interface LayerBuffers {
  /** The output (`batch × outputSize`), unless the layer passes its input through. */
  out: Float32Array;
  /** dL/dinput (`batch × inputSize`), when the layer needs its own. */
  dx: Float32Array;
  /** Layer-specific scratch (Dense: pre-activation; Dropout: the mask). */
  aux: Float32Array;
}

const EMPTY = new Float32Array(0);

/** Options for {@link Layer.build} (and the model builders that pass it on). */
export interface BuildOptions {
  /**
   * Run the initializers. With false, each variable is made with its shape
   * but no storage (nothing allocated, zeroed or drawn): for loaders that
   * supply the weights right after, by `setWeights` or by
   * `variable.assign(data, { adopt: true })`. The initializer objects are
   * kept, so `getConfig()` is unchanged. Until every weight is set,
   * predicting or training throws `WEIGHTS_NOT_SET`. Default true.
   */
  initializeWeights?: boolean;
}

/** Options for {@link Layer.call}. */
export interface CallOptions {
  /** Training mode (Dropout drops). Default false. */
  training?: boolean;
}

/** The base layer. Subclasses implement build, computeOutputShape, forward, backward and getConfig. */
export abstract class Layer {
  /** Keras's class name (`Dense`), as written in configs. */
  abstract readonly className: string;
  readonly name: string;
  /** Whether the optimizer updates this layer's weights. */
  trainable: boolean;
  /** The dtype policy name. */
  readonly dtype: string;
  /** The batch input shape asked for by inputShape/inputDim/batchInputShape, if any. */
  readonly batchInputShape: Shape | null;
  readonly activityRegularizer: Regularizer | null;
  built = false;
  /** The input shape it was built with (batch as null). */
  inputShape: Shape | null = null;
  /** Its output shape (batch as null), once built. */
  outputShape: Shape | null = null;
  protected readonly vars: Variable[] = [];
  /** The Keras 3 path prefix of its variables (`sequential/dense`), set by the owning model. */
  pathPrefix: string;

  constructor(className: string, opts: LayerOptions = {}) {
    const name = opts.name ?? autoName(className);
    if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
      throw new LayerConfigError('LAYER_BAD_VALUE', String(name), 'name', `expected a non-empty name without '/', got ${describe(name)}`);
    }
    this.name = name;
    const trainable = opts.trainable ?? true;
    if (typeof trainable !== 'boolean') throw new LayerConfigError('LAYER_BAD_VALUE', name, 'trainable', `expected true or false, got ${describe(trainable)}`);
    this.trainable = trainable;
    this.dtype = readDtype(opts.dtype, name, 'dtype');
    this.batchInputShape = resolveInputShapeArgs(opts, name);
    this.activityRegularizer = getRegularizer(opts.activityRegularizer, name, 'activity_regularizer');
    this.pathPrefix = name;
  }

  /** Its variables in Keras's order (Dense: kernel, then bias). */
  get weights(): Variable[] {
    return this.vars.slice();
  }

  /** The variables the optimizer updates (none when `trainable` is false). */
  get trainableWeights(): Variable[] {
    return this.trainable ? this.vars.filter((v) => v.trainable) : [];
  }

  /** The variables the optimizer leaves alone. */
  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.vars.filter((v) => !v.trainable) : this.vars.slice();
  }

  /**
   * Copies of the weight values, in `weights` order.
   * @throws LayerConfigError `WEIGHTS_NOT_SET` when it was built with `initializeWeights: false` and not given weights yet.
   */
  getWeights(): Tensor[] {
    this.checkWeightsSet();
    return this.vars.map((v) => v.value.clone());
  }

  /**
   * Sets the weights from tensors (or nested arrays) in `weights` order,
   * copying the values (use `variable.assign(data, { adopt: true })` on
   * `weights[i]` to hand over storage without a copy). This is also how a
   * layer built with `initializeWeights: false` gets its first values.
   * @throws LayerConfigError `WEIGHTS_MISMATCH` naming the weight when a count or shape differs.
   */
  setWeights(values: readonly (Tensor | Float32Array | number[] | number[][])[]): void {
    if (values.length !== this.vars.length) {
      throw new LayerConfigError('WEIGHTS_MISMATCH', this.name, '',
        `expected ${this.vars.length} weight${this.vars.length === 1 ? '' : 's'}${this.built ? '' : ' (the layer is not built yet)'}, got ${values.length}`);
    }
    const flat: Float32Array[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = this.vars[i]!;
      const src = toFlat(values[i]!);
      if (src.length !== v.size || (values[i] instanceof Tensor && !sameDims((values[i] as Tensor).shape, v.shape))) {
        const got = values[i] instanceof Tensor ? formatKerasShape((values[i] as Tensor).shape) : `${src.length} values`;
        throw new LayerConfigError('WEIGHTS_MISMATCH', this.name, v.name, `weight '${v.name}' has shape ${formatKerasShape(v.shape)}, got ${got}`);
      }
      flat.push(src);
    }
    // Checked all before writing any, so a mismatch leaves the layer as it was.
    for (let i = 0; i < flat.length; i++) this.vars[i]!.assign(flat[i]!);
  }

  /** Whether every weight has a value (false after a build with `initializeWeights: false`, until the weights are set). */
  get weightsSet(): boolean {
    const vars = this.vars;
    for (let i = 0; i < vars.length; i++) if (!vars[i]!.isSet) return false;
    return true;
  }

  /**
   * Throws unless every weight has a value.
   * @throws LayerConfigError `WEIGHTS_NOT_SET` naming the layer and (as configPath) the first weight without a value.
   */
  checkWeightsSet(): void {
    const vars = this.vars;
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i]!;
      if (!v.isSet) {
        throw new LayerConfigError('WEIGHTS_NOT_SET', this.name, v.name,
          `weight '${v.name}' has no value: the layer was built with initializeWeights: false, so its weights must be set (setWeights or loading) before it predicts or trains`);
      }
    }
  }

  /** The number of scalars in its weights. */
  countParams(): number {
    let n = 0;
    for (const v of this.vars) n += v.size;
    return n;
  }

  /**
   * Creates the weights for `inputShape` (batch as null) and records the
   * input and output shapes. Building twice with the same shape does nothing.
   *
   * With `initializeWeights: false` the variables are made without storage
   * and without running the initializers (see {@link BuildOptions}); the
   * layer must then get its weights before it predicts or trains.
   * @param inputShape the input shape, batch first (null for unknown).
   * @param opts `initializeWeights` (default true).
   * @throws LayerConfigError `LAYER_SHAPE` when the shape does not suit the layer.
   */
  build(inputShape: Shape, opts?: BuildOptions): void {
    if (this.built) return;
    const shape = readShape(inputShape, this.name, 'input_shape');
    this.inputShape = shape;
    this.outputShape = this.computeOutputShape(shape);
    this.initializing = opts === undefined || opts.initializeWeights !== false;
    try {
      this.createWeights(shape);
    } finally {
      this.initializing = true;
    }
    this.built = true;
  }

  /** Whether the build in progress runs initializers (see {@link build}). */
  private initializing = true;

  /** Creates the layer's variables (default: none). */
  protected createWeights(_inputShape: Shape): void {}

  /**
   * Adds a variable named as Keras names it, filled by `fill` (an
   * initializer); during a build with `initializeWeights: false` it is made
   * without storage and `fill` is not called.
   */
  protected addWeight(name: string, shape: readonly number[], fill: (shape: readonly number[], out: Float32Array) => void, trainable = true): Variable {
    const opts = { path: `${this.pathPrefix}/${name}`, trainable };
    let v: Variable;
    if (this.initializing) {
      const t = new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
      fill(shape, t.data);
      v = new Variable(t, name, opts);
    } else {
      v = Variable.unset(shape, name, opts);
    }
    this.vars.push(v);
    return v;
  }

  /** Sets the path prefix of its variables (`sequential/dense`), as Keras 3 scopes them. */
  setPathPrefix(prefix: string): void {
    this.pathPrefix = prefix;
    for (const v of this.vars) v.path = `${prefix}/${v.name}`;
  }

  /** The output shape for an input shape (batch as null). */
  abstract computeOutputShape(inputShape: Shape): Shape;

  /** Per-sample input size (product of the non-batch input dims). */
  get inputSize(): number {
    return sampleSize(this.requireBuilt().inputShape!);
  }

  /** Per-sample output size. */
  get outputSize(): number {
    return sampleSize(this.requireBuilt().outputShape!);
  }

  protected requireBuilt(): this {
    if (!this.built) throw new LayerConfigError('LAYER_NOT_BUILT', this.name, '', 'the layer is not built yet (call build(inputShape) or use it in a model with a known input shape)');
    return this;
  }

  /** Whether the output is the input itself (Flatten, Reshape, InputLayer; Dropout at inference). */
  passesThrough(_training: boolean): boolean {
    return false;
  }

  /**
   * Buffers this layer needs for a batch of `batch` samples: with
   * `training` false only what {@link forward} writes (inference), with true
   * also what {@link backward} needs.
   */
  allocate(batch: number, training: boolean): LayerBuffers {
    return { out: new Float32Array(batch * this.outputSize), dx: training ? new Float32Array(batch * this.inputSize) : EMPTY, aux: EMPTY };
  }

  /**
   * Engine forward pass: reads `x` (`batch × inputSize`), returns the output
   * (`buf.out`, or `x` for pass-through layers).
   */
  abstract forward(x: Float32Array, batch: number, buf: LayerBuffers, training: boolean): Float32Array;

  /**
   * Engine backward pass. `x` is the forward input, `y` the forward output,
   * `dy` = dL/dy (the layer may overwrite it). Writes weight gradients into
   * `grads` (one array per variable, in `weights` order; empty when frozen)
   * and returns dL/dx, or null when `needDx` is false.
   */
  abstract backward(x: Float32Array, y: Float32Array, dy: Float32Array, batch: number, buf: LayerBuffers, grads: readonly Float32Array[], needDx: boolean): Float32Array | null;

  /**
   * Runs the layer on a tensor (building it first if needed), outside any
   * model. Allocates its result.
   * @throws ShapeError / LayerConfigError when the input does not fit; LayerConfigError `WEIGHTS_NOT_SET` (see {@link build}).
   */
  call(x: Tensor, opts: CallOptions = {}): Tensor {
    const shape: (number | null)[] = [null, ...x.shape.slice(1)];
    if (!this.built) this.build(shape);
    this.checkWeightsSet();
    const want = this.inputShape!;
    if (x.shape.length !== want.length || want.some((d, i) => i > 0 && d !== null && d !== x.shape[i])) {
      throw new LayerConfigError('LAYER_SHAPE', this.name, '', `expected input shape ${formatKerasShape(want)}, got ${formatKerasShape(x.shape)}`);
    }
    const batch = x.shape[0] ?? 1;
    const training = opts.training === true;
    const buf = this.allocate(batch, training);
    const out = this.forward(x.data, batch, buf, training);
    const outShape = [batch, ...this.outputShape!.slice(1).map((d) => d ?? 0)];
    return new Tensor(out === x.data ? out.slice() : out, outShape);
  }

  /** The weight-regularization penalty of its trainable weights (float32); 0 by default. */
  regularizationLoss(): number {
    return 0;
  }

  /** Keras's base-layer config: name, trainable, dtype (+ activity_regularizer when set). */
  protected baseConfig(): JsonObject {
    const c: JsonObject = { name: this.name, trainable: this.trainable, dtype: dtypePolicyConfig(this.dtype) };
    if (this.activityRegularizer) c.activity_regularizer = serializeRegularizer(this.activityRegularizer);
    return c;
  }

  /** Keras 3's `get_config()`: snake_case keys, Keras's defaults and order. */
  abstract getConfig(): JsonObject;

  /** The build config Keras 3 writes next to the layer config (`{input_shape}`), or null when unbuilt. */
  getBuildConfig(): JsonObject | null {
    return this.built && this.inputShape ? { input_shape: this.inputShape.slice() } : null;
  }

  toString(): string {
    return `<${this.className} name=${this.name}, built=${this.built}>`;
  }
}

/** Product of the non-batch dims (unknown dims count as 0). */
export function sampleSize(shape: Shape): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i] ?? 0;
  return n;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function toFlat(v: Tensor | Float32Array | number[] | number[][]): Float32Array {
  if (v instanceof Tensor) return v.data;
  if (v instanceof Float32Array) return v;
  const out: number[] = [];
  const walk = (a: unknown): void => {
    if (Array.isArray(a)) for (const x of a) walk(x);
    else out.push(a as number);
  };
  walk(v);
  return Float32Array.from(out);
}

/** Keras's input_dim / input_shape (+ batch_size) / batch_input_shape → a batch input shape. */
function resolveInputShapeArgs(opts: LayerOptions, name: string): Shape | null {
  if (opts.batchInputShape !== undefined && opts.batchInputShape !== null) {
    return readShape(opts.batchInputShape, name, 'batch_input_shape');
  }
  const batch = opts.batchSize ?? null;
  if (batch !== null) checkNumber(batch, name, 'batch_size', { integer: true, min: 1 });
  if (opts.inputDim !== undefined && opts.inputDim !== null) {
    const d = checkNumber(opts.inputDim, name, 'input_dim', { integer: true, min: 1 });
    return [batch, d];
  }
  if (opts.inputShape !== undefined && opts.inputShape !== null) {
    return [batch, ...readShape(opts.inputShape, name, 'input_shape')];
  }
  return null;
}
