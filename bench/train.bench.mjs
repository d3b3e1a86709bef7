// Training and prediction speed: purekeras's Sequential against TensorFlow.js
// layers (pure-JS CPU backend, and WASM when it loads) in one process,
// interleaved (each round runs every implementation once, in a rotating
// order) and repeated (a warm-up round, then ROUNDS counted rounds); Keras 3
// on JAX is timed in a Python subprocess when the oracle python exists.
//
// Cases (issue 3's targets):
//   seed     Dense(1, input_dim=1), mse, SGD: one trainOnBatch on 160 points,
//            ours from plain number[] (input conversion included); ≥ 100× TF.js CPU.
//            A hand-written JS loop doing the same arithmetic is shown for scale.
//   mlp      256→512→512→10 relu, mse, SGD(momentum 0.9), batch 128: steps/s; ≥ 5× TF.js CPU.
//   predict  the same MLP on 4096 rows (batch 32, both libraries' default); ≥ 5× TF.js CPU.
//   build    a Dense(5000 → 5000) model from its config (25M weights): initializers run
//            (ours, TF.js), and ours with initializeWeights: false plus the weights
//            adopted from one buffer, as loadModel builds it.
//   predict1 one row through that model (a 1×5000·5000×5000 product), warm.
//   cold     fresh processes (COLD_RUNS, default 11): import, build + compile of a
//            784→32 relu→10 softmax model (Adam), first predict of 32 rows, first and
//            second trainOnBatch; medians per phase, ours against TF.js CPU.
//
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/train.bench.mjs
//      (or `npm run bench -- train`). Environment:
//   TRAIN_ROUNDS=n  counted rounds (default 5)
//   TRAIN_KERAS=0   skip the Keras/JAX subprocess
//   TRAIN_FILTER=s  only cases whose name contains s
//   COLD_RUNS=n     fresh processes per implementation for the cold-start table (0 skips it)
//
// Prints one JSON line per (case, implementation) and a table of the median
// time per call [min–max] and the ratios peer/ours (medians, same rounds).
// Times are process CPU time (user + system) per call, robust on a shared
// machine since every implementation here is single-threaded; wall-clock
// medians are in the JSON lines.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dense, Random, SGD, Sequential, Tensor } from '../dist/index.js';
import { loadTfBackends, measureInterleaved, stats, timeSample } from './lib/area.mjs';

const ROUNDS = Number(process.env.TRAIN_ROUNDS ?? 5);
const FILTER = process.env.TRAIN_FILTER ?? '';
const SAMPLE_MS = 150;
const here = dirname(fileURLToPath(import.meta.url));

// ---- TensorFlow.js -------------------------------------------------------------
const { tf, backends: tfBackends } = await loadTfBackends();

// ---- data ----------------------------------------------------------------------
const rng = new Random(1337);
const seedX = Array.from({ length: 200 }, (_, i) => -1 + (2 * i) / 199);
for (let i = seedX.length - 1; i > 0; i--) { const j = rng.int(i + 1); [seedX[i], seedX[j]] = [seedX[j], seedX[i]]; }
const seedY = seedX.map((x) => 0.5 * x + 2 + 0.05 * rng.normal());
const xTrain = seedX.slice(0, 160), yTrain = seedY.slice(0, 160);

function randn(n, seed) {
  const r = new Random(seed);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = r.normal();
  return d;
}
const MLP = [256, 512, 512, 10];
const mlpX = randn(128 * 256, 1), mlpY = randn(128 * 10, 2);
const predX = randn(4096 * 256, 3);

// ---- implementations -------------------------------------------------------------
let sink = 0;

function oursSeed() {
  const m = new Sequential();
  m.add(new Dense({ units: 1, inputDim: 1 }));
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  return { impl: 'purekeras', run: (n) => { for (let i = 0; i < n; i++) sink += m.trainOnBatch(xTrain, yTrain); } };
}

/** The same step written by hand: y = w·x + b, mse, SGD(0.01), float64 scalars. */
function handSeed() {
  let w = 0.3, b = 0;
  return {
    impl: 'hand-written loop',
    run: (n) => {
      for (let it = 0; it < n; it++) {
        let loss = 0, gw = 0, gb = 0;
        for (let i = 0; i < 160; i++) {
          const e = w * xTrain[i] + b - yTrain[i];
          loss += e * e; gw += e * xTrain[i]; gb += e;
        }
        w -= 0.01 * (2 / 160) * gw; b -= 0.01 * (2 / 160) * gb;
        sink += loss / 160;
      }
    },
  };
}

function oursMlp() {
  const m = new Sequential([new Dense({ units: 512, inputDim: 256, activation: 'relu' }), new Dense({ units: 512, activation: 'relu' }), new Dense({ units: 10 })]);
  m.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }) });
  const x = new Tensor(mlpX, [128, 256]), y = new Tensor(mlpY, [128, 10]);
  return { impl: 'purekeras', run: (n) => { for (let i = 0; i < n; i++) sink += m.trainOnBatch(x, y); }, model: m };
}

function oursPredict() {
  const { model } = oursMlp();
  const x = new Tensor(predX, [4096, 256]);
  return { impl: 'purekeras', run: (n) => { for (let i = 0; i < n; i++) sink += model.predict(x, { verbose: 0 }).data[0]; } };
}

const BIG = 5000;
const bigConfig = (() => {
  const m = new Sequential([new Dense({ units: BIG, inputDim: BIG, kernelInitializer: 'zeros' })]);
  const c = m.getConfig();
  c.layers[1].config.kernel_initializer = { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null };
  return c;
})();
const bigWeights = new Float32Array(BIG * BIG + BIG);
for (let i = 0; i < bigWeights.length; i += 997) bigWeights[i] = 0.001 * (i % 13);
const bigRow = randn(BIG, 4);

function oursBuild() {
  return { impl: 'purekeras (initializers)', run: (n) => { for (let i = 0; i < n; i++) sink += Sequential.fromConfig(bigConfig).countParams(); } };
}

function oursBuildDeferred() {
  return {
    impl: 'purekeras (initializeWeights: false + adopt)',
    run: (n) => {
      for (let i = 0; i < n; i++) {
        const m = Sequential.fromConfig(bigConfig, { initializeWeights: false });
        const [k, b] = m.weights;
        k.assign(bigWeights.subarray(0, BIG * BIG), { adopt: true });
        b.assign(bigWeights.subarray(BIG * BIG), { adopt: true });
        sink += m.countParams();
      }
    },
  };
}

function oursPredictRow() {
  const m = Sequential.fromConfig(bigConfig, { initializeWeights: false });
  m.weights[0].assign(bigWeights.subarray(0, BIG * BIG), { adopt: true });
  m.weights[1].assign(bigWeights.subarray(BIG * BIG), { adopt: true });
  const x = new Tensor(bigRow, [1, BIG]);
  return { impl: 'purekeras', run: (n) => { for (let i = 0; i < n; i++) sink += m.predict(x, { verbose: 0 }).data[0]; } };
}

async function tfBuild(backend) {
  await tf.setBackend(backend);
  return {
    impl: `tfjs-${backend}`, backend,
    run: async (n) => {
      for (let i = 0; i < n; i++) {
        const m = tf.sequential();
        m.add(tf.layers.dense({ units: BIG, inputShape: [BIG] }));
        sink += m.countParams();
        m.dispose();
      }
    },
  };
}

async function tfPredictRow(backend) {
  await tf.setBackend(backend);
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: BIG, inputShape: [BIG] }));
  const x = tf.tensor2d(bigRow, [1, BIG]);
  return {
    impl: `tfjs-${backend}`, backend,
    run: async (n) => { for (let i = 0; i < n; i++) { const p = m.predict(x); sink += p.dataSync()[0]; p.dispose(); } },
  };
}

async function tfModel(backend, layers, lossOpt) {
  await tf.setBackend(backend);
  const m = tf.sequential();
  layers.forEach(([units, act], i) => m.add(tf.layers.dense(i === 0 ? { units, activation: act, inputShape: [lossOpt.inputDim] } : { units, activation: act })));
  m.compile({ loss: 'meanSquaredError', optimizer: lossOpt.optimizer() });
  return m;
}

async function tfSeed(backend) {
  const m = await tfModel(backend, [[1, 'linear']], { inputDim: 1, optimizer: () => tf.train.sgd(0.01) });
  const x = tf.tensor2d(xTrain, [160, 1]), y = tf.tensor2d(yTrain, [160, 1]);
  return {
    impl: `tfjs-${backend}`, backend,
    run: async (n) => { for (let i = 0; i < n; i++) sink += await m.trainOnBatch(x, y); },
  };
}

async function tfMlp(backend) {
  const m = await tfModel(backend, [[512, 'relu'], [512, 'relu'], [10, 'linear']], { inputDim: 256, optimizer: () => tf.train.momentum(0.01, 0.9) });
  const x = tf.tensor2d(mlpX, [128, 256]), y = tf.tensor2d(mlpY, [128, 10]);
  return { impl: `tfjs-${backend}`, backend, run: async (n) => { for (let i = 0; i < n; i++) sink += await m.trainOnBatch(x, y); }, model: m };
}

async function tfPredict(backend) {
  const { model } = await tfMlp(backend);
  const x = tf.tensor2d(predX, [4096, 256]);
  return {
    impl: `tfjs-${backend}`, backend,
    run: async (n) => { for (let i = 0; i < n; i++) { const p = model.predict(x, { batchSize: 32 }); sink += p.dataSync()[0]; p.dispose(); } },
  };
}

const cases = [
  { name: 'seed trainOnBatch (160 points)', unit: 'µs/step', make: async () => [oursSeed(), handSeed(), ...await Promise.all(tfBackends.map(tfSeed))], target: { peer: 'tfjs-cpu', ratio: 100 } },
  { name: 'mlp trainOnBatch 256→512→512→10 b128', unit: 'ms/step', make: async () => [oursMlp(), ...await Promise.all(tfBackends.map(tfMlp))], target: { peer: 'tfjs-cpu', ratio: 5 } },
  { name: 'predict 4096 rows (mlp)', unit: 'ms/call', make: async () => [oursPredict(), ...await Promise.all(tfBackends.map(tfPredict))], target: { peer: 'tfjs-cpu', ratio: 5 } },
  { name: 'build Dense(5000→5000) from config', unit: 'ms/call', make: async () => [oursBuildDeferred(), oursBuild(), ...(tfBackends.includes('cpu') ? [await tfBuild('cpu')] : [])] },
  { name: 'predict1 one row, Dense(5000→5000)', unit: 'ms/call', make: async () => [oursPredictRow(), ...await Promise.all(tfBackends.map(tfPredictRow))] },
].filter((c) => c.name.includes(FILTER));

// Training steps and predictions are long enough to collect garbage before each sample.
const sample = (r, iters) => timeSample(tf, r, iters, { gc: true });

const round3 = (x) => Math.round(x * 1000) / 1000;
const scale = (unit) => (unit.startsWith('µs') ? 1000 : 1);

// ---- Keras / JAX ---------------------------------------------------------------
function kerasTimes() {
  const py = process.env.PUREKERAS_PYTHON ?? resolve(here, '..', '.venv', 'bin', 'python');
  if (process.env.TRAIN_KERAS === '0' || !existsSync(py)) return null;
  const code = `
import os, time, json, numpy as np
os.environ['KERAS_BACKEND'] = 'jax'
import keras
from keras import layers
out = {}
X = np.linspace(-1, 1, 200).astype('float32'); np.random.shuffle(X); Y = (0.5 * X + 2 + np.random.normal(0, 0.05, (200,))).astype('float32')
m = keras.Sequential([keras.Input((1,)), layers.Dense(1)]); m.compile(loss='mse', optimizer='sgd')
for _ in range(20): m.train_on_batch(X[:160], Y[:160])
t = time.process_time(); [m.train_on_batch(X[:160], Y[:160]) for _ in range(301)]; out['seed'] = (time.process_time() - t) / 301 * 1e3
m = keras.Sequential([keras.Input((256,)), layers.Dense(512, activation='relu'), layers.Dense(512, activation='relu'), layers.Dense(10)])
m.compile(loss='mse', optimizer=keras.optimizers.SGD(0.01, momentum=0.9))
x = np.random.normal(size=(128, 256)).astype('float32'); y = np.random.normal(size=(128, 10)).astype('float32')
for _ in range(5): m.train_on_batch(x, y)
t = time.process_time(); [m.train_on_batch(x, y) for _ in range(30)]; out['mlp'] = (time.process_time() - t) / 30
px = np.random.normal(size=(4096, 256)).astype('float32'); m.predict(px, verbose=0)
t = time.process_time(); [m.predict(px, verbose=0) for _ in range(5)]; out['predict'] = (time.process_time() - t) / 5 * 1e3
print(json.dumps(out))
`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' }, timeout: 600_000 });
  if (r.status !== 0) { console.error(`Keras/JAX timing failed: ${String(r.stderr).slice(-500)}`); return null; }
  try { return JSON.parse(r.stdout.trim().split('\n').at(-1)); } catch { return null; }
}

// ---- run -----------------------------------------------------------------------
const results = [];
for (const c of cases) {
  const runners = await c.make();
  await measureInterleaved(runners, { rounds: ROUNDS, sampleMs: SAMPLE_MS, sample });
  const k = scale(c.unit);
  const ours = stats(runners[0].times.map((t) => t.cpu * k));
  for (const r of runners) {
    const cpu = stats(r.times.map((t) => t.cpu * k));
    const wall = stats(r.times.map((t) => t.wall * k));
    const line = {
      bench: 'train', case: c.name, impl: r.impl, unit: c.unit, clock: 'cpu',
      median: round3(cpu.median), min: round3(cpu.min), max: round3(cpu.max), this_over_ours: round3(cpu.median / ours.median),
      wall_median: round3(wall.median), runs: r.times.length, iters_per_run: r.iters,
    };
    results.push(line);
    console.log(JSON.stringify(line));
  }
}
const keras = kerasTimes();
if (keras) {
  const map = { seed: [cases.find((c) => c.name.startsWith('seed')), keras.seed * 1000, 'µs/step'], mlp: [cases.find((c) => c.name.startsWith('mlp')), keras.mlp * 1000, 'ms/step'], predict: [cases.find((c) => c.name.startsWith('predict')), keras.predict, 'ms/call'] };
  for (const [, [c, v, unit]] of Object.entries(map)) {
    if (!c) continue;
    const ours = results.find((r) => r.case === c.name && r.impl === 'purekeras');
    const line = { bench: 'train', case: c.name, impl: 'keras3-jax (python, process CPU)', unit, clock: 'cpu', median: round3(v), min: null, max: null, this_over_ours: round3(v / ours.median), runs: 1 };
    results.push(line);
    console.log(JSON.stringify(line));
  }
}

// ---- cold start (fresh processes) ----------------------------------------------
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 11);
const coldOurs = `
const t0 = performance.now();
const L = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
const t1 = performance.now();
const m = new L.Sequential([new L.Dense({ units: 32, inputDim: 784, activation: 'relu' }), new L.Dense({ units: 10, activation: 'softmax' })]);
m.compile({ loss: 'categorical_crossentropy', optimizer: 'adam' });
const t2 = performance.now();
const x = new L.Tensor(new Float32Array(32 * 784).map((_, i) => Math.sin(i)), [32, 784]);
const y = new L.Tensor(new Float32Array(320).map((_, i) => (i % 10 === 3 ? 1 : 0)), [32, 10]);
m.predict(x, { verbose: 0 });
const t3 = performance.now();
m.trainOnBatch(x, y);
const t4 = performance.now();
m.trainOnBatch(x, y);
const t5 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, build: t2 - t1, predict1: t3 - t2, train1: t4 - t3, train2: t5 - t4 }));`;
const coldTf = `
const t0 = performance.now();
const log = console.log; console.log = () => {};
const tf = await import('@tensorflow/tfjs');
console.log = log;
await tf.setBackend('cpu');
tf.env().set('IS_TEST', false);
const t1 = performance.now();
const m = tf.sequential();
m.add(tf.layers.dense({ units: 32, inputShape: [784], activation: 'relu' }));
m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
m.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam() });
const t2 = performance.now();
const x = tf.tensor2d(new Float32Array(32 * 784).map((_, i) => Math.sin(i)), [32, 784]);
const y = tf.tensor2d(new Float32Array(320).map((_, i) => (i % 10 === 3 ? 1 : 0)), [32, 10]);
m.predict(x).dataSync();
const t3 = performance.now();
await m.trainOnBatch(x, y);
const t4 = performance.now();
await m.trainOnBatch(x, y);
const t5 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, build: t2 - t1, predict1: t3 - t2, train1: t4 - t3, train2: t5 - t4 }));`;
const coldRows = [];
if (COLD_RUNS > 0 && (!FILTER || 'cold'.includes(FILTER))) {
  const impls = [['purekeras', coldOurs], ...(tf ? [['tfjs-cpu', coldTf]] : [])];
  const runs = Object.fromEntries(impls.map(([k]) => [k, []]));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [k, code] of (i % 2 ? impls.slice().reverse() : impls)) {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: here });
      const total = performance.now() - t;
      if (r.status !== 0) { console.error(`cold ${k} failed: ${String(r.stderr).slice(-300)}`); continue; }
      runs[k].push({ ...JSON.parse(r.stdout.trim().split('\n').at(-1)), process: total });
    }
  }
  for (const [k, rs] of Object.entries(runs)) {
    if (rs.length === 0) continue;
    const line = { bench: 'train', case: 'cold start 784→32→10 (fresh process)', impl: k, unit: 'ms', runs: rs.length };
    for (const phase of ['import', 'build', 'predict1', 'train1', 'train2', 'process']) line[phase] = round3(stats(rs.map((r) => r[phase])).median);
    coldRows.push(line);
    console.log(JSON.stringify(line));
  }
}

// ---- table -----------------------------------------------------------------------
console.log('');
console.log(`train, ${ROUNDS} interleaved rounds after a warm-up; Node ${process.version}; TF.js ${tf?.version?.tfjs ?? 'absent'}; CPU time per call`);
const head = ['case', 'implementation', 'median (min–max)', 'peer/ours', 'target'];
const rows = results.map((r) => {
  const c = cases.find((x) => x.name === r.case);
  const isTarget = c?.target && r.impl === c.target.peer;
  return [r.case, r.impl, `${fmt(r.median)} ${r.unit}${r.min !== null ? ` (${fmt(r.min)}–${fmt(r.max)})` : ''}`,
    r.impl === 'purekeras' ? '1' : `${r.this_over_ours.toFixed(1)}×`,
    isTarget ? `≥ ${c.target.ratio}× ${r.this_over_ours >= c.target.ratio ? 'met' : 'NOT met'}` : ''];
});
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((x, i) => (i < 2 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
if (coldRows.length > 0) {
  console.log('');
  console.log(`cold start: medians of ${COLD_RUNS} fresh processes each (interleaved), wall ms per phase; "process" is spawn to exit`);
  const phases = ['import', 'build', 'predict1', 'train1', 'train2', 'process'];
  const head2 = ['implementation', ...phases];
  const body = coldRows.map((r) => [r.impl, ...phases.map((p) => fmt(r[p]))]);
  const w2 = head2.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const l2 = (cells) => cells.map((x, i) => (i === 0 ? String(x).padEnd(w2[i]) : String(x).padStart(w2[i]))).join(' | ');
  console.log(l2(head2));
  console.log(w2.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(l2(b));
}
if (sink === 42) console.log('');

function fmt(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
