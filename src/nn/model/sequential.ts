/**
 * Keras's `Sequential` model: a stack of layers with Keras 3's lifecycle
 * (an InputLayer added in front when the first layer declares an input
 * shape; weights created as soon as the input shape is known), compile,
 * trainOnBatch / testOnBatch / predictOnBatch, fit with callbacks and
 * progress output, evaluate, predict, summary, and Keras 3's config.
 *
 * Numbers follow Keras 3 on JAX: float32 values, losses reduced with
 * `sum_over_batch_size`, metrics as float32 running means, train_on_batch
 * returning the loss alone or `[loss, ...metrics]` in compile order, logs
 * (fit, History, callbacks) keyed in sorted order as JAX returns them.
 */
import { Tensor, type Variable } from '../../tensor/index.js';
import type { Optimizer } from '../../optim/index.js';
import {
  loadWeightsFrom, modelToJson, modelToYaml, saveModelToPath, saveWeightsToPath, type LoadWeightsOptions,
  type SaveModelOptions, type SaveWeightsToPathOptions,
} from '../../keras/model-io.js';
import { formatKerasShape, isJsonObject, readShape, type JsonObject, type Shape } from '../config.js';
import { dtypePolicyConfig, readDtype } from '../dtype.js';
import { LayerConfigError, describe } from '../errors.js';
import { InputLayer } from '../layers/input-layer.js';
import { Layer, type BuildOptions } from '../layers/layer.js';
import { resolveCrossentropy, type Loss } from '../losses.js';
import { getMetric, LossTracker, type Metric } from '../metrics.js';
import { autoName } from '../naming.js';
import { randomStream } from '../random.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { Callback, CallbackList, History, ProgbarLogger, type CallbackHooks, type CallbackModel, type Logs } from './callbacks.js';
import { compileConfigOf, resolveCompile, type CompileOptions, type CompiledState } from './compile.js';
import { DataSlot, type ModelInput } from './data.js';
import { Engine } from './engine.js';
import { defaultSink, type ProgressSink } from './progress.js';
import { renderSummary, withCommas, type SummaryRow } from './summary.js';
import { gatherRows, nonNegativeInt, positiveInt, progressCallback, verbosity } from './loop-helpers.js';
import {
  PREDICT_CHUNK_ROWS, type EvaluateOptions, type FitOptions, type LoopOptions, type ProgressEvent, type SequentialFromConfigOptions,
  type SequentialOptions, type SummaryOptions,
} from './options.js';

export type {
  EvaluateOptions, FitOptions, LoopOptions, ProgressEvent, SequentialFromConfigOptions, SequentialOptions, SummaryOptions,
} from './options.js';
export type { Verbosity } from './options.js';

/**
 * A linear stack of layers.
 * @example
 * const model = new Sequential();
 * model.add(new Dense({ units: 1, inputDim: 1 }));
 * model.compile({ loss: 'mse', optimizer: 'sgd' });
 * const cost = model.trainOnBatch(xTrain, yTrain);
 */
export class Sequential implements CallbackModel {
  readonly className = 'Sequential';
  readonly name: string;
  private trainableFlag: boolean;
  /** Set by callbacks (EarlyStopping) to end `fit` after the current epoch. */
  stopTraining = false;
  /** The History of the last `fit`. */
  history: History | null = null;

  private stack: Layer[] = [];
  private compiled: CompiledState | null = null;
  private engine: Engine | null = null;
  private metricObjs: Metric[] | null = null;
  private readonly lossTracker = new LossTracker();
  private resolvedLoss: Loss | null = null;
  /** Log keys in sorted order, once metrics exist. */
  private logKeys: string[] = [];
  private readonly xSlot = new DataSlot('x');
  private readonly ySlot = new DataSlot('y');
  /** Samples in the x read last. */
  private xBatch = 0;
  /** Cached `built` (checked on every step). */
  private isBuilt = false;
  /** Whether every layer's weights were found set (checked once per layer change; see BuildOptions). */
  private weightsReady = false;
  /** Passed to each layer's build (set by `build(shape, opts)` and `fromConfig` while they run). */
  private buildOptions: BuildOptions | undefined = undefined;
  private inputBatchShape: Shape | null = null;

  /**
   * @param layers layers to add, in order.
   * @throws LayerConfigError as {@link add}.
   */
  constructor(layers?: readonly Layer[] | null, opts: SequentialOptions = {}) {
    const name = opts.name ?? autoName('Sequential');
    if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
      throw new LayerConfigError('LAYER_BAD_VALUE', String(name), 'name', `expected a non-empty name without '/', got ${describe(name)}`);
    }
    this.name = name;
    this.trainableFlag = opts.trainable ?? true;
    if (layers) {
      for (const l of layers) this.add(l, false);
      this.maybeRebuild();
    }
  }

  // ─── layers ───────────────────────────────────────────────────────────────

  /** Whether the model trains; setting it sets every layer's `trainable`, as Keras 3 does. */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(value: boolean) {
    this.trainableFlag = value;
    for (const l of this.stack) l.trainable = value;
    this.invalidate();
  }

  /** The layers, without the InputLayer (as Keras's `model.layers`). */
  get layers(): Layer[] {
    return this.stack[0] instanceof InputLayer ? this.stack.slice(1) : this.stack.slice();
  }

  /** Whether the model knows its input shape and has created its weights. */
  get built(): boolean {
    return this.stack.length > 1 && this.stack[0] instanceof InputLayer && this.stack.every((l) => l.built);
  }

  /**
   * Adds a layer on top. A first layer with `inputShape`/`inputDim`/
   * `batchInputShape` brings an InputLayer in front, and the model is built
   * at once, as Keras 3 does.
   * @throws LayerConfigError `MODEL_BAD_ARGUMENT` (not a layer, or a second InputLayer),
   *   `MODEL_DUPLICATE_NAME`, `LAYER_SHAPE` (the layer does not fit the previous output).
   */
  add(layer: Layer, rebuild = true): void {
    if (!(layer instanceof Layer)) throw new LayerConfigError('MODEL_BAD_ARGUMENT', this.name, 'layer', `only layers can be added to a Sequential model, got ${describe(layer)}`);
    if (this.stack.length === 0 && !(layer instanceof InputLayer) && layer.batchInputShape) {
      this.add(new InputLayer({ batchShape: layer.batchInputShape }), false);
    }
    if (this.stack.some((l) => l.name === layer.name && l !== layer)) {
      throw new LayerConfigError('MODEL_DUPLICATE_NAME', layer.name, 'name',
        `all layers added to a Sequential model should have unique names; '${layer.name}' is already in '${this.name}'`);
    }
    if (layer instanceof InputLayer && this.stack[0] instanceof InputLayer) {
      throw new LayerConfigError('MODEL_BAD_ARGUMENT', this.name, 'layer',
        `Sequential model '${this.name}' already has input shape ${formatKerasShape((this.stack[0] as InputLayer).batchShape)}; you cannot add another InputLayer`);
    }
    this.stack.push(layer);
    this.invalidate();
    if (rebuild) this.maybeRebuild();
  }

  /** Removes and returns the last layer. */
  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new LayerConfigError('MODEL_NO_LAYER', this.name, '', 'there are no layers to remove');
    this.invalidate();
    this.maybeRebuild();
    return l;
  }

  private invalidate(): void {
    this.isBuilt = this.built;
    this.weightsReady = false;
    this.inputBatchShape = this.isBuilt ? (this.stack[0] as InputLayer).batchShape : null;
    this.engine = null;
    this.metricObjs = null;
    this.resolvedLoss = null;
  }

  private maybeRebuild(): void {
    if (this.stack[0] instanceof InputLayer && this.stack.length > 1) this.buildFrom((this.stack[0] as InputLayer).batchShape);
  }

  /**
   * Builds every layer for `inputShape` (batch first, null allowed), adding
   * an InputLayer when there is none. Variables get Keras 3 paths
   * (`sequential/dense/kernel`).
   * @param inputShape batch first, null for unknown dimensions.
   * @param opts `initializeWeights` (default true): false builds the
   *   variables without storage or initializers, for a loader that sets the
   *   weights next (see {@link BuildOptions}).
   * @throws LayerConfigError `MODEL_NO_LAYER` without layers, `LAYER_SHAPE` on a mismatch.
   */
  build(inputShape: readonly (number | null)[], opts?: BuildOptions): void {
    const saved = this.buildOptions;
    if (opts !== undefined) this.buildOptions = opts;
    try {
      this.buildWith(inputShape);
    } finally {
      this.buildOptions = saved;
    }
  }

  private buildWith(inputShape: readonly (number | null)[]): void {
    const shape = readShape(inputShape, this.name, 'input_shape');
    if (this.layers.length === 0) throw new LayerConfigError('MODEL_NO_LAYER', this.name, '', `Sequential model ${this.name} cannot be built because it has no layers`);
    const first = this.stack[0];
    if (first instanceof InputLayer) {
      const bs = first.batchShape;
      if (bs.length !== shape.length || bs.some((d, i) => d !== shape[i])) {
        throw new LayerConfigError('LAYER_SHAPE', this.name, 'input_shape',
          `the model already has input shape ${formatKerasShape(bs)}; cannot build it with ${formatKerasShape(shape)}`);
      }
    } else {
      this.stack.unshift(new InputLayer({ batchShape: shape }));
    }
    this.buildFrom(shape);
  }

  private buildFrom(shape: Shape): void {
    let s = shape;
    for (let i = 1; i < this.stack.length; i++) {
      const layer = this.stack[i]!;
      if (!layer.built) {
        layer.setPathPrefix(`${this.name}/${layer.name}`);
        layer.build(s, this.buildOptions);
      } else {
        const want = layer.inputShape!;
        if (want.length !== s.length || want.some((d, j) => j > 0 && d !== null && s[j] !== null && d !== s[j])) {
          throw new LayerConfigError('LAYER_SHAPE', layer.name, 'input_shape',
            `layer '${layer.name}' was built for input shape ${formatKerasShape(want)} but receives ${formatKerasShape(s)}`);
        }
      }
      s = layer.computeOutputShape(s);
    }
    this.invalidate();
  }

  /**
   * A layer by name, or by index into `layers`.
   * @throws LayerConfigError `MODEL_NO_LAYER`.
   */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      const l = layers[nameOrIndex];
      if (!l) throw new LayerConfigError('MODEL_NO_LAYER', this.name, '', `was asked to retrieve layer at index ${nameOrIndex} but the model only has ${layers.length} layers`);
      return l;
    }
    const l = layers.find((x) => x.name === nameOrIndex);
    if (!l) throw new LayerConfigError('MODEL_NO_LAYER', this.name, '', `no such layer: ${nameOrIndex}. Existing layers are: ${layers.map((x) => x.name).join(', ')}`);
    return l;
  }

  /** The input shape, batch first (`[null, 1]`). @throws LayerConfigError `MODEL_NOT_BUILT`. */
  get inputShape(): Shape {
    const first = this.stack[0];
    if (!(first instanceof InputLayer)) throw new LayerConfigError('MODEL_NOT_BUILT', this.name, '', `Sequential model '${this.name}' has no defined input shape yet`);
    return first.batchShape.slice();
  }

  /** The output shape, batch first. @throws LayerConfigError `MODEL_NOT_BUILT`. */
  get outputShape(): Shape {
    if (!this.built) throw new LayerConfigError('MODEL_NOT_BUILT', this.name, '', `Sequential model '${this.name}' has no defined output shape yet`);
    return this.stack[this.stack.length - 1]!.outputShape!.slice();
  }

  // ─── weights ──────────────────────────────────────────────────────────────

  /** All variables, layer by layer (kernel then bias). */
  get weights(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  /** The variables the optimizer updates. */
  get trainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  /** The variables it does not. */
  get nonTrainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.nonTrainableWeights);
  }

  /**
   * Copies of all weight values, in `weights` order.
   * @throws LayerConfigError `WEIGHTS_NOT_SET` for a model built with `initializeWeights: false` whose weights are not all set.
   */
  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  /**
   * Sets all weights, in `weights` order.
   * @throws LayerConfigError `WEIGHTS_MISMATCH` naming the layer and weight.
   */
  setWeights(values: readonly (Tensor | Float32Array | number[] | number[][])[]): void {
    const layers = this.layers;
    const total = layers.reduce((n, l) => n + l.weights.length, 0);
    if (values.length !== total) {
      throw new LayerConfigError('WEIGHTS_MISMATCH', this.name, '', `expected ${total} weight arrays, got ${values.length}`);
    }
    let k = 0;
    for (const l of layers) {
      const n = l.weights.length;
      l.setWeights(values.slice(k, k + n));
      k += n;
    }
  }

  /** The number of weight scalars. */
  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  // ─── compile ──────────────────────────────────────────────────────────────

  /**
   * Configures training: loss, optimizer (default `'rmsprop'`, as Keras) and metrics.
   * @throws LayerConfigError `UNKNOWN_LOSS` / `UNKNOWN_METRIC` / `MODEL_BAD_ARGUMENT`, or OptimizerError.
   */
  compile(opts: CompileOptions): void {
    this.compiled = resolveCompile(opts);
    this.invalidate();
  }

  /** The optimizer given to compile, or null. */
  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /** Whether compile was called. */
  get isCompiled(): boolean {
    return this.compiled !== null;
  }

  /**
   * Keras 3's `get_compile_config()`: optimizer (serialised), loss, loss_weights,
   * metrics as given, …; null before compile. Written to files as training_config.
   */
  get compileConfig(): JsonObject | null {
    return this.compiled ? compileConfigOf(this.compiled) : null;
  }

  /** Names of the reported values: `loss`, then each metric (after the first batch has fixed them). */
  get metricsNames(): string[] {
    return ['loss', ...(this.metricObjs ?? []).map((m) => m.name)];
  }

  /** For EarlyStopping's `mode: 'auto'`: whether a metric should go up or down. */
  metricDirection(name: string): 'up' | 'down' | null {
    if (name === 'loss') return 'down';
    const m = this.metricObjs?.find((x) => x.name === name);
    if (!m) return null;
    return /Accuracy$|^CosineSimilarity$/.test(m.className) ? 'up' : 'down';
  }

  private requireCompiled(what: string): CompiledState {
    if (!this.compiled) throw new LayerConfigError('MODEL_NOT_COMPILED', this.name, '', `you must call compile() before ${what}`);
    return this.compiled;
  }

  // ─── data ─────────────────────────────────────────────────────────────────

  /**
   * Reads x, builds the model from it if needed, checks it fits, and sets
   * `xBatch`. A rank-1 x is a batch of scalars. Allocates nothing when the
   * model is built and x keeps its size.
   */
  private readX(x: unknown, firstBatch?: (n: number) => number): Float32Array {
    const slot = this.xSlot.read(x);
    const shape = slot.shape;
    const rank = shape.length === 1 ? 2 : shape.length;
    if (!this.isBuilt) {
      if (this.layers.length === 0) throw new LayerConfigError('MODEL_NO_LAYER', this.name, '', 'the model has no layers');
      // Keras 3 builds from the first batch, so its batch size goes into the input shape.
      const b = firstBatch ? firstBatch(shape[0]!) : shape[0]!;
      if (!this.built) this.build(shape.length === 1 ? [b, 1] : [b, ...shape.slice(1)]);
      this.isBuilt = true;
    }
    const want = this.inputBatchShape!;
    let ok = want.length === rank;
    if (ok && shape.length === 1) ok = want[1] === null || want[1] === 1;
    else for (let i = 1; ok && i < rank; i++) if (want[i] !== null && want[i] !== shape[i]) ok = false;
    if (!ok) {
      throw new LayerConfigError('MODEL_BAD_DATA', this.name, 'x',
        `expected x with shape ${formatKerasShape(want)}, got ${formatKerasShape(shape)}`);
    }
    this.xBatch = shape[0]!;
    return slot.data;
  }

  /** Checks the y just read into the slot has `batch` samples and fits the output. */
  private checkY(batch: number): Float32Array {
    const slot = this.ySlot;
    if (slot.shape[0] !== batch) {
      throw new LayerConfigError('MODEL_BAD_DATA', this.name, 'y', `x has ${batch} samples but y has ${slot.shape[0]}`);
    }
    this.checkTargets(slot.data.length, batch, slot.shape);
    return slot.data;
  }

  private checkTargets(n: number, batch: number, shape: readonly number[]): void {
    const engine = this.engine!;
    const rows = batch * engine.outRowsPerSample;
    const sparse = this.resolvedLoss?.sparse === true;
    const want = sparse ? rows : rows * engine.outCols;
    if (n !== want) {
      throw new LayerConfigError('MODEL_BAD_DATA', this.name, 'y',
        `y with shape ${formatKerasShape(shape)} does not match the model output ${formatKerasShape(this.outputShape)}${sparse ? ' (sparse targets: one class index per row)' : ''}`);
    }
  }

  /** Creates the engine, the loss (resolving 'crossentropy') and the metrics for these shapes. */
  private prepare(training: boolean, yShape: readonly number[] | null): Engine {
    if (!this.weightsReady) {
      const layers = this.stack;
      for (let i = 0; i < layers.length; i++) layers[i]!.checkWeightsSet();
      this.weightsReady = true;
    }
    // A layer frozen or unfrozen since the engine was made changes which weights train.
    if (!this.engine || this.engine.trainableChanged()) this.engine = new Engine(this.layers);
    const c = this.compiled;
    if (c && yShape) {
      if (!this.resolvedLoss) {
        if (c.loss) this.resolvedLoss = c.loss;
        else if (c.lossId !== null) this.resolvedLoss = resolveCrossentropy(c.lossId as string, yShape, this.predShape(yShape[0]!));
      }
      if (!this.metricObjs) {
        const predShape = this.predShape(yShape[0]!);
        this.metricObjs = c.metricIds.map((m, i) => getMetric(m, yShape, predShape, `metrics[${i}]`));
        this.logKeys = ['loss', ...this.metricObjs.map((m) => m.name)].sort();
      }
    }
    if (training && c && !this.resolvedLoss) {
      throw new LayerConfigError('MODEL_BAD_ARGUMENT', this.name, 'loss', 'the model was compiled without a loss; pass loss to compile()');
    }
    return this.engine;
  }

  private predShape(batch: number): number[] {
    const s = this.stack[this.stack.length - 1]!.outputShape!;
    return [batch, ...s.slice(1).map((d) => d ?? 0)];
  }

  // ─── single batches ───────────────────────────────────────────────────────

  /**
   * One gradient step on one batch. Returns the loss, or `[loss, ...metrics]`
   * in compile order when there are metrics (as Keras 3); with
   * `returnDict`, `{name: value}`.
   * @throws LayerConfigError `MODEL_NOT_COMPILED`, `MODEL_BAD_DATA`.
   * @example const cost = model.trainOnBatch(xTrain, yTrain);
   */
  trainOnBatch(x: ModelInput, y: ModelInput, opts?: { returnDict?: boolean }): number | number[] | Logs {
    const c = this.requireCompiled('trainOnBatch');
    const X = this.readX(x);
    const batch = this.xBatch;
    const engine = this.prepare(true, this.ySlot.read(y).shape);
    const T = this.checkY(batch);
    this.resetMetrics();
    this.trainStep(engine, c, X, T, batch);
    return this.results(opts?.returnDict === true);
  }

  /** Forward, loss, metrics, backward and the optimizer update for one batch. */
  private trainStep(engine: Engine, c: CompiledState, X: Float32Array, T: Float32Array, batch: number): void {
    const p = engine.plan(batch, true);
    const P = engine.forward(X, p, true);
    const loss = this.resolvedLoss!;
    engine.totalLoss(loss, c.lossWeight, T, P, p);
    this.lossTracker.updateFrom(engine, batch);
    this.updateMetrics(T, P, batch, p.rowValues);
    if (engine.trainable.length > 0) {
      engine.backward(loss, c.lossWeight, T, P, p);
      c.optimizer.applyGradients(engine.grads, engine.trainable);
    }
  }

  private testStep(engine: Engine, c: CompiledState, X: Float32Array, T: Float32Array, batch: number): void {
    const p = engine.plan(batch, false);
    const P = engine.forward(X, p, false);
    engine.totalLoss(this.resolvedLoss!, c.lossWeight, T, P, p);
    this.lossTracker.updateFrom(engine, batch);
    this.updateMetrics(T, P, batch, p.rowValues);
  }

  private updateMetrics(T: Float32Array, P: Float32Array, batch: number, scratch: Float32Array): void {
    const ms = this.metricObjs!;
    if (ms.length === 0) return;
    const engine = this.engine!;
    const rows = batch * engine.outRowsPerSample;
    for (let i = 0; i < ms.length; i++) ms[i]!.update(T, P, rows, engine.outCols, batch, scratch);
  }

  private resetMetrics(): void {
    this.lossTracker.reset();
    if (this.metricObjs) for (const m of this.metricObjs) m.reset();
  }

  /** The current results: a number, a list in compile order, or a dict. */
  private results(asDict: boolean): number | number[] | Logs {
    const ms = this.metricObjs!;
    if (asDict) return this.logs();
    if (ms.length === 0) return this.lossTracker.result();
    const out = new Array<number>(ms.length + 1);
    out[0] = this.lossTracker.result();
    for (let i = 0; i < ms.length; i++) out[i + 1] = ms[i]!.result();
    return out;
  }

  /** Logs keyed in sorted order (as JAX returns Keras's logs dict). */
  private logs(prefix = ''): Logs {
    const out: Logs = {};
    const ms = this.metricObjs ?? [];
    for (const k of this.logKeys) {
      out[prefix + k] = k === 'loss' ? this.lossTracker.result() : ms.find((m) => m.name === k)!.result();
    }
    return out;
  }

  /**
   * Loss and metrics on one batch, without training.
   * @throws LayerConfigError `MODEL_NOT_COMPILED`, `MODEL_BAD_DATA`.
   */
  testOnBatch(x: ModelInput, y: ModelInput, opts?: { returnDict?: boolean }): number | number[] | Logs {
    const c = this.requireCompiled('testOnBatch');
    const X = this.readX(x);
    const batch = this.xBatch;
    const engine = this.prepare(true, this.ySlot.read(y).shape);
    const T = this.checkY(batch);
    this.resetMetrics();
    this.testStep(engine, c, X, T, batch);
    return this.results(opts?.returnDict === true);
  }

  /** Predictions for one batch (inference mode). */
  predictOnBatch(x: ModelInput): Tensor {
    const X = this.readX(x);
    const batch = this.xBatch;
    const engine = this.prepare(false, null);
    const out = engine.forward(X, engine.plan(batch, false), false);
    return new Tensor(out.slice(0, batch * this.lastOutputSize()), this.predShape(batch));
  }

  private lastOutputSize(): number {
    return this.stack[this.stack.length - 1]!.outputSize;
  }

  // ─── loops ────────────────────────────────────────────────────────────────

  /**
   * Trains for `epochs` over the data in batches, as Keras's fit: optional
   * shuffling, a validation split or validation data evaluated after each
   * epoch (`val_` logs), callbacks, progress output, and a History.
   * @throws LayerConfigError `MODEL_NOT_COMPILED`, `MODEL_BAD_DATA`, `MODEL_BAD_ARGUMENT`.
   * @example const h = model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.2, verbose: 0 });
   */
  fit(x: ModelInput, y: ModelInput, opts: FitOptions = {}): History {
    const c = this.requireCompiled('fit');
    const batchSize = positiveInt(opts.batchSize ?? 32, 'batchSize');
    const epochs = nonNegativeInt(opts.epochs ?? 1, 'epochs');
    const initialEpoch = nonNegativeInt(opts.initialEpoch ?? 0, 'initialEpoch');
    const validationFreq = positiveInt(opts.validationFreq ?? 1, 'validationFreq');
    const split = opts.validationSplit ?? 0;
    if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new LayerConfigError('MODEL_BAD_ARGUMENT', this.name, 'validationSplit', `expected a number in [0, 1), got ${describe(split)}`);

    // Copies: the slots are reused by every batch below.
    const X = this.readX(x, (n) => Math.min(batchSize, opts.validationData || !(split > 0) ? n : Math.floor(n * (1 - split)) || n)).slice();
    const n = this.xBatch;
    const engine = this.prepare(true, this.ySlot.read(y).shape);
    const Y = this.checkY(n).slice();
    const sx = X.length / Math.max(1, n);
    const sy = Y.length / Math.max(1, n);

    let nTrain = n;
    let val: { X: Float32Array; Y: Float32Array; n: number } | null = null;
    if (opts.validationData) {
      const [vx, vy] = opts.validationData;
      const VX = this.readX(vx).slice();
      const vn = this.xBatch;
      this.ySlot.read(vy);
      const VY = this.checkY(vn).slice();
      val = { X: VX, Y: VY, n: vn };
    } else if (split > 0) {
      const at = Math.floor(n * (1 - split));
      if (at === 0 || at === n) {
        throw new LayerConfigError('MODEL_BAD_ARGUMENT', this.name, 'validationSplit',
          `training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by validationSplit=${split}`);
      }
      nTrain = at;
      val = { X: X.subarray(at * sx), Y: Y.subarray(at * sy), n: n - at };
    }
    const steps = Math.ceil(nTrain / batchSize);
    const verbose = verbosity(opts.verbose);
    const sink = opts.sink ?? defaultSink();
    const history = new History();
    const cbs = this.callbackList(opts.callbacks, history, verbose, sink, opts.onProgress, 'fit', epochs, steps);
    cbs.setParams({ verbose, epochs, steps });
    this.history = history;
    this.stopTraining = false;

    const order = new Int32Array(nTrain);
    for (let i = 0; i < nTrain; i++) order[i] = i;
    const xb = new Float32Array(batchSize * sx);
    const yb = new Float32Array(batchSize * sy);
    const shuffle = opts.shuffle ?? true;
    const rng = randomStream(null);
    const emptyLogs: Logs = {};

    cbs.call('onTrainBegin', emptyLogs);
    let epochLogs: Logs = {};
    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      this.resetMetrics();
      cbs.call('onEpochBegin', epoch, emptyLogs);
      if (shuffle) {
        for (let i = nTrain - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          const t = order[i]!; order[i] = order[j]!; order[j] = t;
        }
      }
      for (let step = 0; step < steps; step++) {
        const start = step * batchSize;
        const b = Math.min(batchSize, nTrain - start);
        cbs.call('onTrainBatchBegin', step, emptyLogs);
        const bx = b === batchSize ? xb : xb.subarray(0, b * sx);
        const by = b === batchSize ? yb : yb.subarray(0, b * sy);
        gatherRows(X, sx, order, start, b, bx);
        gatherRows(Y, sy, order, start, b, by);
        this.trainStep(engine, c, bx, by, b);
        cbs.call('onTrainBatchEnd', step, this.logs());
        if (this.stopTraining) break;
      }
      epochLogs = this.logs();
      if (val && (epoch + 1) % validationFreq === 0) {
        const vb = positiveInt(opts.validationBatchSize ?? batchSize, 'validationBatchSize');
        this.evaluateArrays(val.X, val.Y, val.n, vb, null);
        Object.assign(epochLogs, this.logs('val_'));
      }
      cbs.call('onEpochEnd', epoch, epochLogs);
    }
    cbs.call('onTrainEnd', epochLogs);
    return history;
  }

  /** Runs test steps over arrays in batches; leaves the results in the trackers. */
  private evaluateArrays(X: Float32Array, Y: Float32Array, n: number, batchSize: number, cbs: CallbackList | null): void {
    const c = this.compiled!;
    const engine = this.engine!;
    const sx = X.length / Math.max(1, n);
    const sy = Y.length / Math.max(1, n);
    const steps = Math.ceil(n / batchSize);
    this.resetMetrics();
    const emptyLogs: Logs = {};
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const b = Math.min(batchSize, n - start);
      cbs?.call('onTestBatchBegin', step, emptyLogs);
      this.testStep(engine, c, X.subarray(start * sx, (start + b) * sx), Y.subarray(start * sy, (start + b) * sy), b);
      cbs?.call('onTestBatchEnd', step, this.logs());
    }
  }

  /**
   * Loss and metrics over the data, in batches (default 32): the loss alone,
   * or `[loss, ...metrics]` in compile order (a dict with `returnDict`).
   * @throws LayerConfigError `MODEL_NOT_COMPILED`, `MODEL_BAD_DATA`.
   * @example const cost = model.evaluate(xTest, yTest, { batchSize: 40 });
   */
  evaluate(x: ModelInput, y: ModelInput, opts: EvaluateOptions = {}): number | number[] | Logs {
    this.requireCompiled('evaluate');
    const batchSize = positiveInt(opts.batchSize ?? 32, 'batchSize');
    const X = this.readX(x, (n) => Math.min(batchSize, n)).slice();
    const n = this.xBatch;
    this.prepare(true, this.ySlot.read(y).shape);
    const Y = this.checkY(n).slice();
    const steps = Math.ceil(n / batchSize);
    const verbose = verbosity(opts.verbose);
    const sink = opts.sink ?? defaultSink();
    const cbs = this.callbackList(opts.callbacks, null, verbose, sink, opts.onProgress, 'evaluate', 1, steps);
    cbs.setParams({ verbose, epochs: 1, steps });
    cbs.call('onTestBegin', {});
    this.evaluateArrays(X, Y, n, batchSize, cbs);
    const logs = this.logs();
    cbs.call('onTestEnd', logs);
    return this.results(opts.returnDict === true);
  }

  /**
   * Predictions for all samples, in batches (default 32), in inference mode.
   * @throws LayerConfigError `MODEL_BAD_DATA`, `MODEL_NO_LAYER`.
   * @example model.predict(xTest.slice(0, 2)).toArray()
   */
  predict(x: ModelInput, opts: LoopOptions = {}): Tensor {
    const batchSize = positiveInt(opts.batchSize ?? 32, 'batchSize');
    const X = this.readX(x, (n) => Math.min(batchSize, n));
    const n = this.xBatch;
    const engine = this.prepare(false, null);
    const sx = X.length / Math.max(1, n);
    const so = this.lastOutputSize();
    const out = new Float32Array(n * so);
    const steps = Math.ceil(n / batchSize);
    const verbose = verbosity(opts.verbose);
    // Rows are independent at inference, so without user callbacks several
    // batches run as one chunk (larger products run faster); the result is
    // the same and progress still advances batch by batch.
    const perChunk = opts.callbacks && opts.callbacks.length > 0 ? 1 : Math.max(1, Math.floor(PREDICT_CHUNK_ROWS / batchSize));
    if (verbose === 0 && !opts.onProgress && !(opts.callbacks && opts.callbacks.length > 0)) {
      // Nothing observes the batches: no callback list is made (a first
      // predict after loading a model runs less code).
      for (let start = 0; start < n; start += perChunk * batchSize) {
        const b = Math.min(start + perChunk * batchSize, n) - start;
        const P = engine.forward(X.subarray(start * sx, (start + b) * sx), engine.plan(b, false), false);
        out.set(P.subarray(0, b * so), start * so);
      }
      return new Tensor(out, this.predShape(n));
    }
    const sink = opts.sink ?? defaultSink();
    const cbs = this.callbackList(opts.callbacks, null, verbose, sink, opts.onProgress, 'predict', 1, steps);
    cbs.setParams({ verbose, epochs: 1, steps });
    cbs.call('onPredictBegin', {});
    const emptyLogs: Logs = {};
    for (let step = 0; step < steps; step += perChunk) {
      const last = Math.min(steps, step + perChunk);
      const start = step * batchSize;
      const b = Math.min(last * batchSize, n) - start;
      for (let s = step; s < last; s++) cbs.call('onPredictBatchBegin', s, emptyLogs);
      const P = engine.forward(X.subarray(start * sx, (start + b) * sx), engine.plan(b, false), false);
      out.set(P.subarray(0, b * so), start * so);
      for (let s = step; s < last; s++) cbs.call('onPredictBatchEnd', s, emptyLogs);
    }
    cbs.call('onPredictEnd', emptyLogs);
    return new Tensor(out, this.predShape(n));
  }

  private callbackList(user: readonly (Callback | CallbackHooks)[] | undefined, history: History | null, verbose: number, sink: ProgressSink,
    onProgress: ((e: ProgressEvent) => void) | undefined, phase: ProgressEvent['phase'], epochs: number, steps: number): CallbackList {
    const list: (Callback | CallbackHooks)[] = [...(user ?? [])];
    if (history) list.push(history);
    if (verbose !== 0) list.push(new ProgbarLogger(sink));
    if (onProgress) list.push(progressCallback(onProgress, phase, epochs, steps));
    const cbs = new CallbackList(list);
    cbs.setModel(this);
    return cbs;
  }

  // ─── summary and config ───────────────────────────────────────────────────

  /**
   * Prints (and returns) Keras 3's summary table: each layer with its type,
   * output shape and parameter count, then the totals (and the optimizer's
   * parameters once it is built).
   */
  summary(opts: SummaryOptions = {}): string {
    const rows: SummaryRow[] = this.layers.map((l) => ({
      name: `${l.name} (${l.className})`,
      shape: l.built && l.outputShape ? formatKerasShape(l.outputShape) : '?',
      params: l.built ? withCommas(l.countParams()) : '0 (unbuilt)',
    }));
    const count = (vs: Variable[]): number => vs.reduce((n, v) => n + v.size, 0);
    const opt = this.compiled?.optimizer;
    const text = renderSummary(this.name, rows, {
      trainable: count(this.trainableWeights),
      nonTrainable: count(this.nonTrainableWeights),
      optimizer: opt && opt.built ? count(opt.variables) : null,
    }, opts.lineLength, opts.consoleWidth);
    (opts.printFn ?? ((s: string) => console.log(s.endsWith('\n') ? s.slice(0, -1) : s)))(text);
    return text;
  }

  /** Keras 3's `get_config()`: name, trainable, dtype, layers (serialised), build_input_shape once built. */
  getConfig(): JsonObject {
    const c: JsonObject = {
      name: this.name,
      trainable: this.trainable,
      dtype: dtypePolicyConfig('float32'),
      layers: this.stack.map((l) => serializeLayer(l)),
    };
    if (this.built) c.build_input_shape = (this.stack[0] as InputLayer).batchShape.slice();
    return c;
  }

  /**
   * A model from Keras's Sequential config: Keras 3's dict (`name`, `layers`,
   * `build_input_shape`), Keras 2's dict, or Keras ≤ 2.2's bare list of layers.
   * @param config the config (parsed JSON).
   * @param opts `legacyActivations` (default false); `initializeWeights`
   *   (default true): false builds every layer without storage or
   *   initializers, for loaders that set all weights next; predicting or
   *   training before they are set throws `WEIGHTS_NOT_SET`.
   * @throws LayerConfigError with paths such as `layers[2].config.units`.
   * @example
   * const model = Sequential.fromConfig(config, { initializeWeights: false });
   * model.weights.forEach((v, i) => v.assign(arrays[i], { adopt: true }));
   */
  static fromConfig(config: unknown, opts: SequentialFromConfigOptions = {}): Sequential {
    let name: string | undefined;
    let layerConfigs: unknown;
    let buildShape: unknown = null;
    let trainable = true;
    if (Array.isArray(config)) {
      layerConfigs = config;
    } else if (isJsonObject(config)) {
      for (const k of Object.keys(config)) {
        if (!['name', 'layers', 'build_input_shape', 'trainable', 'dtype'].includes(k)) {
          throw new LayerConfigError('LAYER_UNKNOWN_KEY', '', k, `unknown key '${k}' in a Sequential config`);
        }
      }
      if (config.name !== undefined && typeof config.name !== 'string') throw new LayerConfigError('LAYER_BAD_VALUE', '', 'name', `expected a string, got ${describe(config.name)}`);
      name = config.name as string | undefined;
      layerConfigs = config.layers;
      buildShape = config.build_input_shape ?? null;
      if (typeof config.trainable === 'boolean') trainable = config.trainable;
      readDtype(config.dtype, name ?? '', 'dtype');
    } else {
      throw new LayerConfigError('LAYER_BAD_CONFIG', '', '', `expected a Sequential config (a dict with name and layers), got ${describe(config)}`);
    }
    if (!Array.isArray(layerConfigs)) throw new LayerConfigError('LAYER_BAD_CONFIG', name ?? '', 'layers', `expected a list of layer configs, got ${describe(layerConfigs)}`);
    const model = new Sequential(null, { name, trainable });
    const build: BuildOptions = { initializeWeights: opts.initializeWeights !== false };
    model.buildOptions = build;
    try {
      layerConfigs.forEach((lc, i) => {
        const layer = deserializeLayer(lc, { path: `layers[${i}]`, legacyActivations: opts.legacyActivations, initializeWeights: build.initializeWeights });
        try {
          model.add(layer);
        } catch (e) {
          throw e instanceof LayerConfigError ? e.within(`layers[${i}]`, layer.name) : e;
        }
      });
      if (!model.built && Array.isArray(buildShape) && model.layers.length > 0) model.build(readShape(buildShape, model.name, 'build_input_shape'));
    } finally {
      model.buildOptions = undefined;
    }
    return model;
  }

  // ─── files (delegated to the Keras-format code) ───────────────────────────

  /**
   * Saves the whole model (architecture, weights, training config, optimizer
   * state) to one `.h5` file, atomically (Node).
   * @param opts `format: 'keras2'` writes tf.keras 2.x's layout; `includeOptimizer: false` leaves the state out;
   *   `durable: false` skips the fsync (still atomic).
   */
  save(path: string, opts?: SaveModelOptions): void {
    saveModelToPath(this, path, opts);
  }

  /**
   * Saves the weights (legacy layout; Keras 3's for `.weights.h5`), atomically (Node).
   * @param opts `durable: false` skips the fsync (still atomic).
   */
  saveWeights(path: string, opts?: SaveWeightsToPathOptions): void {
    saveWeightsToPath(this, path, opts);
  }

  /** Loads weights from a path (Node), Uint8Array or ArrayBuffer. */
  loadWeights(source: string | Uint8Array | ArrayBuffer, opts?: LoadWeightsOptions): void {
    loadWeightsFrom(this, source, opts);
  }

  /** The architecture as Keras JSON. */
  toJson(): string {
    return modelToJson(this);
  }

  /** The architecture as Keras YAML. */
  toYaml(): string {
    return modelToYaml(this);
  }

  toString(): string {
    return `<Sequential name=${this.name}, built=${this.built}>`;
  }
}
