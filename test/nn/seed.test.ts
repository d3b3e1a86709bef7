/**
 * The seed tutorial (Dense(1, input_dim=1), mse, SGD, 301 train_on_batch
 * steps on 160 points) against Keras 3: every step's cost, the test cost,
 * the weights and two predictions. The example (examples/seed.mjs) runs the
 * same model on data from our own PRNG.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../src/index.js';
import { expectClose, fixture, flat } from './helpers.js';

const f = fixture<{ x: number[]; y: number[]; initial_weights: unknown[]; costs: number[]; test_cost: number; W: unknown; b: unknown; predict: unknown }>('seed.json');

describe('the seed model (Keras 3 / JAX)', () => {
  it('trains as Keras: every cost, the test cost, weights and predictions', () => {
    const model = new Sequential();
    model.add(new Dense({ units: 1, inputDim: 1 }));
    model.compile({ loss: 'mse', optimizer: 'sgd' });
    model.setWeights(f.initial_weights.map((w) => Float32Array.from(flat(w))));
    const xTrain = f.x.slice(0, 160), yTrain = f.y.slice(0, 160);
    const xTest = f.x.slice(160), yTest = f.y.slice(160);
    const costs: number[] = [];
    for (let step = 0; step < 301; step++) costs.push(model.trainOnBatch(xTrain, yTrain) as number);
    expectClose(costs, f.costs, 'cost');
    expectClose(model.evaluate(xTest, yTest, { batchSize: 40, verbose: 0 }) as number, f.test_cost, 'test cost');
    const [W, b] = model.layers[0]!.getWeights();
    expect(W!.shape).toEqual([1, 1]);
    expectClose(W!.data, f.W, 'W', 1e-5, 1e-6);
    expectClose(b!.data, f.b, 'b', 1e-5, 1e-6);
    const p = model.predict(xTest.slice(0, 2), { verbose: 0 });
    expect(p.shape).toEqual([2, 1]);
    expectClose(p.data, f.predict, 'predict', 1e-5, 1e-6);
  });
});
