// Matrix-product speed: purekeras's matmul against a naive triple loop, the
// TensorFlow.js pure-JS CPU backend and the TensorFlow.js WASM backend, in one
// process, interleaved (every round runs each implementation once, in a
// rotating order) and repeated (a warm-up round, then ROUNDS counted rounds).
//
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/matmul.bench.mjs
//      (or `npm run bench -- matmul`). Environment:
//   MATMUL_ROUNDS=n   counted rounds (default 5)
//   MATMUL_QUICK=1    skip n = 1024, the batch-128 Dense shapes and the 5000-unit rows
//   MATMUL_FILTER=s   only cases whose name contains s
//
// Prints one JSON line per (case, implementation) and then a table of median
// GFLOP/s [min–max] with the ratios ours/peer (medians). The x·W cases of the
// "rows" group also time two floors over the same kernel W, reported in a
// second table: the fastest plain JS loop reading W (a sum over the
// Float32Array with eight accumulators: one load, bounds check and float32 →
// float64 conversion per element) and a Float32Array copy (memcpy); ours is
// given as GB/s of W read and as a multiple of the floor's time. Each sample is timed
// by both the wall clock and the process's CPU time (user + system): with
// other work sharing the cores, CPU time is what the code itself costs, and
// every implementation here runs on one thread. Each sample times
// enough calls to last ≥ SAMPLE_MS. Every implementation allocates its output,
// as a user's call would. Numbers on a shared machine are noisy: compare the
// ratios, which come from the same rounds.
import { matmul, Tensor, Random } from '../dist/index.js';
import { loadTfBackends, measureInterleaved, stats, timeSample } from './lib/area.mjs';

const ROUNDS = Number(process.env.MATMUL_ROUNDS ?? 5);
const QUICK = process.env.MATMUL_QUICK === '1';
const FILTER = process.env.MATMUL_FILTER ?? '';
const SAMPLE_MS = 60;

// ---- cases -----------------------------------------------------------------
const cases = [];
for (const n of [64, 128, 256, 512, 1024]) {
  if (QUICK && n > 512) continue;
  cases.push({ group: 'square', name: `square n=${n}`, m: n, n, k: n, ta: false, tb: false });
}
// Dense(in → out) on a batch: forward y = x·W, backward dW = xᵀ·dy and dx = dy·Wᵀ.
for (const batch of [32, 128]) {
  if (QUICK && batch > 32) continue;
  for (const units of [256, 512, 1024]) {
    const tag = `b${batch} ${units}→${units}`;
    cases.push({ group: 'dense', name: `fwd  x·W     ${tag}`, m: batch, n: units, k: units, ta: false, tb: false });
    cases.push({ group: 'dense', name: `bwd  xᵀ·dy   ${tag}`, m: units, n: units, k: batch, ta: true, tb: false });
    cases.push({ group: 'dense', name: `bwd  dy·Wᵀ   ${tag}`, m: batch, n: units, k: units, ta: false, tb: true });
  }
}
// One to three rows through a large kernel: predicting a few samples
// (x·W streams W row by row) and their input gradient (dy·Wᵀ, dot products).
for (const [m, units] of [[1, 1024], [3, 1024], [1, 5000], [2, 5000], [3, 5000]]) {
  if (QUICK && units > 1024) continue;
  cases.push({ group: 'rows', name: `rows x·W   ${m}×${units}·${units}×${units}`, m, n: units, k: units, ta: false, tb: false });
  if (units === 1024 || m === 1) cases.push({ group: 'rows', name: `rows dy·Wᵀ ${m}×${units}·(${units}×${units})ᵀ`, m, n: units, k: units, ta: false, tb: true });
}
cases.push({ group: 'rows', name: 'rows xᵀ·W  (1024×2)ᵀ·1024×1024', m: 2, n: 1024, k: 1024, ta: true, tb: false });
// The seed model's shapes: per-call overhead dominates here.
cases.push({ group: 'tiny', name: 'tiny [160,1]·[1,1]', m: 160, n: 1, k: 1, ta: false, tb: false });
cases.push({ group: 'tiny', name: 'tiny [1,160]ᵀ·[160,1] (dW)', m: 1, n: 1, k: 160, ta: true, tb: false });
cases.push({ group: 'tiny', name: 'tiny [32,16]·[16,16]', m: 32, n: 16, k: 16, ta: false, tb: false });
cases.push({ group: 'tiny', name: 'tiny [32,256]·[256,1]', m: 32, n: 1, k: 256, ta: false, tb: false });
const selected = cases.filter((c) => c.name.includes(FILTER));

// ---- implementations ---------------------------------------------------------
/** The textbook loop: one dot product per output element, transposes through strides. */
function naiveMatmul(A, B, m, n, k, ta, tb) {
  const C = new Float32Array(m * n);
  const ars = ta ? 1 : k, acs = ta ? m : 1;
  const brs = tb ? 1 : n, bcs = tb ? k : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * ars + p * acs] * B[p * brs + j * bcs];
      C[i * n + j] = s;
    }
  }
  return C;
}

/** Reads every element of a Float32Array once, as fast as a JS loop can (eight independent sums). */
function sumFloor(a) {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const n = a.length - (a.length % 8);
  for (let i = 0; i < n; i += 8) {
    s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
  }
  for (let i = n; i < a.length; i++) s0 += a[i];
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}

const { tf, backends: tfBackends } = await loadTfBackends();
const tfInfo = tf ? {
  version: tf.version.tfjs,
  wasmSimd: tfBackends.includes('wasm') ? await tf.setBackend('wasm').then(() => tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null,
  wasmThreads: tfBackends.includes('wasm') ? tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') : null,
} : null;

function randomData(size, seed) {
  const rng = new Random(seed);
  const d = new Float32Array(size);
  for (let i = 0; i < size; i++) d[i] = rng.normal();
  return d;
}

/** Builds, for one case, a runner per implementation: run(iters) performs iters calls. */
async function makeRunners(c) {
  const aShape = c.ta ? [c.k, c.m] : [c.m, c.k];
  const bShape = c.tb ? [c.n, c.k] : [c.k, c.n];
  const A = randomData(c.m * c.k, 1), B = randomData(c.k * c.n, 2);
  const a = new Tensor(A, aShape), b = new Tensor(B, bShape);
  const opts = { transposeA: c.ta, transposeB: c.tb };
  let sink = 0;
  const runners = [
    { impl: 'purekeras', run: (iters) => { for (let i = 0; i < iters; i++) sink += matmul(a, b, opts).data[0]; } },
    { impl: 'naive', run: (iters) => { for (let i = 0; i < iters; i++) sink += naiveMatmul(A, B, c.m, c.n, c.k, c.ta, c.tb)[0]; } },
  ];
  if (c.group === 'rows' && !c.ta && !c.tb) {
    const copy = new Float32Array(B.length);
    runners.push({ impl: 'floor: sum W', floor: true, run: (iters) => { for (let i = 0; i < iters; i++) sink += sumFloor(B); } });
    runners.push({ impl: 'floor: copy W', floor: true, run: (iters) => { for (let i = 0; i < iters; i++) { copy.set(B); sink += copy[0]; } } });
  }
  if (c.group === 'tiny') {
    // A training loop reuses its buffers: at these sizes allocating the
    // output (a Float32Array costs ~0.5 µs in V8) outweighs the arithmetic.
    const out = new Tensor(new Float32Array(c.m * c.n), [c.m, c.n]);
    const withOut = { ...opts, out };
    runners.push({ impl: 'purekeras+out', run: (iters) => { for (let i = 0; i < iters; i++) sink += matmul(a, b, withOut).data[0]; } });
  }
  for (const backend of tfBackends) {
    await tf.setBackend(backend);
    const ta = tf.tensor(A, aShape), tb = tf.tensor(B, bShape);
    runners.push({
      impl: `tfjs-${backend}`, backend, dispose: () => { ta.dispose(); tb.dispose(); },
      run: (iters) => {
        for (let i = 0; i < iters; i++) {
          const y = tf.matMul(ta, tb, c.ta, c.tb);
          if (i === iters - 1) sink += y.dataSync()[0];
          y.dispose();
        }
      },
    });
  }
  return { runners, sinkRef: () => sink };
}

// No forced gc() before a sample: a full collection just before a short
// operation disturbs V8 enough to slow TF.js's small matMuls several-fold,
// and the garbage an operation makes is part of its cost.
const sample = (r, iters) => timeSample(tf, r, iters);

// ---- run ---------------------------------------------------------------------
const results = [];
for (const c of selected) {
  const { runners } = await makeRunners(c);
  const flop = 2 * c.m * c.n * c.k;
  await measureInterleaved(runners, { rounds: ROUNDS, sampleMs: SAMPLE_MS, sample });
  const gflops = (r, clock) => stats(r.times.map((t) => flop / t[clock] / 1e6));
  const ours = runners[0];
  const oursCpu = gflops(ours, 'cpu'), oursWall = gflops(ours, 'wall');
  for (const r of runners) {
    const cpu = gflops(r, 'cpu'), wall = gflops(r, 'wall');
    const line = {
      bench: 'matmul', group: c.group, case: c.name.replace(/\s+/g, ' '), m: c.m, n: c.n, k: c.k, transposeA: c.ta, transposeB: c.tb,
      impl: r.impl, unit: 'GFLOP/s', clock: 'cpu', median: round3(cpu.median), min: round3(cpu.min), max: round3(cpu.max),
      ours_over_this: round3(oursCpu.median / cpu.median),
      wall_median: round3(wall.median), wall_min: round3(wall.min), wall_max: round3(wall.max),
      wall_ours_over_this: round3(oursWall.median / wall.median),
      us_per_call_median: round3(stats(r.times.map((t) => t.wall * 1000)).median),
      ...(c.group === 'rows' && !c.ta && !c.tb ? { w_gb_per_s_wall: round3((4 * c.k * c.n) / stats(r.times.map((t) => t.wall)).median / 1e6) } : {}),
      cpu_us_per_call_median: round3(stats(r.times.map((t) => t.cpu * 1000)).median),
      runs: r.times.length, iters_per_run: r.iters,
    };
    results.push(line);
    console.log(JSON.stringify(line));
    r.dispose?.();
  }
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}

// ---- table -------------------------------------------------------------------
const peers = ['naive', ...tfBackends.map((b) => `tfjs-${b}`)];
const impls = ['purekeras', ...peers];
const hasOut = selected.some((c) => c.group === 'tiny');
const head = ['case', ...impls.map((i) => `${i} GFLOP/s (min–max)`), ...peers.map((i) => `ours/${i}`),
  ...peers.map((i) => `wall ours/${i}`), 'ours µs/call', ...(hasOut ? ['ours+out µs/call'] : [])];
const rows = [];
for (const c of selected) {
  const byImpl = Object.fromEntries(results.filter((r) => r.case === c.name.replace(/\s+/g, ' ')).map((r) => [r.impl, r]));
  const ours = byImpl.purekeras;
  rows.push([
    c.name,
    ...impls.map((i) => (byImpl[i] ? `${fmt(byImpl[i].median)} (${fmt(byImpl[i].min)}–${fmt(byImpl[i].max)})` : '-')),
    ...peers.map((i) => (byImpl[i] ? `${(ours.median / byImpl[i].median).toFixed(2)}×` : '-')),
    ...peers.map((i) => (byImpl[i] ? `${(ours.wall_median / byImpl[i].wall_median).toFixed(2)}×` : '-')),
    fmt(ours.cpu_us_per_call_median),
    ...(hasOut ? [byImpl['purekeras+out'] ? fmt(byImpl['purekeras+out'].cpu_us_per_call_median) : '-'] : []),
  ]);
}
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join(' | ');
console.log('');
console.log(`matmul, ${ROUNDS} interleaved rounds after a warm-up; Node ${process.version}; TF.js ${tfInfo?.version ?? 'absent'}` +
  (tfInfo ? ` (wasm SIMD ${tfInfo.wasmSimd}, threads ${tfInfo.wasmThreads})` : ''));
console.log('GFLOP/s and the first ratios use process CPU time (robust on a shared machine; every peer here is');
console.log('single-threaded); the "wall" ratios use elapsed time from the same rounds. µs/call is ours, CPU time.');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));

// x·W with few rows against the floors of reading W (wall clock, same rounds).
const floorCases = selected.filter((c) => c.group === 'rows' && !c.ta && !c.tb);
if (floorCases.length > 0) {
  console.log('');
  console.log('rows x·W against reading W in plain JS (wall clock): ours as GFLOP/s and GB/s of W, the floors\' ms, ours/floor time');
  const fhead = ['case', 'ours ms', 'ours GFLOP/s', 'ours GB/s of W', 'floor sum ms', 'sum GB/s', 'floor copy ms', 'copy GB/s', 'ours/sum', 'ours/copy'];
  const frows = floorCases.map((c) => {
    const by = Object.fromEntries(results.filter((r) => r.case === c.name.replace(/\s+/g, ' ')).map((r) => [r.impl, r]));
    const ms = (r) => r.us_per_call_median / 1000;
    const o = by.purekeras, fs = by['floor: sum W'], fc = by['floor: copy W'];
    return [c.name, fmt(ms(o)), fmt(o.wall_median), fmt(o.w_gb_per_s_wall), fmt(ms(fs)), fmt(fs.w_gb_per_s_wall), fmt(ms(fc)), fmt(fc.w_gb_per_s_wall),
      `${(ms(o) / ms(fs)).toFixed(2)}×`, `${(ms(o) / ms(fc)).toFixed(2)}×`];
  });
  const fw = fhead.map((h, i) => Math.max(h.length, ...frows.map((r) => String(r[i]).length)));
  const fline = (cells) => cells.map((x, i) => (i === 0 ? String(x).padEnd(fw[i]) : String(x).padStart(fw[i]))).join(' | ');
  console.log(fline(fhead));
  console.log(fw.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of frows) console.log(fline(r));
}

function fmt(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
