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
import { Dense, Random, Sequential, setRandomSeed } from '../dist/index.js';

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
// The second half of the seed (model.save('my_model.h5'), load_model, then
// predict again and keep training) goes here once the Keras file formats
// land: see README.md.
