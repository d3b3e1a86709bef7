/** Small helpers of the Sequential model's loops: argument checks, row gathering, the onProgress adapter. */
import { LayerConfigError, describe } from '../errors.js';
import type { CallbackHooks, Logs } from './callbacks.js';
import type { ProgressEvent, Verbosity } from './options.js';

/** Copies `b` samples (of `size` values) picked by `order[start..]` into `out`. */
export function gatherRows(src: Float32Array, size: number, order: Int32Array, start: number, b: number, out: Float32Array): void {
  if (size === 1) {
    for (let i = 0; i < b; i++) out[i] = src[order[start + i]!]!;
    return;
  }
  for (let i = 0, o = 0; i < b; i++, o += size) {
    const s = order[start + i]! * size;
    for (let j = 0; j < size; j++) out[o + j] = src[s + j]!;
  }
}

export function verbosity(v: Verbosity | undefined): 0 | 1 | 2 {
  if (v === undefined || v === 'auto') return 1;
  if (v === 0 || v === 1 || v === 2) return v;
  throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', 'verbose', `expected 0, 1, 2 or 'auto', got ${describe(v)}`);
}

export function positiveInt(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', key, `expected a positive integer, got ${describe(v)}`);
  return v;
}

export function nonNegativeInt(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new LayerConfigError('MODEL_BAD_ARGUMENT', '', key, `expected a non-negative integer, got ${describe(v)}`);
  return v;
}

export function progressCallback(f: (e: ProgressEvent) => void, phase: ProgressEvent['phase'], epochs: number, steps: number): CallbackHooks {
  let epoch = 0;
  const send = (kind: ProgressEvent['kind'], step: number, logs: Logs): void => f({ phase, kind, epoch, epochs, step, steps, logs: { ...logs } });
  return phase === 'fit'
    ? {
      onEpochBegin: (e) => { epoch = e; },
      onTrainBatchEnd: (b, logs) => send('batch', b + 1, logs),
      onEpochEnd: (_e, logs) => send('epoch', steps, logs),
      onTrainEnd: (logs) => send('end', steps, logs),
    }
    : phase === 'evaluate'
      ? { onTestBatchEnd: (b, logs) => send('batch', b + 1, logs), onTestEnd: (logs) => send('end', steps, logs) }
      : { onPredictBatchEnd: (b) => send('batch', b + 1, {}), onPredictEnd: () => send('end', steps, {}) };
}

