// The seed: the classic Keras regression tutorial, line for line.
//
//   X = np.linspace(-1, 1, 200); np.random.shuffle(X)
//   Y = 0.5 * X + 2 + np.random.normal(0, 0.05, (200,))
//   model = Sequential(); model.add(Dense(units=1, input_dim=1))
//   model.compile(loss='mse', optimizer='sgd')
//   for step in range(301): cost = model.train_on_batch(X_train, Y_train) ...
//
// Run with `npm run example` (builds, then runs this file). The data comes
// from our seeded PRNG (NumPy's stream cannot be reproduced), so the numbers
// differ from a Python run in the last digits of the noise, not in kind:
// W ends near 0.5 and b near 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, Random, Sequential, setRandomSeed, loadModel, modelFromJson, modelFromYaml } from 'purekeras'; // this package (npm run example builds it first)

setRandomSeed(1337); // weights and shuffling reproducible from run to run
const rng = new Random(1337);

// X = np.linspace(-1, 1, 200); np.random.shuffle(X)
const X = Array.from({ length: 200 }, (_, i) => -1 + (2 * i) / 199);
for (let i = X.length - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [X[i], X[j]] = [X[j], X[i]];
}
// Y = 0.5 * X + 2 + np.random.normal(0, 0.05, (200,))
const Y = X.map((x) => 0.5 * x + 2 + 0.05 * rng.normal());

const [X_train, Y_train] = [X.slice(0, 160), Y.slice(0, 160)]; // first 160 data points
const [X_test, Y_test] = [X.slice(160), Y.slice(160)]; // last 40 data points

const model = new Sequential();
model.add(new Dense({ units: 1, inputDim: 1 }));
model.compile({ loss: 'mse', optimizer: 'sgd' });

console.log('Training -----------');
for (let step = 0; step < 301; step++) {
  const cost = model.trainOnBatch(X_train, Y_train);
  if (step % 100 === 0) console.log('train cost: ', cost);
}

console.log('\nTesting ------------');
const cost = model.evaluate(X_test, Y_test, { batchSize: 40 });
console.log('test cost:', cost);
const [W, b] = model.layers[0].getWeights();
console.log('Weights=', W.toArray(), '\nbiases=', b.toArray());

console.log('test before save: ', model.predict(X_test.slice(0, 2), { verbose: 0 }).toArray());

// ── save and load ──────────────────────────────────────────────────────────
// model.save('my_model.h5'); del model; model = load_model('my_model.h5')
// (written to a temporary folder so the example leaves the checkout clean).
const dir = mkdtempSync(join(tmpdir(), 'purekeras-seed-'));
const modelPath = join(dir, 'my_model.h5');
model.save(modelPath); // one HDF5 file: architecture, weights, training config, optimizer state
const loaded = loadModel(modelPath); // compiled, optimizer state restored
const before = model.predict(X_test.slice(0, 2), { verbose: 0 }).toArray();
const after = loaded.predict(X_test.slice(0, 2), { verbose: 0 }).toArray();
console.log('test after load: ', after);
same('predictions after load', after, before);
// Training continues where it stopped, step for step.
same('next training step', loaded.trainOnBatch(X_train, Y_train), model.trainOnBatch(X_train, Y_train));

// The same model as tf.keras 2.x wrote it, for Keras 2 readers (Keras 3 loads it too).
const keras2Path = join(dir, 'my_model_keras2.h5');
model.save(keras2Path, { format: 'keras2' });
const fromKeras2 = loadModel(keras2Path);
same('predictions from the Keras 2 file', fromKeras2.predict(X_test.slice(0, 2), { verbose: 0 }).toArray(), model.predict(X_test.slice(0, 2), { verbose: 0 }).toArray());
same('training from the Keras 2 file', fromKeras2.trainOnBatch(X_train, Y_train), loaded.trainOnBatch(X_train, Y_train));
model.trainOnBatch(X_train, Y_train); // keep model, loaded and fromKeras2 in step

// save and load weights
const weightsPath = join(dir, 'my_model_weights.h5');
model.saveWeights(weightsPath);
loaded.loadWeights(weightsPath);
same('weights after loadWeights', loaded.getWeights().map((t) => t.toArray()), model.getWeights().map((t) => t.toArray()));

// save and load a fresh network without trained weights: JSON and YAML
const jsonString = model.toJson();
const fromJson = modelFromJson(jsonString);
const yamlString = model.toYaml();
const fromYaml = modelFromYaml(yamlString);
console.log('\nJSON:', jsonString.slice(0, 96) + '…');
console.log('YAML:\n' + yamlString.split('\n').slice(0, 6).join('\n') + '\n  …');
same('architecture from JSON', fromJson.getConfig().layers, model.getConfig().layers);
same('architecture from YAML', fromYaml.getConfig().layers, model.getConfig().layers);
fromJson.loadWeights(weightsPath);
same('JSON architecture + weights predict', fromJson.predict(X_test.slice(0, 2), { verbose: 0 }).toArray(), model.predict(X_test.slice(0, 2), { verbose: 0 }).toArray());

// load_weights(fname, by_name=True): 'dense_1' is loaded, 'new_dense' is not.
const fname = join(dir, 'by_name_weights.h5');
const first = new Sequential();
first.add(new Dense({ units: 2, inputDim: 3, name: 'dense_1' })); // will be loaded
first.add(new Dense({ units: 10, name: 'dense_2' })); // will not be loaded
first.saveWeights(fname);
const second = new Sequential();
second.add(new Dense({ units: 2, inputDim: 3, name: 'dense_1' })); // will be loaded
second.add(new Dense({ units: 10, name: 'new_dense' })); // will not be loaded
const untouched = second.getLayer('new_dense').getWeights().map((t) => t.toArray());
second.loadWeights(fname, { byName: true });
same("by_name: 'dense_1' loaded", second.getLayer('dense_1').getWeights().map((t) => t.toArray()), first.getLayer('dense_1').getWeights().map((t) => t.toArray()));
same("by_name: 'new_dense' untouched", second.getLayer('new_dense').getWeights().map((t) => t.toArray()), untouched);
console.log("\nby_name: 'dense_1' loaded, 'new_dense' untouched");
rmSync(dir, { recursive: true, force: true });

/** Stops the example (non-zero exit) unless two results are identical. */
function same(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: ${JSON.stringify(got)} differs from ${JSON.stringify(want)}`);
  }
}
