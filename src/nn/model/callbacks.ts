/**
 * Training callbacks with Keras's hooks and order (user callbacks, then
 * History, then the progress logger): `Callback`, `History`,
 * `EarlyStopping`, `ProgbarLogger`, and `LambdaCallback`-style plain
 * objects with any of the hook methods.
 */
import type { Tensor } from '../../tensor/index.js';
import { LayerConfigError, describe } from '../errors.js';
import { Progbar, type ProgressSink } from './progress.js';

/** Metric values by name, as Keras passes `logs`. */
export type Logs = Record<string, number>;

/** What a model exposes to callbacks. */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(ws: readonly Tensor[]): void;
  /** Metric names and their direction, for EarlyStopping's `mode: 'auto'`. */
  metricDirection(name: string): 'up' | 'down' | null;
}

/** Keras's `params`: verbose, epochs, steps. */
export interface CallbackParams {
  verbose: number;
  epochs: number;
  steps: number | null;
}

/** The hooks a callback may implement (all optional). */
export interface CallbackHooks {
  onTrainBegin?(logs: Logs): void;
  onTrainEnd?(logs: Logs): void;
  onEpochBegin?(epoch: number, logs: Logs): void;
  onEpochEnd?(epoch: number, logs: Logs): void;
  onTrainBatchBegin?(batch: number, logs: Logs): void;
  onTrainBatchEnd?(batch: number, logs: Logs): void;
  onTestBegin?(logs: Logs): void;
  onTestEnd?(logs: Logs): void;
  onTestBatchBegin?(batch: number, logs: Logs): void;
  onTestBatchEnd?(batch: number, logs: Logs): void;
  onPredictBegin?(logs: Logs): void;
  onPredictEnd?(logs: Logs): void;
  onPredictBatchBegin?(batch: number, logs: Logs): void;
  onPredictBatchEnd?(batch: number, logs: Logs): void;
}

/** The base class: override the hooks you need. `model` and `params` are set by fit. */
export class Callback {
  model: CallbackModel | null = null;
  params: CallbackParams = { verbose: 0, epochs: 1, steps: null };
  setModel(model: CallbackModel): void { this.model = model; }
  setParams(params: CallbackParams): void { this.params = params; }
}

/** Records every epoch's logs: `history.history.loss[epoch]`, as Keras's History. */
export class History extends Callback {
  /** Metric name → value per epoch. */
  history: Record<string, number[]> = {};
  /** The epoch indices seen. */
  epoch: number[] = [];

  onTrainBegin(): void {
    this.epoch = [];
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const k of Object.keys(logs)) (this.history[k] ??= []).push(logs[k]!);
  }
}

/** Options for {@link EarlyStopping} (Keras's arguments, camelCased). */
export interface EarlyStoppingOptions {
  /** Default `val_loss`. */
  monitor?: string;
  /** Minimum change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 1 prints when it stops. Default 0. */
  verbose?: number;
  /** `auto` (from the metric), `min` or `max`. Default `auto`. */
  mode?: 'auto' | 'min' | 'max';
  /** Stop unless the value beats this. Default null. */
  baseline?: number | null;
  /** Restore the best epoch's weights at the end. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring. Default 0. */
  startFromEpoch?: number;
  /** Where its message goes (default: the model's sink). */
  print?: (line: string) => void;
}

/** Stops training when a monitored metric stops improving, as Keras's EarlyStopping. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'auto' | 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private minDelta: number;
  private better: ((a: number, b: number) => boolean) | null = null;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch training stopped at (0 when it did not stop). */
  stoppedEpoch = 0;
  /** The best value seen. */
  best: number | null = null;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;
  private readonly print: ((line: string) => void) | undefined;

  constructor(opts: EarlyStoppingOptions = {}) {
    super();
    this.monitor = opts.monitor ?? 'val_loss';
    const mode = opts.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'mode', `expected auto, min or max, got ${describe(mode)}`);
    this.mode = mode;
    this.minDelta = Math.abs(opts.minDelta ?? 0);
    this.patience = opts.patience ?? 0;
    this.verbose = opts.verbose ?? 0;
    this.baseline = opts.baseline ?? null;
    this.restoreBestWeights = opts.restoreBestWeights ?? false;
    this.startFromEpoch = opts.startFromEpoch ?? 0;
    this.print = opts.print;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  private setMonitorOp(): void {
    let op: 'less' | 'greater' | null = this.mode === 'min' ? 'less' : this.mode === 'max' ? 'greater' : null;
    if (op === null) {
      const name = this.monitor.startsWith('val_') ? this.monitor.slice(4) : this.monitor;
      if (name === 'loss') op = 'less';
      const dir = this.model?.metricDirection(name) ?? null;
      if (dir !== null) op = dir === 'up' ? 'greater' : 'less';
      if (op === null) {
        throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'monitor',
          `EarlyStopping cannot tell whether '${this.monitor}' should be minimized or maximized; pass mode: 'min' or 'max'`);
      }
    }
    if (op === 'less') this.minDelta = -Math.abs(this.minDelta);
    this.better = op === 'less' ? (a, b) => a < b : (a, b) => a > b;
  }

  private isImprovement(value: number, ref: number | null): boolean {
    return ref === null ? true : this.better!(value - this.minDelta, ref);
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.better === null) this.setMonitorOp();
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model!.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    const say = this.print ?? ((s: string) => console.log(s));
    if (this.stoppedEpoch > 0 && this.verbose > 0) say(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) say(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model!.setWeights(this.bestWeights);
    }
  }
}

/** Keras's ProgbarLogger: epoch headers and a progress bar per epoch / evaluation / prediction. */
export class ProgbarLogger extends Callback {
  private bar: Progbar | null = null;
  private seen = 0;
  private target: number | null = null;
  private verboseLevel: 1 | 2 = 1;
  private epochs = 1;
  private calledInFit = false;

  constructor(private readonly sink: ProgressSink) {
    super();
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    // Without a terminal the live bar cannot redraw: print one line per epoch instead.
    this.verboseLevel = params.verbose === 1 && this.sink.isTTY ? 1 : 2;
    this.epochs = params.epochs;
    this.target = params.steps;
  }

  onTrainBegin(): void { this.calledInFit = true; }
  onTestBegin(): void { if (!this.calledInFit) this.reset(); }
  onPredictBegin(): void { this.reset(); }

  onEpochBegin(epoch: number): void {
    this.reset();
    if (this.epochs > 1) this.sink.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  onTrainBatchEnd(batch: number, logs: Logs): void { this.step(batch, logs); }
  onTestBatchEnd(batch: number, logs: Logs): void { if (!this.calledInFit) this.step(batch, logs); }
  onPredictBatchEnd(batch: number): void { this.step(batch, null); }
  onEpochEnd(_epoch: number, logs: Logs): void { this.finish(logs); }
  onTestEnd(logs: Logs): void { if (!this.calledInFit) this.finish(logs); }
  onPredictEnd(): void { this.finish(null); }

  private reset(): void {
    this.seen = 0;
    this.bar = null;
  }

  private ensure(): Progbar {
    if (this.bar === null) this.bar = new Progbar(this.target, this.verboseLevel, this.sink);
    return this.bar;
  }

  private step(batch: number, logs: Logs | null): void {
    const bar = this.ensure();
    this.seen = batch + 1;
    if (this.verboseLevel === 1) bar.update(this.seen, logs ? Object.entries(logs) : null, false);
  }

  private finish(logs: Logs | null): void {
    const bar = this.ensure();
    if (this.target === null) {
      this.target = this.seen;
      bar.target = this.target;
    }
    bar.update(this.target, logs ? Object.entries(logs) : null, true);
  }
}

/** A callback list: calls each hook on every callback that has it. */
export class CallbackList {
  constructor(readonly callbacks: readonly (Callback | CallbackHooks)[]) {}

  setModel(model: CallbackModel): void {
    for (const c of this.callbacks) {
      if (c instanceof Callback) c.setModel(model);
      else if ('model' in c || !('setModel' in c)) (c as { model?: unknown }).model = model;
    }
  }

  setParams(params: CallbackParams): void {
    for (const c of this.callbacks) {
      if (c instanceof Callback) c.setParams(params);
      else (c as { params?: unknown }).params = params;
    }
  }

  call<K extends keyof CallbackHooks>(hook: K, ...args: Parameters<NonNullable<CallbackHooks[K]>>): void {
    for (const c of this.callbacks) {
      const f = (c as CallbackHooks)[hook] as ((...a: unknown[]) => void) | undefined;
      if (typeof f === 'function') f.apply(c, args as unknown[]);
    }
  }
}
