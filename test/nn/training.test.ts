/**
 * The activation × loss × optimizer matrix against Keras 3 (JAX): from the
 * same initial weights and data, every train_on_batch result (loss and
 * metrics) within relative 1e-5, the weights after 10 steps within 1e-5,
 * then predict and evaluate. Fixture: scripts/gen_training_fixtures.py.
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../../src/index.js';
import { expectClose, fixture, flat, tensorOf, type TrainingCase as Case } from './helpers.js';


const { cases } = fixture<{ cases: Case[] }>('training.json');


function build(c: Case): Sequential {
  const model = Sequential.fromConfig(c.model_config);
  model.setWeights(c.initial_weights.map((w) => Float32Array.from(flat(w))));
  model.compile({
    loss: (c.loss_ctor ? { class_name: c.loss_ctor[0], config: c.loss_ctor[1] } : c.loss) as never,
    optimizer: c.optimizer as never,
    metrics: c.metrics,
    lossWeights: c.loss_weights,
  });
  return model;
}

describe('training matrix (Keras 3 / JAX)', () => {
  it('covers every activation, loss and optimizer', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  for (const c of cases) {
    it(c.name, () => {
      const model = build(c);
      const x = tensorOf(c.x, c.x_shape);
      const y = tensorOf(c.y, c.y_shape);
      for (let s = 0; s < c.steps.length; s++) {
        const got = model.trainOnBatch(x, y) as number | number[];
        expectClose(typeof got === 'number' ? [got] : got, c.steps[s], `${c.name} step ${s}`);
      }
      // Keras 3 lists ['loss', 'compile_metrics']; ours names each value, in the order trainOnBatch returns them.
      expect(model.metricsNames).toEqual(['loss', ...(c.metrics ?? [])]);
      expect(c.metrics_names).toEqual(c.metrics ? ['loss', 'compile_metrics'] : ['loss']);
      const ws = model.getWeights();
      expect(ws.length).toBe(c.final_weights.length);
      ws.forEach((w, i) => expectClose(w.data, c.final_weights[i], `${c.name} weight ${i}`, 1e-5, 1e-5));
      expectClose(model.predict(x, { verbose: 0 }).data, c.predict, `${c.name} predict`, 1e-5, 1e-5);
      const ev = model.evaluate(x, y, { verbose: 0 }) as number | number[];
      expectClose(typeof ev === 'number' ? [ev] : ev, c.evaluate, `${c.name} evaluate`, 1e-5, 1e-5);
      const ev5 = model.evaluate(x, y, { verbose: 0, batchSize: 5 }) as number | number[];
      expectClose(typeof ev5 === 'number' ? [ev5] : ev5, c.evaluate_batch5, `${c.name} evaluate batch 5`, 1e-5, 1e-5);
    });
  }
});
