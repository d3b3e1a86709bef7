/** model.summary() text against Keras 3's (captured with print_fn, 80-column console). */
import { beforeEach, describe, expect, it } from 'vitest';
import { Activation, Dense, Dropout, Flatten, InputLayer, Reshape, Sequential, clearSession, zeros } from '../../src/index.js';
import { fixture } from './helpers.js';

const { cases } = fixture<{ cases: { name: string; line_length?: number | null; text: string }[] }>('summary.json');
const text = (name: string, ll?: number | null): string => cases.find((c) => c.name === name && (c.line_length ?? null) === (ll ?? null))!.text;

function capture(model: Sequential, lineLength?: number): string {
  let out = '';
  model.summary({ printFn: (s) => { out = s; }, lineLength, consoleWidth: 80 });
  return out;
}

describe('summary (Keras 3)', () => {
  beforeEach(() => clearSession());

  it('prints the tables Keras prints, at every width, with optimizer parameters once built', () => {
    const seed = new Sequential();
    seed.add(new Dense({ units: 1, inputDim: 1 }));
    expect(capture(seed)).toBe(text('seed_uncompiled'));
    seed.compile({ loss: 'mse', optimizer: 'sgd' });
    seed.trainOnBatch(zeros([2, 1]), zeros([2, 1]));
    expect(capture(seed)).toBe(text('seed_trained'));

    const mnist = new Sequential([
      new InputLayer({ shape: [784] }),
      new Dense({ units: 512, activation: 'relu', name: 'a_really_long_layer_name_that_goes_on_and_on' }),
      new Dropout({ rate: 0.2 }), new Dense({ units: 10 }), new Reshape({ targetShape: [2, 5] }), new Flatten(),
      new Activation({ activation: 'softmax' }),
    ]);
    expect(mnist.name).toBe('sequential_1');
    expect(capture(mnist)).toBe(text('mnist'));
    for (const ll of [100, 60, 120]) expect(capture(mnist, ll)).toBe(text('mnist', ll));
    mnist.compile({ loss: 'categorical_crossentropy', optimizer: 'adam' });
    mnist.trainOnBatch(zeros([1, 784]), zeros([1, 10]));
    expect(capture(mnist)).toBe(text('mnist_adam'));

    const lazy = new Sequential([new Dense({ units: 3 }), new Dense({ units: 1 })], { name: 'lazy' });
    expect(capture(lazy)).toBe(text('unbuilt'));
    const frozen = new Sequential([new InputLayer({ shape: [5] }), new Dense({ units: 4, trainable: false }), new Dense({ units: 2 })], { name: 'frozen' });
    expect(capture(frozen)).toBe(text('frozen'));
  });
});
