// loadModel + first predict (issue 7 targets): a small Keras file, and a
// 25M-parameter file against the raw file-read rate, with peers in the same
// process, interleaved (each round runs every implementation once, in a
// rotating order) and repeated.
//
// Run: npx tsc -p tsconfig.build.json && node --expose-gc bench/keras.bench.mjs
//      (or `npm run bench -- keras`). Environment:
//   KERAS_BENCH_ROUNDS=n  counted rounds for the small file (default 7; the large file uses ceil(n/2))
//   KERAS_BENCH_LARGE=0   skip the 25M-parameter file
//   KERAS_BENCH_PYTHON=0  skip the Keras/JAX reference (Python subprocess)
//
// Small file: the seed model (Dense(1), input_dim 1, mse, SGD) trained and
// saved by this library (≈ 10 KB). Implementations, each from bytes already
// in memory to the first prediction on 2 rows:
//   purekeras            loadModelBytes (compile from training_config, optimizer state) + predict
//   purekeras nocompile  loadModelBytes({ compile: false }) + predict
//   jsfive               open the same .h5 and read every dataset (no model at all: a floor for an HDF5 parse in JS)
//   tfjs-layers (cpu)    tf.loadLayersModel(tf.io.fromMemory(own format)) + predict
//   keras/jax (python)   keras.models.load_model(compile=False) + predict, timed in Python (reference, not interleaved)
// Large file: Dense(5000, input_dim 5000) = 25,005,000 parameters (≈ 100 MB):
//   raw read             readFileSync of the file (the bound)
//   purekeras            loadModel(path, { compile: false }) + predict on 1 row (read included)
//   … no predict         loadModel(path) alone (the first predict touches all 100 MB once more)
//   raw read, parallel   readFileBytesAsync (purekeras/node): the file in up to 4 parts read at once
//   purekeras async      await loadModelAsync(path, { compile: false }) + predict (the parallel read, then the same load)
//   purekeras bytes      loadModelBytes(bytes already in memory) + predict (weights copied out of the caller's bytes)
//   … adopt              the same with { adopt: true } (weights are views of the caller's bytes)
//   jsfive               open + read every dataset from bytes in memory
//   keras/jax (python)   load_model(compile=False) + predict (reference)
// Small file, cold: the first loadModelBytes + predict of a fresh process,
// timed after importing the bundle; beside it the same with compile: false,
// jsfive opening the file and reading every dataset cold (a floor: no model),
// TF.js from its own format, and purekeras started from a Node startup
// snapshot warmed by 200 loads (bytecode kept across processes).
// Large file, cold: raw read, loadModel(path) + predict, loadModel(path)
// alone, the parallel read and loadModelAsync(path) + predict, each timed in
// its own fresh process after importing the bundle (what a program that
// starts, loads and predicts once sees: lazy compilation and the first,
// unoptimized runs of the kernels included).
//
// Large save (item 4): the same Dense(5000) model, compiled with SGD, saved to a file:
//   purekeras saveModel(path)       metadata + zero-copy weight views, writev, fsync, rename (what model.save does)
//   … without fsync                 the same through writeFileAtomic with fsync skipped (like h5py and Keras, which do not fsync)
//   old: toBytes + atomic write     saveModelBytes (one file-sized buffer) then the same atomic write (the previous path)
//   purekeras saveWeights(path)     legacy weights layout, same write path
//   floor: writeFileSync            100 MB already in one buffer, written without fsync
//   floor: write + fsync            the same with fsync
//   h5py / keras model.save         timed in Python (reference, not interleaved): h5py create_dataset of the
//                                   same arrays; Keras 3 (JAX) model.save('x.h5') of the same model
//
// Prints one JSON line per (case, implementation), then a table of median
// milliseconds [min–max] and the ratios. The machine is shared: compare the
// ratios, which come from the same rounds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as realFs from 'node:fs';
import { Sequential, Dense, loadModel, loadModelAsync, loadModelBytes, saveModelBytes, saveModelSegments, saveModel, saveWeights, Tensor, getOptimizer } from '../dist/index.js';
import { readFileBytesAsync, writeFileAtomic } from '../dist/node/index.js';
import { stats } from './lib/area.mjs';

const ROUNDS = Number(process.env.KERAS_BENCH_ROUNDS ?? 7);
const LARGE = process.env.KERAS_BENCH_LARGE !== '0';
const PYTHON = process.env.KERAS_BENCH_PYTHON !== '0';
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dir = mkdtempSync(join(tmpdir(), 'purekeras-bench-'));
const gc = globalThis.gc ?? (() => {});

const r3 = (x) => Math.round(x * 1000) / 1000;

/** Times `fn` repeated until ≥ minMs; returns ms per call (sync functions are not awaited). */
async function timeIt(impl, minMs) {
  const fn = impl.run;
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  if (impl.async) {
    do { await fn(); n++; t = performance.now(); } while (t - t0 < minMs);
  } else {
    do { fn(); n++; t = performance.now(); } while (t - t0 < minMs);
  }
  return (t - t0) / n;
}

async function runCase(name, impls, rounds, minMs) {
  const times = new Map(impls.map((i) => [i.name, []]));
  for (const i of impls) await timeIt(i, minMs * 4); // warm-up (JIT)
  for (let r = 0; r < rounds; r++) {
    // One forced GC per round: a GC before every sample ages out (flushes) the
    // compiled code of whichever implementation did not run in between.
    gc();
    for (let k = 0; k < impls.length; k++) {
      const i = impls[(k + r) % impls.length];
      times.get(i.name).push(await timeIt(i, minMs));
    }
  }
  return impls.map((i) => ({ case: name, impl: i.name, unit: 'ms', ...stats(times.get(i.name)), runs: rounds, ...(i.bytes ? { bytes: i.bytes } : {}) }));
}

function python(code, input) {
  const py = process.env.PUREKERAS_PYTHON ?? join(repo, '.venv/bin/python');
  if (!PYTHON || !existsSync(py)) return null;
  const r = spawnSync(py, ['-c', code], { input: JSON.stringify(input), encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' }, maxBuffer: 1 << 26 });
  if (r.status !== 0) { console.error(r.stderr.slice(-800)); return null; }
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}
const KERAS_TIMER = `
import json, sys, time, warnings, os
warnings.filterwarnings('ignore')
import numpy as np, keras
inp = json.load(sys.stdin)
x = np.asarray(inp['x'], dtype='float32')
keras.models.load_model(inp['path'], compile=False).predict(x, verbose=0)
ts = []
for _ in range(inp['reps']):
    t = time.perf_counter(); m = keras.models.load_model(inp['path'], compile=False); m.predict(x, verbose=0); ts.append((time.perf_counter() - t) * 1000)
print(json.dumps(sorted(ts)))
`;

const SAVE_TIMER = `
import json, sys, time, os, warnings
warnings.filterwarnings('ignore')
import numpy as np, h5py, keras
inp = json.load(sys.stdin)
path = inp['path']
rng = np.random.default_rng(0)
kernel = rng.random((5000, 5000), dtype=np.float32)
bias = np.zeros(5000, dtype=np.float32)
def h5py_write():
    with h5py.File(path, 'w') as f:
        f.create_dataset('model_weights/dense/dense/kernel', data=kernel)
        f.create_dataset('model_weights/dense/dense/bias', data=bias)
m = keras.Sequential([keras.Input((5000,)), keras.layers.Dense(5000)])
m.compile(loss='mean_squared_error', optimizer=keras.optimizers.SGD(learning_rate=0.01))
m.train_on_batch(np.full((1, 5000), 0.1, 'float32'), np.zeros((1, 5000), 'float32'))
out = {'h5py': [], 'keras': []}
h5py_write(); m.save(path)
for _ in range(inp['reps']):
    t = time.perf_counter(); h5py_write(); out['h5py'].append((time.perf_counter() - t) * 1000)
    out['h5py_bytes'] = os.path.getsize(path)
    t = time.perf_counter(); m.save(path); out['keras'].append((time.perf_counter() - t) * 1000)
    out['keras_bytes'] = os.path.getsize(path)
print(json.dumps(out))
`;

// ---- jsfive ----------------------------------------------------------------
let jsfive = null;
try { jsfive = await import('jsfive'); } catch { /* optional peer */ }
function jsfiveReadAll(bytes) {
  const f = new jsfive.File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let n = 0;
  const walk = (g) => {
    for (const k of g.keys) {
      const o = g.get(k);
      if (o instanceof jsfive.Group) walk(o); else n += o.value.length;
    }
  };
  walk(f);
  return n;
}

// ---- TF.js -----------------------------------------------------------------
let tf = null;
try {
  const log = console.log; console.log = () => {};
  tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  console.log = log;
} catch { tf = null; }

const results = [];

// ---- small file --------------------------------------------------------------
{
  const xs = new Float32Array(160).map((_, i) => -1 + (2 * i) / 159);
  const X = new Tensor(xs, [160, 1]);
  const Y = new Tensor(xs.map((v) => 0.5 * v + 2), [160, 1]);
  const model = new Sequential([new Dense({ units: 1, inputDim: 1 })]);
  model.compile({ loss: 'mse', optimizer: 'sgd' });
  for (let s = 0; s < 50; s++) model.trainOnBatch(X, Y);
  const bytes = saveModelBytes(model);
  const path = join(dir, 'seed.h5');
  writeFileSync(path, bytes);
  const x2 = new Tensor(new Float32Array([0.25, -0.5]), [2, 1]);
  const impls = [
    { name: 'purekeras', run: () => loadModelBytes(bytes).predict(x2, { verbose: 0 }) },
    { name: 'purekeras nocompile', run: () => loadModelBytes(bytes, { compile: false }).predict(x2, { verbose: 0 }) },
  ];
  if (jsfive) impls.push({ name: 'jsfive (parse+read only)', run: () => jsfiveReadAll(bytes) });
  if (tf) {
    const log = console.log; console.log = () => {}; // TF.js's tfjs-node banner
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    let artifacts;
    await m.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const tx = tf.tensor2d([[0.25], [-0.5]]);
    console.log = log;
    impls.push({ name: 'tfjs-layers cpu', async: true, run: async () => {
      const mm = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const y = mm.predict(tx); y.dataSync(); y.dispose(); mm.dispose();
    } });
  }
  results.push(...await runCase('small (seed Dense(1), 10 KB)', impls, ROUNDS, 60));
  const py = python(KERAS_TIMER, { path, x: [[0.25], [-0.5]], reps: 15 });
  if (py) results.push({ case: 'small (seed Dense(1), 10 KB)', impl: 'keras/jax (python, not interleaved)', unit: 'ms', ...stats(py), runs: py.length });
}

// One fresh Node process running `code` (an ES module that prints one number,
// milliseconds, last): the time it reports, NaN if it failed.
const cold = (code) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repo, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim().split('\n').at(-1)) : NaN;
};

// ---- small file, cold: the first call after import, in fresh processes ----------
{
  const path = join(dir, 'seed-cold.h5');
  {
    const m = new Sequential([new Dense({ units: 1, inputDim: 1 })]);
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    writeFileSync(path, saveModelBytes(m));
  }
  const ours = `
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(path)}));
    const lib = await import(${JSON.stringify(join(repo, 'dist/bundle/index.js'))});
    const x = new lib.Tensor(new Float32Array([0.25, -0.5]), [2, 1]);
    const t = performance.now();
    lib.loadModelBytes(bytes).predict(x, { verbose: 0 });
    console.log(performance.now() - t);`;
  const tfjs = `
    const log = console.log; console.log = () => {};
    const tf = await import('@tensorflow/tfjs'); await tf.setBackend('cpu');
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    let artifacts;
    await m.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const x = tf.tensor2d([[0.25], [-0.5]]);
    const t = performance.now();
    const mm = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    mm.predict(x).dataSync();
    console.log = log;
    console.log(performance.now() - t);`;
  const oursNoCompile = ours.replace('loadModelBytes(bytes)', 'loadModelBytes(bytes, { compile: false })');
  // A floor: jsfive, a small pure-JS HDF5 reader, opening the same file and
  // reading every dataset cold (no model, no config translation, no predict).
  const jsfiveCold = `
    const { readFileSync } = await import('node:fs');
    const b = readFileSync(${JSON.stringify(path)});
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    const jsfive = await import('jsfive');
    const t = performance.now();
    const walk = (g) => { for (const k of g.keys) { const o = g.get(k); if (o instanceof jsfive.Group) walk(o); else o.value; } };
    walk(new jsfive.File(ab));
    console.log(performance.now() - t);`;
  const snapshot = await warmedSnapshot(path);
  const impls = { purekeras: () => cold(ours), 'purekeras nocompile': () => cold(oursNoCompile) };
  if (jsfive) impls['jsfive (parse+read only)'] = () => cold(jsfiveCold);
  if (tf) impls['tfjs-layers cpu'] = () => cold(tfjs);
  if (snapshot) impls['purekeras, from a warmed startup snapshot'] = snapshot;
  const runs = Math.max(10, ROUNDS);
  const times = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) for (const [k, run] of Object.entries(impls)) times[k].push(run());
  for (const [k, t] of Object.entries(times)) {
    results.push({ case: 'small, cold (first call after import, fresh process)', impl: k, unit: 'ms', ...stats(t.filter(Number.isFinite)), runs });
  }
}

// The same first call in a process started from a Node startup snapshot
// (node --build-snapshot) that holds the library already evaluated and
// warmed by 200 loads of the file: the bytecode of every function on the
// path is in the snapshot (V8 keeps it; it keeps no optimized code and no
// type feedback). What an application that ships a snapshot sees, and the
// floor of what keeping compiled code across processes can give. Returns a
// function timing one fresh process, or null when esbuild (a dev dependency,
// used to make the one-file script a snapshot needs) is missing.
async function warmedSnapshot(path) {
  let esbuild;
  try { esbuild = await import('esbuild'); } catch { return null; }
  const lib = join(dir, 'purekeras.iife.js');
  await esbuild.build({ entryPoints: [join(repo, 'dist/index.js')], bundle: true, format: 'iife', globalName: 'purekeras', platform: 'neutral', target: 'es2022', minifyWhitespace: true, outfile: lib, logLevel: 'warning' });
  const entry = join(dir, 'snapshot-entry.js');
  writeFileSync(entry, readFileSync(lib, 'utf8') + `
;(() => {
  const { readFileSync } = require('node:fs');
  const bytes = new Uint8Array(readFileSync(${JSON.stringify(path)}));
  const x = () => new purekeras.Tensor(new Float32Array([0.25, -0.5]), [2, 1]);
  for (let i = 0; i < 200; i++) purekeras.loadModelBytes(bytes).predict(x(), { verbose: 0 });
  require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(path)}));
    const xx = x();
    const t = performance.now();
    purekeras.loadModelBytes(bytes).predict(xx, { verbose: 0 });
    console.log(performance.now() - t);
  });
})();
`);
  const blob = join(dir, 'warmed.blob');
  const b = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', entry], { cwd: dir, encoding: 'utf8' });
  if (b.status !== 0) { console.error('startup snapshot not built:', b.stderr.slice(-400)); return null; }
  return () => {
    const r = spawnSync(process.execPath, ['--snapshot-blob', blob], { cwd: dir, encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim().split('\n').at(-1)) : NaN;
  };
}

// ---- large file --------------------------------------------------------------
if (LARGE) {
  const model = new Sequential([new Dense({ units: 5000, inputDim: 5000 })]);
  const bytes = saveModelBytes(model);
  const path = join(dir, 'large.h5');
  writeFileSync(path, bytes);
  const x1 = new Tensor(new Float32Array(5000).fill(0.5), [1, 5000]);
  const impls = [
    { name: 'raw read', bytes: bytes.length, run: () => readFileSync(path) },
    { name: 'purekeras loadModel(path)', bytes: bytes.length, run: () => loadModel(path, { compile: false }).predict(x1, { verbose: 0 }) },
    { name: 'purekeras loadModel(path), no predict', bytes: bytes.length, run: () => loadModel(path, { compile: false }) },
    { name: 'raw read, parallel async (readFileBytesAsync)', bytes: bytes.length, async: true, run: () => readFileBytesAsync(path) },
    { name: 'purekeras loadModelAsync(path)', bytes: bytes.length, async: true, run: async () => (await loadModelAsync(path, { compile: false })).predict(x1, { verbose: 0 }) },
    { name: 'purekeras bytes', bytes: bytes.length, run: () => loadModelBytes(bytes, { compile: false }).predict(x1, { verbose: 0 }) },
    { name: 'purekeras bytes, adopt', bytes: bytes.length, run: () => loadModelBytes(bytes, { compile: false, adopt: true }).predict(x1, { verbose: 0 }) },
  ];
  if (jsfive) impls.push({ name: 'jsfive (parse+read only)', bytes: bytes.length, run: () => jsfiveReadAll(bytes) });
  results.push(...await runCase('large (Dense 5000x5000, 25M params, 100 MB)', impls, Math.max(5, Math.ceil(ROUNDS / 2)), 0));
  // The same, cold: each a fresh process that imports the bundle, then times
  // one call, as a program that starts, loads its model and predicts once.
  const lib = JSON.stringify(join(repo, 'dist/bundle/index.js'));
  const coldCode = {
    'raw read': `const { readFileSync } = await import('node:fs');
      const t = performance.now(); readFileSync(${JSON.stringify(path)}); console.log(performance.now() - t);`,
    'purekeras loadModel(path)': `const lib = await import(${lib});
      const x = new lib.Tensor(new Float32Array(5000).fill(0.5), [1, 5000]);
      const t = performance.now(); lib.loadModel(${JSON.stringify(path)}, { compile: false }).predict(x, { verbose: 0 }); console.log(performance.now() - t);`,
    'purekeras loadModel(path), no predict': `const lib = await import(${lib});
      const t = performance.now(); lib.loadModel(${JSON.stringify(path)}, { compile: false }); console.log(performance.now() - t);`,
    'raw read, parallel async (readFileBytesAsync)': `const node = await import(${JSON.stringify(join(repo, 'dist/bundle/node.js'))});
      const t = performance.now(); await node.readFileBytesAsync(${JSON.stringify(path)}); console.log(performance.now() - t);`,
    'purekeras loadModelAsync(path)': `const lib = await import(${lib});
      const x = new lib.Tensor(new Float32Array(5000).fill(0.5), [1, 5000]);
      const t = performance.now(); (await lib.loadModelAsync(${JSON.stringify(path)}, { compile: false })).predict(x, { verbose: 0 }); console.log(performance.now() - t);`,
  };
  const coldTimes = Object.fromEntries(Object.keys(coldCode).map((k) => [k, []]));
  const coldRuns = Math.max(10, ROUNDS);
  for (let r = 0; r < coldRuns; r++) for (const [k, code] of Object.entries(coldCode)) coldTimes[k].push(cold(code));
  for (const [k, ts] of Object.entries(coldTimes)) {
    results.push({ case: 'large, cold (first call after import, fresh process)', impl: k, unit: 'ms', ...stats(ts.filter(Number.isFinite)), runs: coldRuns, bytes: bytes.length });
  }
  const py = python(KERAS_TIMER, { path, x: [Array(5000).fill(0.5)], reps: 3 });
  if (py) results.push({ case: 'large (Dense 5000x5000, 25M params, 100 MB)', impl: 'keras/jax (python, not interleaved)', unit: 'ms', ...stats(py), runs: py.length, bytes: bytes.length });
}

// ---- large save ----------------------------------------------------------------
if (LARGE) {
  const caseName = 'save (Dense 5000x5000 + SGD state, 100 MB, to a file)';
  const model = new Sequential([new Dense({ units: 5000, inputDim: 5000 })]);
  model.compile({ loss: 'mse', optimizer: getOptimizer({ class_name: 'SGD', config: { learning_rate: 0.01 } }) });
  model.trainOnBatch(new Tensor(new Float32Array(5000).fill(0.1), [1, 5000]), new Tensor(new Float32Array(5000), [1, 5000]));
  const size = saveModelBytes(model).length;
  const path = join(dir, 'save.h5');
  const noFsync = { ...realFs, fsyncSync() {} };
  const flat = new Uint8Array(size).fill(7);
  const impls = [
    { name: 'purekeras saveModel(path)', bytes: size, run: () => saveModel(model, path) },
    { name: 'purekeras saveModel, without fsync', bytes: size, run: () => writeFileAtomic(path, saveModelSegments(model), { fs: noFsync }) },
    { name: 'old: toBytes + atomic write', bytes: size, run: () => writeFileAtomic(path, saveModelBytes(model)) },
    { name: 'purekeras saveWeights(path)', bytes: size, run: () => saveWeights(model, path) },
    { name: 'floor: writeFileSync (no fsync)', bytes: size, run: () => writeFileSync(path, flat) },
    { name: 'floor: write + fsync', bytes: size, run: () => {
      const fd = realFs.openSync(path, 'w'); realFs.writeSync(fd, flat); realFs.fsyncSync(fd); realFs.closeSync(fd);
    } },
  ];
  results.push(...await runCase(caseName, impls, Math.max(5, Math.ceil(ROUNDS / 2)), 0));
  const py = python(SAVE_TIMER, { path: join(dir, 'save_py.h5'), reps: 5 });
  if (py) {
    results.push({ case: caseName, impl: 'h5py create_dataset (python, not interleaved)', unit: 'ms', ...stats(py.h5py), runs: py.h5py.length, bytes: py.h5py_bytes });
    results.push({ case: caseName, impl: 'keras/jax model.save (python, not interleaved)', unit: 'ms', ...stats(py.keras), runs: py.keras.length, bytes: py.keras_bytes });
  }
}
rmSync(dir, { recursive: true, force: true });

// ---- report ----------------------------------------------------------------
for (const r of results) {
  const line = { bench: 'keras', ...r, median: r3(r.median), min: r3(r.min), max: r3(r.max) };
  if (r.bytes) line.mb_per_s_median = r3(r.bytes / 1e6 / (r.median / 1000));
  console.log(JSON.stringify(line));
}
console.log('');
console.log(`loadModel + first predict, and saving; Node ${process.version}; TF.js ${tf?.version?.tfjs ?? 'absent'}; jsfive ${jsfive ? 'yes' : 'absent'}`);
for (const c of [...new Set(results.map((r) => r.case))]) {
  const rows = results.filter((r) => r.case === c);
  const ours = rows.find((r) => r.impl.startsWith('purekeras'));
  const raw = rows.find((r) => r.impl === 'raw read');
  const sized = rows.some((r) => r.bytes);
  console.log(`\n${c}`);
  console.log('implementation'.padEnd(46) + 'median ms'.padStart(12) + '   min–max'.padEnd(24) + (sized ? 'MB/s'.padStart(10) : '')
    + (raw ? '  rate vs raw read' : `  ${ours.impl.replace('purekeras ', '')} / this (time)`));
  for (const r of rows) {
    const mbs = r.bytes ? r.bytes / 1e6 / (r.median / 1000) : null;
    const rate = sized ? (mbs ? mbs.toFixed(0).padStart(10) : ''.padStart(10)) : '';
    const ratio = raw ? (mbs ? `  ${(raw.median / r.median).toFixed(2)}×` : '') : `  ${(ours.median / r.median).toFixed(2)}`;
    console.log(r.impl.padEnd(46) + r.median.toFixed(3).padStart(12) + `   ${r.min.toFixed(3)}–${r.max.toFixed(3)}`.padEnd(24) + rate + ratio);
  }
}
