/**
 * fit() against Keras 3 (shuffle off): History per epoch (keys sorted as
 * JAX returns them, val_ entries only on validation epochs), validation
 * split and data, initial epoch, EarlyStopping with restored weights, the
 * final weights, and the verbose=2 text with its timings masked.
 */
import { describe, expect, it } from 'vitest';
import { EarlyStopping, Sequential, Tensor, type ProgressEvent } from '../../src/index.js';
import { expectClose, fixture, flat } from './helpers.js';

interface FitCase {
  name: string;
  model_config: unknown;
  loss: string;
  metrics: string[] | null;
  optimizer: unknown;
  x: number[][]; y: unknown;
  val_x?: number[][]; val_y?: unknown;
  initial_weights: unknown[];
  fit_args: { epochs: number; batch_size: number; validation_split?: number; initial_epoch?: number; validation_freq?: number };
  early_stopping?: { monitor: string; patience: number; min_delta: number; restore_best_weights: boolean };
  history: Record<string, number[]>;
  history_keys: string[];
  epochs_run: number[];
  stopped_epoch: number | null;
  verbose2: string;
  final_weights: unknown[];
  evaluate: number | number[];
  evaluate_verbose2: string;
}

const { cases } = fixture<{ cases: FitCase[] }>('fit.json');

/** Masks the timing fields of Keras's verbose=2 lines (`- 5s - 2s/step`). */
function maskTimes(s: string): string {
  return s.replace(/ - \d+s - \d+(s|ms|us)\/step/g, ' - Ts - T/step');
}

function tensor2(v: unknown): Tensor {
  const rows = v as unknown[];
  const data = Float32Array.from(flat(v));
  return new Tensor(data, [rows.length, data.length / rows.length]);
}

function run(c: FitCase, onProgress?: (e: ProgressEvent) => void) {
  const model = Sequential.fromConfig(c.model_config);
  model.setWeights(c.initial_weights.map((w) => Float32Array.from(flat(w))));
  model.compile({ loss: c.loss, optimizer: c.optimizer as never, metrics: c.metrics });
  let text = '';
  const sink = { isTTY: false, write: (s: string) => { text += s; } };
  const callbacks = c.early_stopping ? [new EarlyStopping({
    monitor: c.early_stopping.monitor, patience: c.early_stopping.patience, minDelta: c.early_stopping.min_delta,
    restoreBestWeights: c.early_stopping.restore_best_weights,
  })] : [];
  const a = c.fit_args;
  const h = model.fit(tensor2(c.x), tensor2(c.y), {
    epochs: a.epochs, batchSize: a.batch_size, validationSplit: a.validation_split, initialEpoch: a.initial_epoch,
    validationFreq: a.validation_freq, shuffle: false, verbose: 2, sink, callbacks, onProgress,
    validationData: c.val_x ? [tensor2(c.val_x), tensor2(c.val_y)] : null,
  });
  return { model, h, text, sink, callbacks };
}

describe('fit (Keras 3 / JAX)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { model, h, text, callbacks } = run(c);
      expect(Object.keys(h.history)).toEqual(c.history_keys);
      for (const k of c.history_keys) expectClose(h.history[k]!, c.history[k], `${c.name} history.${k}`);
      expect(h.epoch).toEqual(c.epochs_run);
      if (c.stopped_epoch !== null) expect((callbacks[0] as EarlyStopping).stoppedEpoch).toBe(c.stopped_epoch);
      model.getWeights().forEach((w, i) => expectClose(w.data, c.final_weights[i], `${c.name} weight ${i}`, 1e-5, 1e-5));
      expect(maskTimes(text)).toBe(maskTimes(c.verbose2));
      let evText = '';
      const ev = model.evaluate(tensor2(c.x), tensor2(c.y), { batchSize: 5, verbose: 2, sink: { isTTY: false, write: (s) => { evText += s; } } });
      expectClose(typeof ev === 'number' ? [ev] : (ev as number[]), c.evaluate, `${c.name} evaluate`);
      expect(maskTimes(evText)).toBe(maskTimes(c.evaluate_verbose2));
    });
  }

  it('reports progress to onProgress after every batch and epoch', () => {
    const c = cases.find((x) => x.name === 'fit_split')!;
    const events: ProgressEvent[] = [];
    run(c, (e) => events.push(e));
    const batches = events.filter((e) => e.kind === 'batch');
    expect(batches.length).toBe(3 * 3);
    expect(batches[0]).toMatchObject({ phase: 'fit', epoch: 0, epochs: 3, step: 1, steps: 3 });
    const epochs = events.filter((e) => e.kind === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expectClose([epochs[2]!.logs.val_loss!], [c.history.val_loss![2]!], 'val_loss via onProgress');
    expect(events[events.length - 1]!.kind).toBe('end');
  });

  it('draws a live bar on a terminal at verbose 1 and prints nothing at verbose 0', () => {
    const c = cases.find((x) => x.name === 'fit_basic')!;
    const model = Sequential.fromConfig(c.model_config);
    model.compile({ loss: c.loss, optimizer: 'sgd' });
    let tty = '';
    model.fit(tensor2(c.x), tensor2(c.y), { epochs: 2, batchSize: 5, verbose: 1, sink: { isTTY: true, write: (s) => { tty += s; } } });
    expect(tty).toContain('Epoch 1/2\n');
    expect(tty).toContain('\r\x1b[1m3/3\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m');
    expect(tty).toMatch(/ - loss: \d\.\d{4}/);
    let quiet = '';
    model.fit(tensor2(c.x), tensor2(c.y), { epochs: 2, verbose: 0, sink: { isTTY: true, write: (s) => { quiet += s; } } });
    expect(quiet).toBe('');
  });
});
