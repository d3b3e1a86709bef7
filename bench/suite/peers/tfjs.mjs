// The TensorFlow.js peers: `node peers/tfjs.mjs cpu` (pure-JS CPU backend) or
// `node peers/tfjs.mjs wasm` (WebAssembly backend), each its own process,
// using TF.js layers as a user would: tf.sequential, compile, trainOnBatch,
// predict, tf.matMul, loadLayersModel. Tensors are disposed after every
// operation so memory stays flat.
import { serve } from './protocol.mjs';
import { hashUniform } from '../lib/data.mjs';
import { denseModel, loadArtifacts, loadTf } from '../lib/tfjs-setup.mjs';

const backend = process.argv[2];
let tf;

function mlp(sizes) {
  const m = tf.sequential();
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    m.add(tf.layers.dense({ units: sizes[i], activation: last ? 'linear' : 'relu', ...(i === 1 ? { inputShape: [sizes[0]] } : {}) }));
  }
  return m;
}

const handlers = {
  'seed.e2e': (p) => ({
    variants: {
      [`tfjs-${backend}`]: {
        async: true,
        run: async () => {
          const m = denseModel(tf, 1, 1);
          const x = tf.tensor2d(p.xTrain, [p.xTrain.length, 1]), y = tf.tensor2d(p.yTrain, [p.yTrain.length, 1]);
          for (let s = 0; s < p.steps; s++) await m.trainOnBatch(x, y);
          const xt = tf.tensor2d(p.xTest, [p.xTest.length, 1]);
          const pred = m.predict(xt);
          const out = pred.dataSync();
          tf.dispose([x, y, xt, pred]);
          m.dispose();
          return out;
        },
      },
    },
  }),
  'seed.step': (p) => {
    const m = denseModel(tf, 1, 1);
    const x = tf.tensor2d(p.xTrain, [p.xTrain.length, 1]), y = tf.tensor2d(p.yTrain, [p.yTrain.length, 1]);
    return {
      variants: { [`tfjs-${backend}`]: { async: true, run: () => m.trainOnBatch(x, y) } },
      teardown: () => { tf.dispose([x, y]); m.dispose(); },
    };
  },
  'mlp.train': (p) => {
    const m = mlp(p.sizes);
    m.compile({ loss: 'meanSquaredError', optimizer: tf.train.momentum(p.learningRate, p.momentum) });
    const x = tf.tensor2d(hashUniform(p.batch * p.sizes[0], 1), [p.batch, p.sizes[0]]);
    const y = tf.tensor2d(hashUniform(p.batch * p.sizes.at(-1), 2), [p.batch, p.sizes.at(-1)]);
    return {
      variants: {
        [`tfjs-${backend}`]: { async: true, run: () => m.trainOnBatch(x, y) },
      },
      teardown: () => { tf.dispose([x, y]); m.dispose(); },
    };
  },
  'mlp.predict': (p) => {
    const m = mlp(p.sizes);
    const x = tf.tensor2d(hashUniform(p.rows * p.sizes[0], 3), [p.rows, p.sizes[0]]);
    return {
      variants: {
        [`tfjs-${backend}`]: {
          run: () => {
            const y = m.predict(x, { batchSize: p.batchSize });
            const out = y.dataSync();
            y.dispose();
            return out;
          },
        },
      },
      teardown: () => { x.dispose(); m.dispose(); },
    };
  },
  matmul: (p) => {
    const a = tf.tensor(hashUniform(p.m * p.k, 4), p.ta ? [p.k, p.m] : [p.m, p.k]);
    const b = tf.tensor(hashUniform(p.k * p.n, 5), p.tb ? [p.n, p.k] : [p.k, p.n]);
    return {
      variants: {
        [`tfjs-${backend}`]: {
          run: () => {
            const c = tf.matMul(a, b, p.ta, p.tb);
            const v = c.dataSync()[0];
            c.dispose();
            return v;
          },
        },
      },
      teardown: () => tf.dispose([a, b]),
    };
  },
  'load.model': (p) => {
    const x = tf.tensor2d(hashUniform(p.rows * p.inputDim, 7), [p.rows, p.inputDim]);
    return {
      variants: {
        [`tfjs-${backend}`]: {
          async: true,
          run: async () => {
            const m = await loadArtifacts(tf, p.tfjsDir);
            const y = m.predict(x);
            const out = y.dataSync();
            y.dispose();
            m.dispose();
            return out;
          },
        },
      },
      teardown: () => x.dispose(),
    };
  },
};

await serve(`tfjs-${backend}`, async () => {
  const r = await loadTf(backend);
  tf = r.tf;
  return r.versions;
}, handlers);
