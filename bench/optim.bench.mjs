// Optimizer steps: applyGradients on a 1024x1024 kernel + 1024 bias
// (~1.05 M float32 parameters) for SGD with momentum, Adam and RMSprop, and
// on the seed model's 1x1 kernel + bias (per-call overhead). Peers, in the
// same run: TensorFlow.js optimizers (cpu and wasm backends), Keras 3 on JAX
// (eager apply_gradients as Keras runs it outside jit, and a jitted
// stateless_apply as model.fit runs it; timed inside Python, one subprocess
// per round), and a plain hand-written JS loop of the same update in float64
// (no float32 rounding of intermediates: the floor). Rounds are interleaved
// and rotated; one JSON line per result, then a table with median/min/max
// per step and the ratio to ours.
//
// Build first: npx tsc -p tsconfig.build.json
// Run: node bench/run.mjs optim   (env BENCH_ROUNDS, BENCH_SIZE)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
let lib;
try {
  lib = await import('../dist/index.js');
} catch (e) {
  console.log(`note: ../dist/index.js failed to load (${e.message.split('\n')[0]}); using ../dist/optim + tensor`);
  lib = { ...(await import('../dist/tensor/index.js')), ...(await import('../dist/optim/index.js')) };
}
const { Tensor, Variable, SGD, Adam, RMSprop } = lib;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZE = Number(process.env.BENCH_SIZE ?? 1024);
const python = process.env.PUREKERAS_PYTHON ?? join(root, '.venv/bin/python');

let tf = null;
try {
  tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('cpu');
} catch (e) {
  console.log(`tfjs unavailable: ${e.message}`);
}
let haveWasm = false;
if (tf) {
  try {
    haveWasm = await tf.setBackend('wasm');
    await tf.ready();
    await tf.setBackend('cpu');
  } catch (e) { console.log(`tfjs wasm unavailable: ${e.message}`); }
}

function rand(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    a[i] = (s / 4294967296 - 0.5) * 0.2;
  }
  return a;
}

const OPTIMIZERS = {
  'SGD(momentum=0.9)': {
    ours: () => new SGD({ learningRate: 0.01, momentum: 0.9 }),
    tfjs: () => tf.train.momentum(0.01, 0.9),
    keras: 'keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)',
    // m = 0.9 m - lr g; w += m
    floor: (w, g, s) => {
      const m = s[0];
      for (let j = 0, n = w.length; j < n; j++) {
        const mt = 0.9 * m[j] - 0.01 * g[j];
        m[j] = mt;
        w[j] += mt;
      }
    },
    slots: 1,
  },
  Adam: {
    ours: () => new Adam({ learningRate: 0.001 }),
    tfjs: () => tf.train.adam(0.001, 0.9, 0.999, 1e-7),
    keras: 'keras.optimizers.Adam(learning_rate=0.001)',
    floor: (w, g, s, t) => {
      const m = s[0];
      const v = s[1];
      const alpha = 0.001 * Math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t);
      for (let j = 0, n = w.length; j < n; j++) {
        const gj = g[j];
        const mt = m[j] + (gj - m[j]) * 0.1;
        const vt = v[j] + (gj * gj - v[j]) * 0.001;
        m[j] = mt;
        v[j] = vt;
        w[j] -= (mt * alpha) / (Math.sqrt(vt) + 1e-7);
      }
    },
    slots: 2,
  },
  RMSprop: {
    ours: () => new RMSprop({ learningRate: 0.001 }),
    tfjs: () => tf.train.rmsprop(0.001, 0.9, 0, 1e-7),
    keras: 'keras.optimizers.RMSprop(learning_rate=0.001)',
    floor: (w, g, s) => {
      const v = s[0];
      for (let j = 0, n = w.length; j < n; j++) {
        const gj = g[j];
        const vt = 0.9 * v[j] + 0.1 * gj * gj;
        v[j] = vt;
        w[j] -= (0.001 * gj) / Math.sqrt(vt + 1e-7);
      }
    },
    slots: 1,
  },
};

const CASES = [
  { name: `${SIZE}x${SIZE} kernel + ${SIZE} bias`, shapes: [[SIZE, SIZE], [SIZE]], steps: 5 },
  { name: 'seed model: 1x1 kernel + 1 bias', shapes: [[1, 1], [1]], steps: 20000 },
];

function makePeers(opt, c) {
  const peers = {};
  const sizes = c.shapes.map((s) => s.reduce((a, b) => a * b, 1));
  {
    const vars = c.shapes.map((s, i) => new Variable(new Tensor(rand(sizes[i], i + 1), s), `v${i}`, { path: `dense/v${i}` }));
    const grads = c.shapes.map((s, i) => new Tensor(rand(sizes[i], i + 11), s));
    const o = opt.ours();
    o.applyGradients(grads, vars); // build outside the timing
    peers.purekeras = () => { for (let k = 0; k < c.steps; k++) o.applyGradients(grads, vars); };
  }
  {
    const ws = sizes.map((n, i) => rand(n, i + 1));
    const gs = sizes.map((n, i) => rand(n, i + 11));
    const slots = sizes.map((n) => Array.from({ length: opt.slots }, () => new Float32Array(n)));
    let t = 0;
    peers['plain JS loop (floor)'] = () => {
      for (let k = 0; k < c.steps; k++) {
        t++;
        for (let i = 0; i < ws.length; i++) opt.floor(ws[i], gs[i], slots[i], t);
      }
    };
  }
  if (tf) {
    for (const backend of haveWasm ? ['cpu', 'wasm'] : ['cpu']) {
      tf.setBackend(backend);
      const vars = c.shapes.map((s, i) => tf.variable(tf.tensor(rand(sizes[i], i + 1), s), true, `${backend}_${c.name}_v${i}_${Math.random()}`));
      const grads = c.shapes.map((s, i) => tf.tensor(rand(sizes[i], i + 11), s));
      const named = Object.fromEntries(vars.map((v, i) => [v.name, grads[i]]));
      const o = opt.tfjs();
      o.applyGradients(named);
      peers[`tfjs ${backend}`] = () => {
        tf.setBackend(backend);
        for (let k = 0; k < c.steps; k++) o.applyGradients(named);
        vars[vars.length - 1].dataSync(); // wait for the work (tiny read)
      };
    }
    tf.setBackend('cpu');
  }
  return peers;
}

/** One Python process per round: Keras eager apply_gradients and jitted stateless_apply, ms per step. */
function kerasRound(opt, c) {
  if (!existsSync(python)) return null;
  const r = spawnSync(python, ['-c', `
import os, sys, json, time
os.environ.setdefault('KERAS_BACKEND', 'jax')
import keras, numpy as np, jax
shapes = json.loads(sys.argv[1]); steps = int(sys.argv[2])
rng = np.random.default_rng(0)
vars_ = [keras.Variable(rng.standard_normal(s).astype('float32') * 0.1) for s in shapes]
grads = [jax.numpy.asarray(rng.standard_normal(s).astype('float32') * 0.1) for s in shapes]
opt = ${opt.keras}
opt.apply_gradients(zip(grads, vars_))
jax.block_until_ready([v.value for v in vars_])
t0 = time.perf_counter()
for _ in range(steps):
    opt.apply_gradients(zip(grads, vars_))
jax.block_until_ready([v.value for v in vars_])
eager = (time.perf_counter() - t0) * 1000 / steps
opt2 = ${opt.keras}
opt2.build(vars_)
ov = [v.value for v in opt2.variables]; tv = [v.value for v in vars_]
step = jax.jit(opt2.stateless_apply)
tv, ov = step(ov, grads, tv); jax.block_until_ready(tv)
t0 = time.perf_counter()
for _ in range(steps):
    tv, ov = step(ov, grads, tv)
jax.block_until_ready(tv)
jit = (time.perf_counter() - t0) * 1000 / steps
print(json.dumps({'eager': eager, 'jit': jit}))
`, JSON.stringify(c.shapes), String(Math.min(c.steps, c.shapes[0][0] > 1 ? 20 : 2000))],
  { encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (r.status !== 0) {
    console.log(`keras round failed: ${r.stderr.slice(-300)}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const stats = (a) => {
  const s = a.slice().sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const rows = [];
for (const c of CASES) {
  for (const [optName, opt] of Object.entries(OPTIMIZERS)) {
    const peers = makePeers(opt, c);
    const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
    times['keras jax eager'] = [];
    times['keras jax jit'] = [];
    const order = Object.keys(peers);
    for (let round = 0; round < ROUNDS; round++) {
      const rot = order.slice(round % order.length).concat(order.slice(0, round % order.length));
      for (const name of rot) {
        globalThis.gc?.();
        const t0 = performance.now();
        peers[name]();
        times[name].push((performance.now() - t0) / c.steps);
      }
      const k = kerasRound(opt, c);
      if (k) {
        times['keras jax eager'].push(k.eager);
        times['keras jax jit'].push(k.jit);
      }
    }
    const ours = stats(times.purekeras).median;
    for (const [peer, t] of Object.entries(times)) {
      if (t.length === 0) continue;
      const st = stats(t);
      const row = { bench: 'optim', case: c.name, optimizer: optName, peer, unit: 'ms/step', ...st, ratioVsOurs: st.median / ours };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
}

const fmt = (x) => (x >= 1 ? x.toFixed(2) : x >= 0.01 ? x.toFixed(4) : x.toExponential(2));
console.log('\n| case | optimizer | peer | median ms/step | min | max | peer / ours |');
console.log('|---|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.case} | ${r.optimizer} | ${r.peer} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.ratioVsOurs.toFixed(2)}x |`);
}
