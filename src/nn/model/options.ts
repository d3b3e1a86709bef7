/** The options of the Sequential model's methods, and what `onProgress` receives. */
import type { Callback, CallbackHooks, Logs } from './callbacks.js';
import type { ModelInput } from './data.js';
import type { ProgressSink } from './progress.js';

/**
 * Rows predicted per engine pass when no user callback watches the batches:
 * 512 rows keep the MLP of bench/train.bench.mjs (predict case) in the
 * products' fast regime, where 32-row passes ran about 1.5× slower.
 */
export const PREDICT_CHUNK_ROWS = 512;

/** Options for `new Sequential(layers, options)`. */
export interface SequentialOptions {
  /** Default: `sequential`, `sequential_1`, … */
  name?: string;
  /** Default true. */
  trainable?: boolean;
}

/** Keras's `verbose`: 0 silent, 1 progress bar (line per epoch without a terminal), 2 one line per epoch, `'auto'` = 1. */
export type Verbosity = 0 | 1 | 2 | 'auto';

/** What `onProgress` receives (so browsers can draw their own progress). */
export interface ProgressEvent {
  /** `fit` (training batches and epochs), `evaluate` or `predict`. */
  phase: 'fit' | 'evaluate' | 'predict';
  /** `batch` after each batch, `epoch` after each epoch (fit), `end` when done. */
  kind: 'batch' | 'epoch' | 'end';
  /** 0-based epoch (fit), else 0. */
  epoch: number;
  epochs: number;
  /** 1-based step within the epoch (or evaluation / prediction). */
  step: number;
  steps: number;
  /** Current metric values (running means within the epoch), sorted by name. */
  logs: Logs;
}

/** Options shared by fit, evaluate and predict. */
export interface LoopOptions {
  /** Samples per batch. Default 32. */
  batchSize?: number;
  /** Default `'auto'` (1). */
  verbose?: Verbosity;
  /** Callback objects or plain objects with hook methods. */
  callbacks?: readonly (Callback | CallbackHooks)[];
  /** Called after every batch and epoch. */
  onProgress?: (e: ProgressEvent) => void;
  /** Where progress text goes. Default: stdout (Node) or console.log. */
  sink?: ProgressSink;
}

/** Options for {@link Sequential.fit}. */
export interface FitOptions extends LoopOptions {
  /** Default 1. */
  epochs?: number;
  /** Shuffle the training samples each epoch. Default true. */
  shuffle?: boolean;
  /** Fraction of the data (taken from the end, before shuffling) held out for validation. Default 0. */
  validationSplit?: number;
  /** `[xVal, yVal]` to evaluate after each epoch (overrides validationSplit). */
  validationData?: readonly [ModelInput, ModelInput] | null;
  /** Default: batchSize. */
  validationBatchSize?: number;
  /** Validate every this many epochs. Default 1. */
  validationFreq?: number;
  /** Epoch to start from (for resuming). Default 0. */
  initialEpoch?: number;
}

/** Options for {@link Sequential.evaluate}. */
export interface EvaluateOptions extends LoopOptions {
  /** Return `{loss, metric…}` instead of a number / list. Default false. */
  returnDict?: boolean;
}

/** Options for {@link Sequential.summary}. */
export interface SummaryOptions {
  /** Total width. Default min(88, terminal columns − 4), as Keras. */
  lineLength?: number;
  /** Receives the whole text. Default console.log. */
  printFn?: (text: string) => void;
  /** Console width: longer lines are cut, as Keras's console does. Default: the terminal's (80 when unknown). */
  consoleWidth?: number;
}

/** Options for {@link Sequential.fromConfig}. */
export interface SequentialFromConfigOptions {
  /** Resolve activations as Keras 1/2 defined them (`hard_sigmoid`). Default false. */
  legacyActivations?: boolean;
  /**
   * Run the layers' initializers. False builds every variable without
   * storage (nothing allocated, zeroed or drawn) for a loader that sets all
   * weights right after (`setWeights`, or `variable.assign(data, { adopt: true })`);
   * predicting or training first throws `WEIGHTS_NOT_SET`. Default true.
   */
  initializeWeights?: boolean;
}

