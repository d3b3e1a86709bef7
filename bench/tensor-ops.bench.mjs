// Speed of the elementwise, broadcast, reduction and softmax ops against the
// TensorFlow.js CPU and WASM backends and a plain allocate-and-loop baseline,
// on Dense-sized activations (batch 128 × 1024 unless OPS_SHAPE says
// otherwise). Interleaved rounds (a warm-up, then OPS_ROUNDS counted), each
// sample timed by CPU time and by the wall clock.
//
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/tensor-ops.bench.mjs
//   OPS_ROUNDS=n (default 5)   OPS_SHAPE=rows,cols (default 128,1024)   OPS_FILTER=name
//
// Prints one JSON line per (op, implementation), then a table of median
// Melem/s (million output elements per second) and the ratios ours/peer.
import * as pk from '../dist/index.js';
import { loadTfBackends, measureInterleaved, stats, timeSample } from './lib/area.mjs';

const ROUNDS = Number(process.env.OPS_ROUNDS ?? 5);
const [ROWS, COLS] = (process.env.OPS_SHAPE ?? '128,1024').split(',').map(Number);
const FILTER = process.env.OPS_FILTER ?? '';
const SAMPLE_MS = 40;

const { tf, backends: tfBackends } = await loadTfBackends();

const rng = new pk.Random(7);
const data = (n, scale = 1) => { const d = new Float32Array(n); for (let i = 0; i < n; i++) d[i] = scale * rng.normal(); return d; };
const X = data(ROWS * COLS), Y = data(ROWS * COLS), V = data(COLS), P = data(ROWS * COLS).map((v) => Math.abs(v) + 0.1);

// Each op: ours (allocating, like a user call), the same op as a Tensor method
// (t.add(u): it must cost what the function costs), ours with a reused `out`
// where that exists, the plain loop, and the TF.js call. `n` = output elements.
const ops = [
  { name: 'add', n: ROWS * COLS,
    ours: (a) => pk.add(a.x, a.y), method: (a) => a.x.add(a.y), oursOut: (a) => pk.add(a.x, a.y, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = X[i] + Y[i]; return z; },
    tf: (t) => tf.add(t.x, t.y) },
  { name: 'mul', n: ROWS * COLS,
    ours: (a) => pk.mul(a.x, a.y), method: (a) => a.x.mul(a.y), oursOut: (a) => pk.mul(a.x, a.y, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = X[i] * Y[i]; return z; },
    tf: (t) => tf.mul(t.x, t.y) },
  { name: 'exp', n: ROWS * COLS,
    ours: (a) => pk.exp(a.x), method: (a) => a.x.exp(), oursOut: (a) => pk.exp(a.x, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = Math.exp(X[i]); return z; },
    tf: (t) => tf.exp(t.x) },
  { name: 'log', n: ROWS * COLS,
    ours: (a) => pk.log(a.p), method: (a) => a.p.log(), oursOut: (a) => pk.log(a.p, a.out),
    loop: () => { const z = new Float32Array(P.length); for (let i = 0; i < z.length; i++) z[i] = Math.log(P[i]); return z; },
    tf: (t) => tf.log(t.p) },
  { name: 'sigmoid', n: ROWS * COLS,
    ours: (a) => pk.sigmoid(a.x), method: (a) => a.x.sigmoid(), oursOut: (a) => pk.sigmoid(a.x, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-X[i])); return z; },
    tf: (t) => tf.sigmoid(t.x) },
  { name: 'tanh', n: ROWS * COLS,
    ours: (a) => pk.tanh(a.x), method: (a) => a.x.tanh(), oursOut: (a) => pk.tanh(a.x, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = Math.tanh(X[i]); return z; },
    tf: (t) => tf.tanh(t.x) },
  { name: 'relu', n: ROWS * COLS,
    ours: (a) => pk.relu(a.x), method: (a) => a.x.relu(), oursOut: (a) => pk.relu(a.x, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = X[i] < 0 ? 0 : X[i]; return z; },
    tf: (t) => tf.relu(t.x) },
  { name: 'erf', n: ROWS * COLS,
    ours: (a) => pk.erf(a.x), oursOut: (a) => pk.erf(a.x, a.out),
    loop: null,
    tf: (t) => tf.erf(t.x) },
  { name: 'addRowVector (bias)', n: ROWS * COLS,
    ours: (a) => pk.addRowVector(a.x, a.v), oursOut: (a) => pk.addRowVector(a.x, a.v, a.out),
    loop: () => { const z = new Float32Array(X.length); for (let i = 0; i < z.length; i++) z[i] = X[i] + V[i % COLS]; return z; },
    tf: (t) => tf.add(t.x, t.v) },
  { name: 'sumColumns (bias grad)', n: ROWS * COLS,
    ours: (a) => pk.sumColumns(a.x), oursOut: (a) => pk.sumColumns(a.x, a.outV),
    loop: () => { const z = new Float32Array(COLS); for (let i = 0; i < X.length; i++) z[i % COLS] += X[i]; return z; },
    tf: (t) => tf.sum(t.x, 0) },
  { name: 'sum (all)', n: ROWS * COLS,
    ours: (a) => pk.sum(a.x), method: (a) => a.x.sum(), oursOut: null,
    loop: () => { let s = 0; for (let i = 0; i < X.length; i++) s += X[i]; return s; },
    tf: (t) => tf.sum(t.x) },
  { name: 'softmax (last axis)', n: ROWS * COLS,
    ours: (a) => pk.softmax(a.x), method: (a) => a.x.softmax(), oursOut: (a) => pk.softmax(a.x, -1, a.out),
    loop: null,
    tf: (t) => tf.softmax(t.x) },
  { name: 'logSoftmax (last axis)', n: ROWS * COLS,
    ours: (a) => pk.logSoftmax(a.x), oursOut: (a) => pk.logSoftmax(a.x, -1, a.out),
    loop: null,
    tf: (t) => tf.logSoftmax(t.x) },
].filter((o) => o.name.includes(FILTER));

const ours = {
  x: new pk.Tensor(X, [ROWS, COLS]), y: new pk.Tensor(Y, [ROWS, COLS]), p: new pk.Tensor(P, [ROWS, COLS]),
  v: new pk.Tensor(V, [COLS]), out: pk.zeros([ROWS, COLS]), outV: pk.zeros([COLS]),
};

let sink = 0;
async function makeRunners(op) {
  const runners = [{ impl: 'purekeras', run: (it) => { for (let i = 0; i < it; i++) { const r = op.ours(ours); sink += r.data[0]; } } }];
  if (op.method) runners.push({ impl: 'purekeras method', run: (it) => { for (let i = 0; i < it; i++) sink += op.method(ours).data[0]; } });
  if (op.oursOut) runners.push({ impl: 'purekeras+out', run: (it) => { for (let i = 0; i < it; i++) sink += op.oursOut(ours).data[0]; } });
  if (op.loop) runners.push({ impl: 'plain loop', run: (it) => { for (let i = 0; i < it; i++) { const r = op.loop(); sink += typeof r === 'number' ? r : r[0]; } } });
  for (const backend of tfBackends) {
    await tf.setBackend(backend);
    const t = { x: tf.tensor(X, [ROWS, COLS]), y: tf.tensor(Y, [ROWS, COLS]), p: tf.tensor(P, [ROWS, COLS]), v: tf.tensor(V, [COLS]) };
    runners.push({
      impl: `tfjs-${backend}`, backend, dispose: () => Object.values(t).forEach((x) => x.dispose()),
      run: (it) => { for (let i = 0; i < it; i++) { const r = op.tf(t); if (i === it - 1) sink += r.dataSync()[0]; r.dispose(); } },
    });
  }
  return runners;
}

// No forced gc() before a sample (it slows TF.js's next short operation).
const sample = (r, iters) => timeSample(tf, r, iters);
const round3 = (x) => Math.round(x * 1000) / 1000;

const results = [];
for (const op of ops) {
  const runners = await makeRunners(op);
  await measureInterleaved(runners, { rounds: ROUNDS, sampleMs: SAMPLE_MS, sample });
  const rate = (r, clock) => stats(r.times.map((t) => op.n / t[clock] / 1e3));
  const oursCpu = rate(runners[0], 'cpu'), oursWall = rate(runners[0], 'wall');
  for (const r of runners) {
    const cpu = rate(r, 'cpu'), wall = rate(r, 'wall');
    const line = {
      bench: 'tensor-ops', op: op.name, shape: [ROWS, COLS], impl: r.impl, unit: 'Melem/s', clock: 'cpu',
      median: round3(cpu.median), min: round3(cpu.min), max: round3(cpu.max), ours_over_this: round3(oursCpu.median / cpu.median),
      wall_median: round3(wall.median), wall_ours_over_this: round3(oursWall.median / wall.median),
      runs: r.times.length, iters_per_run: r.iters,
    };
    results.push(line);
    console.log(JSON.stringify(line));
    r.dispose?.();
  }
}

const impls = ['purekeras', 'purekeras method', 'purekeras+out', 'plain loop', ...tfBackends.map((b) => `tfjs-${b}`)];
const peers = impls.slice(3);
const head = ['op', ...impls.map((i) => `${i} Melem/s`), ...peers.map((p) => `ours/${p}`), ...peers.map((p) => `wall ours/${p}`)];
const rows = ops.map((op) => {
  const by = Object.fromEntries(results.filter((r) => r.op === op.name).map((r) => [r.impl, r]));
  const o = by.purekeras;
  return [
    op.name,
    ...impls.map((i) => (by[i] ? `${fmt(by[i].median)} (${fmt(by[i].min)}–${fmt(by[i].max)})` : '-')),
    ...peers.map((p) => (by[p] ? `${(o.median / by[p].median).toFixed(2)}×` : '-')),
    ...peers.map((p) => (by[p] ? `${(o.wall_median / by[p].wall_median).toFixed(2)}×` : '-')),
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmtLine = (cells) => cells.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join(' | ');
console.log('');
console.log(`tensor ops on (${ROWS}, ${COLS}) float32, ${ROUNDS} interleaved rounds; Node ${process.version}; TF.js ${tf?.version?.tfjs ?? 'absent'}`);
console.log('Rates and the first ratios use process CPU time; "wall" ratios use elapsed time from the same rounds.');
console.log(fmtLine(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(fmtLine(r));
if (sink === 42) console.log('');

function fmt(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
