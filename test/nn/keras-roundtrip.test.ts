/**
 * What we write, real Keras reads: configs from our getConfig() and
 * compileConfig go through `keras.Sequential.from_config` and
 * `keras.losses/metrics/optimizers.deserialize` (live, one Python process);
 * Keras's own get_config() of the result must equal ours, and Keras's
 * predictions with our weights must equal our predictions.
 */
import { describe, expect, it } from 'vitest';
import {
  Activation, Dense, Dropout, Flatten, InputLayer, Loss, Reshape, Sequential, SGD, Tensor, clearSession, l1, l1l2, l2, setRandomSeed,
} from '../../src/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { expectClose } from './helpers.js';

const SCRIPT = `
import sys, json, numpy as np, keras
cases = json.load(sys.stdin)
out = []
for c in cases:
    m = keras.Sequential.from_config(c["config"])
    m.set_weights([np.asarray(w, dtype="float32").reshape(s) for w, s in zip(c["weights"], c["shapes"])])
    x = np.asarray(c["x"], dtype="float32").reshape(c["x_shape"])
    cc = c["compile"]
    # JSON from JavaScript cannot tell 0.0 from 0, and Keras's SGD refuses an int momentum:
    # a file writer must print float fields as floats (reported to the Keras-format work).
    oc = cc["optimizer"]["config"]
    if "momentum" in oc: oc["momentum"] = float(oc["momentum"])
    m.compile(optimizer=keras.optimizers.deserialize(cc["optimizer"]),
              loss=cc["loss"] if isinstance(cc["loss"], str) else keras.losses.deserialize(cc["loss"]),
              metrics=cc["metrics"], loss_weights=cc["loss_weights"])
    out.append({"config": m.get_config(), "compile": m.get_compile_config(), "predict": m.predict(x, verbose=0).astype("float64").ravel().tolist()})
print(json.dumps(out))
`;

function models(): { model: Sequential; x: Tensor }[] {
  clearSession();
  setRandomSeed(11);
  const seed = new Sequential();
  seed.add(new Dense({ units: 1, inputDim: 1 }));
  seed.compile({ loss: 'mse', optimizer: 'sgd' });
  const clf = new Sequential([
    new InputLayer({ shape: [2, 3] }), new Flatten(),
    new Dense({ units: 8, activation: 'gelu', kernelRegularizer: l2(0.01), biasRegularizer: l1(0.02), activityRegularizer: l1l2({ l1: 0.01, l2: 0.01 }) }),
    new Dropout({ rate: 0.4, seed: 3 }), new Dense({ units: 6, useBias: false, kernelInitializer: 'he_normal' }),
    new Reshape({ targetShape: [2, 3] }), new Activation({ activation: 'softmax' }),
  ], { name: 'clf' });
  clf.compile({ loss: new Loss('categorical_crossentropy', { labelSmoothing: 0.1 }), optimizer: new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), metrics: ['accuracy', 'mae'] });
  const reg = new Sequential([new Dense({ units: 4, inputShape: [3], activation: 'hard_silu' }), new Dense({ units: 2, activation: 'selu' })]);
  reg.compile({ loss: 'huber', optimizer: 'adam', metrics: ['mse'], lossWeights: [0.5] });
  const data = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 2);
  return [
    { model: seed, x: new Tensor(data(5), [5, 1]) },
    { model: clf, x: new Tensor(data(4 * 6), [4, 2, 3]) },
    { model: reg, x: new Tensor(data(6 * 3), [6, 3]) },
  ];
}

describe.skipIf(!oracle.python)('Keras reads what we write (live)', () => {
  it('from_config, compile config and predictions match', () => {
    const ms = models();
    const input = ms.map(({ model, x }) => ({
      config: model.getConfig(),
      compile: model.compileConfig,
      weights: model.getWeights().map((w) => Array.from(w.data)),
      shapes: model.getWeights().map((w) => w.shape),
      x: Array.from(x.data), x_shape: x.shape,
    }));
    const out = runPython<{ config: unknown; compile: unknown; predict: number[] }[]>(['-c', SCRIPT], input);
    ms.forEach(({ model, x }, i) => {
      expect(out[i]!.config).toEqual(model.getConfig());
      expect(out[i]!.compile).toEqual(model.compileConfig);
      expectClose(model.predict(x, { verbose: 0 }).data, out[i]!.predict, `${model.name} predict`, 1e-5, 1e-6);
    });
  });
});
