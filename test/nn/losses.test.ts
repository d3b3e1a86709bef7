/**
 * Every loss (and option) against Keras 3 on JAX: the reduced value and its
 * gradient with respect to y_pred (jax.value_and_grad), including clipped
 * probabilities, zero errors, 0/1 hinge labels, sparse labels as (N,) and
 * (N, 1), and flat targets against (N, 1) outputs. Also every alias.
 */
import { describe, expect, it } from 'vitest';
import { LayerConfigError, Loss, getLoss, lossNames } from '../../src/index.js';
import { expectClose, fixture, flat } from './helpers.js';

interface LossCase { fn: string; options: Record<string, unknown>; y_true: unknown; y_true_shape: number[]; y_pred: unknown; y_pred_shape: number[]; value: number; grad: unknown; config: unknown }
const f = fixture<{ cases: LossCase[]; aliases: Record<string, string>; keras3_refuses: string[] }>('losses.json');

describe('losses (Keras 3 / JAX)', () => {
  for (const c of f.cases) {
    it(`${c.fn} ${JSON.stringify(c.options)} ${JSON.stringify(c.y_true_shape)}→${JSON.stringify(c.y_pred_shape)}`, () => {
      // Keras's Huber config drops delta, so the options are passed as given.
      const o = c.options as { from_logits?: boolean; label_smoothing?: number; delta?: number };
      const loss = new Loss(c.fn, { fromLogits: o.from_logits, labelSmoothing: o.label_smoothing, delta: o.delta });
      expect(getLoss(c.config).fn).toBe(c.fn);
      const T = Float32Array.from(flat(c.y_true));
      const P = Float32Array.from(flat(c.y_pred));
      const cols = c.y_pred_shape[c.y_pred_shape.length - 1]!;
      const rows = P.length / cols;
      const rowValues = new Float32Array(rows);
      loss.forward(T, P, rows, cols, loss.params, rowValues);
      const value = rowValues.reduce((a, b) => a + b, 0) / rows;
      expectClose([value], [c.value], `${c.fn} value`, 1e-5, 1e-6);
      const dP = new Float32Array(P.length);
      loss.backward(T, P, rows, cols, { ...loss.params, scale: 1 / rows }, dP);
      expectClose(dP, c.grad, `${c.fn} grad`, 1e-4, 1e-6);
    });
  }

  it('accepts every alias Keras accepts, and the Keras 2 names old files hold', () => {
    const fnOf: Record<string, string> = {
      MeanSquaredError: 'mean_squared_error', Huber: 'huber', LogCosh: 'log_cosh', BinaryCrossentropy: 'binary_crossentropy',
      KLDivergence: 'kl_divergence', CosineSimilarity: 'cosine_similarity', SparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
      CategoricalHinge: 'categorical_hinge', Poisson: 'poisson',
    };
    for (const [alias, target] of Object.entries(f.aliases)) {
      expect(getLoss(alias).fn, alias).toBe(fnOf[target] ?? target);
    }
    // Keras 3 refuses these; Keras 2 wrote them, so a loader must accept them.
    expect(getLoss('kullback_leibler_divergence').fn).toBe('kl_divergence');
    expect(getLoss('logcosh').fn).toBe('log_cosh');
    expect(getLoss('cosine_proximity').fn).toBe('cosine_similarity');
    expect(getLoss('huber_loss').fn).toBe('huber');
    expect(f.keras3_refuses).toEqual(expect.arrayContaining(['nope', 'Dense']));
    expect(lossNames()).toContain('mse');
  });

  it('names a loss given as a string by that string, as Keras wraps it', () => {
    expect(getLoss('mse').name).toBe('mse');
    expect(new Loss('mse').name).toBe('mean_squared_error');
    expect(getLoss({ class_name: 'MeanSquaredError', config: { name: 'my', reduction: 'sum' } }).reduction).toBe('sum');
    expect(getLoss({ class_name: 'MeanSquaredError', config: { reduction: 'auto' } }).reduction).toBe('sum_over_batch_size');
  });

  it('refuses unknown losses and bad options with a code and a path', () => {
    const cases: [unknown, string, string][] = [
      ['nope', 'UNKNOWN_LOSS', 'loss'],
      [{ class_name: 'Dense', config: {} }, 'UNKNOWN_LOSS', 'loss.class_name'],
      [{ class_name: 'BinaryCrossentropy', config: { label_smoothing: 'x' } }, 'LAYER_BAD_VALUE', 'loss.config.label_smoothing'],
      [{ class_name: 'BinaryCrossentropy', config: { label_smoothing: 2 } }, 'LAYER_BAD_VALUE', 'loss.config.label_smoothing'],
      [{ class_name: 'MeanSquaredError', config: { whatever: 1 } }, 'LAYER_UNKNOWN_KEY', 'loss.config.whatever'],
      [{ class_name: 'SparseCategoricalCrossentropy', config: { ignore_class: 3 } }, 'LAYER_BAD_VALUE', 'loss.config.ignore_class'],
      [42, 'UNKNOWN_LOSS', 'loss'],
    ];
    for (const [id, code, path] of cases) {
      try {
        getLoss(id);
        expect.fail(`should throw for ${JSON.stringify(id)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(LayerConfigError);
        expect((e as LayerConfigError).code, JSON.stringify(id)).toBe(code);
        expect((e as LayerConfigError).configPath, JSON.stringify(id)).toBe(path);
      }
    }
  });
});
