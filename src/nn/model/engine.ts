/**
 * The training engine of a Sequential model: per-batch-size working memory
 * (each layer's output, input-gradient and scratch buffers, the loss's row
 * values and dL/dprediction), the forward pass, the loss with every extra
 * loss Keras adds (weight and activity regularization), and the backward
 * pass into persistent gradient tensors. After the first step for a batch
 * size, a step allocates nothing.
 *
 * Inference allocates only what the forward pass writes: a plan made by
 * predict or evaluate holds each layer's output (and a non-linear Dense's
 * pre-activation), and the gradient tensors do not exist until the first
 * backward pass. The first training step on a batch size adds the
 * input-gradient buffers, dL/dprediction and the gradients; later steps
 * allocate nothing. (A loaded 5000×5000 Dense model predicts without the
 * 100 MB of kernel gradients it would never use.)
 */
import { Tensor, Variable } from '../../tensor/index.js';
import { regularizerBackward } from '../gradients.js';
import type { Layer, LayerBuffers } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { backwardParams } from '../losses.js';
import type { LossParams } from '../gradients.js';

/** Working memory for one batch size. */
export interface Plan {
  readonly batch: number;
  /** Whether the buffers serve a backward pass too (see {@link Engine.plan}). */
  training: boolean;
  bufs: LayerBuffers[];
  /** Input of each layer in the last forward pass. */
  readonly inputs: Float32Array[];
  /** Output of each layer in the last forward pass. */
  readonly outputs: Float32Array[];
  /** Per-row loss (and metric) values. */
  readonly rowValues: Float32Array;
  /** dL/dprediction (empty until the plan serves training). */
  dPred: Float32Array;
  /** The loss's params with this batch size's scale (see LossParams.scale). */
  lossParams: LossParams | null;
}

const EMPTY = new Float32Array(0);

/** How many batch sizes keep their buffers (fit uses two: full and last partial batch). */
const MAX_PLANS = 4;

/** Runs a model's layers forward and backward on preallocated buffers (see the file header). */
export class Engine {
  private plans = new Map<number, Plan>();
  /** The trainable variables, in model order. */
  readonly trainable: Variable[];
  /**
   * One gradient tensor per trainable variable, in `trainable` order; empty
   * until the first {@link backward} allocates them.
   */
  readonly grads: Tensor[];
  /** Per layer: the gradient arrays of its trainable variables (empty when frozen; filled with `grads`). */
  private readonly layerGrads: Float32Array[][];
  private gradsAllocated = false;
  /** Index of the first layer with trainable weights (no input gradient is needed before it). */
  private readonly firstTrainable: number;
  /** Output rows and last-axis size per sample. */
  readonly outCols: number;
  readonly outRowsPerSample: number;

  /** Each layer's `trainable` when the engine was made. */
  private readonly trainableFlags: boolean[];

  constructor(private readonly layers: readonly Layer[]) {
    this.trainableFlags = layers.map((l) => l.trainable);
    this.trainable = [];
    this.grads = [];
    this.layerGrads = [];
    let first = layers.length;
    for (let i = 0; i < layers.length; i++) {
      const vs = layers[i]!.trainableWeights;
      for (const v of vs) this.trainable.push(v);
      if (vs.length > 0 && first === layers.length) first = i;
      this.layerGrads.push([]);
    }
    this.firstTrainable = first;
    const last = layers[layers.length - 1]!;
    const outShape = last.outputShape!;
    this.outCols = outShape.length > 1 ? outShape[outShape.length - 1] ?? 1 : 1;
    this.outRowsPerSample = last.outputSize / this.outCols;
  }

  /** Whether a layer's `trainable` changed since the engine was made (checked every step; allocates nothing). */
  trainableChanged(): boolean {
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) if (layers[i]!.trainable !== this.trainableFlags[i]) return true;
    return false;
  }

  /** The gradient tensors, made with the first backward pass (training allocates them; inference never does). */
  private allocateGradients(): void {
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const gs = this.layerGrads[i]!;
      for (const v of layers[i]!.trainableWeights) {
        const g = new Tensor(new Float32Array(v.size), v.shape);
        this.grads.push(g);
        gs.push(g.data);
      }
    }
    this.gradsAllocated = true;
  }

  /**
   * The plan for `batch` samples (created on first use). With `training`
   * false (predict, evaluate) it holds only what the forward pass and the
   * loss write; the first training use of the batch size adds the backward
   * buffers, once.
   */
  plan(batch: number, training: boolean): Plan {
    let p = this.plans.get(batch);
    if (p) {
      if (training && !p.training) this.addBackwardBuffers(p);
      return p;
    }
    if (this.plans.size >= MAX_PLANS) {
      const oldest = this.plans.keys().next().value as number;
      this.plans.delete(oldest);
    }
    const rows = batch * this.outRowsPerSample;
    const layers = this.layers;
    const bufs: LayerBuffers[] = [];
    for (let i = 0; i < layers.length; i++) bufs.push(layers[i]!.allocate(batch, training));
    p = {
      batch,
      training,
      bufs,
      inputs: new Array<Float32Array>(layers.length),
      outputs: new Array<Float32Array>(layers.length),
      rowValues: new Float32Array(rows),
      dPred: training ? new Float32Array(rows * this.outCols) : EMPTY,
      lossParams: null,
    };
    this.plans.set(batch, p);
    return p;
  }

  /** Replaces an inference plan's buffers with training ones. */
  private addBackwardBuffers(p: Plan): void {
    const layers = this.layers;
    const bufs: LayerBuffers[] = [];
    for (let i = 0; i < layers.length; i++) bufs.push(layers[i]!.allocate(p.batch, true));
    p.bufs = bufs;
    p.dPred = new Float32Array(p.batch * this.outRowsPerSample * this.outCols);
    p.training = true;
  }

  /** Runs every layer; returns the prediction (`batch × outputSize`, owned by the plan). */
  forward(x: Float32Array, p: Plan, training: boolean): Float32Array {
    const layers = this.layers;
    let a = x;
    for (let i = 0; i < layers.length; i++) {
      p.inputs[i] = a;
      a = layers[i]!.forward(a, p.batch, p.bufs[i]!, training);
      p.outputs[i] = a;
    }
    return a;
  }

  /** The last value computed by {@link totalLoss} (a field, so no number is boxed per step). */
  lastLoss = 0.5;

  /**
   * The total loss Keras reports: the compiled loss (times its weight), plus
   * the activity regularization of each layer's output (divided by the batch
   * size) and the weight regularization of trainable layers. Stored in
   * `lastLoss`.
   */
  totalLoss(loss: Loss, lossWeight: number, T: Float32Array, P: Float32Array, p: Plan): void {
    const rows = p.batch * this.outRowsPerSample;
    // reduceLoss inlined: a float returned from a call would be boxed on every step.
    const rv = p.rowValues;
    loss.forward(T, P, rows, this.outCols, loss.params, rv);
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += rv[r]!;
    let total = Math.fround(loss.reduction === 'sum' ? sum : rows === 0 ? 0 : sum / rows);
    if (lossWeight !== 1) total = Math.fround(total * lossWeight);
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const r = layers[i]!.activityRegularizer;
      if (r) total = Math.fround(total + Math.fround(r.value(outputView(p, i, layers[i]!)) / p.batch));
    }
    for (let i = 0; i < layers.length; i++) {
      const w = layers[i]!.regularizationLoss();
      if (w !== 0) total = Math.fround(total + w);
    }
    this.lastLoss = total;
  }

  /**
   * Backward pass of the last forward: fills `grads` (the loss gradient,
   * then regularizers', as the layers add them).
   */
  backward(loss: Loss, lossWeight: number, T: Float32Array, P: Float32Array, p: Plan): void {
    if (!this.gradsAllocated) this.allocateGradients();
    const rows = p.batch * this.outRowsPerSample;
    const dP = p.dPred;
    // The engine is rebuilt on compile, so a plan's loss and weight never change.
    let prm = p.lossParams;
    if (prm === null) prm = p.lossParams = backwardParams(loss, rows, lossWeight);
    loss.backward(T, P, rows, this.outCols, prm, dP);
    const layers = this.layers;
    let d: Float32Array = dP;
    for (let i = layers.length - 1; i >= this.firstTrainable; i--) {
      const layer = layers[i]!;
      const r = layer.activityRegularizer;
      if (r) regularizerBackward(outputView(p, i, layer), r, p.batch, d);
      const needDx = i > this.firstTrainable;
      const dx = layer.backward(p.inputs[i]!, p.outputs[i]!, d, p.batch, p.bufs[i]!, this.layerGrads[i]!, needDx);
      if (!needDx) break;
      d = dx!;
    }
  }
}

/** A layer's last output, exactly `batch × outputSize` long (buffers may be longer). */
function outputView(p: Plan, i: number, layer: Layer): Float32Array {
  const out = p.outputs[i]!;
  const n = p.batch * layer.outputSize;
  return out.length === n ? out : out.subarray(0, n);
}
