// The workloads W1–W7 of issue 8, as data: each case names the operation
// every peer performs (its `kind`, which each peer script implements), the
// peers that take part, the parameters, and how to turn a median time into a
// throughput. The orchestrator (run.mjs) needs nothing else to run them.
import { seedData } from './lib/data.mjs';

/** Every peer the suite knows, in the order tables list them. */
export const PEERS = ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax', 'jsfive', 'h5wasm', 'h5py', 'floor'];

/** One-line descriptions for the report. */
export const PEER_NOTES = {
  purekeras: 'this package, dist/index.js, Node (single thread)',
  'tfjs-cpu': 'TensorFlow.js layers, pure-JS CPU backend, Node',
  'tfjs-wasm': 'TensorFlow.js layers, WebAssembly backend (setWasmPaths to the package dist/), Node',
  'keras-jax': 'Keras 3 on JAX (XLA CPU), Python; uses every core it is given',
  jsfive: 'jsfive, pure-JS HDF5 reader (read only), from an ArrayBuffer',
  h5wasm: 'h5wasm, libhdf5 in WebAssembly: browser build via MEMFS for bytes, Node build (NODERAWFS) for files',
  h5py: 'h5py over libhdf5 (native), Python; io.BytesIO for bytes',
  floor: 'the bare job in Node: a hand-written loop, a raw file read, a Float32Array copy, a buffer fill, writeFileSync',
};

/** Sizes for a full run and for `--quick` (a smoke run: small sizes, same code paths). */
export function sizes(quick) {
  return quick
    ? { mlpSteps: 4, predictRows: 1024, squares: [64, 128, 256], rows: 1024, cols: 1024, width: 512, depth: 4, large: 1000 }
    : { mlpSteps: 20, predictRows: 4096, squares: [64, 128, 256, 512, 1024], rows: 5120, cols: 5120, width: 2048, depth: 6, large: 5000 };
}

const MLP = [256, 512, 512, 10];

/** Multiply-adds ×2 of one training step: forward, dW for every layer, dx for all but the first. */
function mlpTrainFlops(sizes, batch) {
  let all = 0, notFirst = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const f = 2 * batch * sizes[i] * sizes[i + 1];
    all += f;
    if (i > 0) notFirst += f;
  }
  return 2 * all + notFirst;
}

function mlpForwardFlops(sizes, rows) {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += 2 * rows * sizes[i] * sizes[i + 1];
  return f;
}

const perSecond = (count, label) => ({ label, of: (ms) => count / (ms / 1000) });
const gflops = (flop) => ({ label: 'GFLOP/s', of: (ms) => flop / (ms * 1e6) });
const gbps = (bytes) => ({ label: 'GB/s', of: (ms) => bytes / (ms * 1e6) });

/**
 * The cases, in run order. `files` (from the file-making step) supplies the
 * paths of W5–W7; `dir` is the run's temporary directory.
 * @param {{quick: boolean}} opts
 */
export function workloads(opts) {
  const s = sizes(opts.quick);
  const seed = seedData();
  const cases = [];
  const add = (c) => cases.push(c);

  // W1 — the seed
  add({
    id: 'W1.seed', workload: 'W1', kind: 'seed.e2e', headline: 'the seed tutorial end to end',
    title: 'seed end to end: new Dense(1) model, compile, 301 trainOnBatch on 160 points, predict 2',
    peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax', 'floor'],
    params: () => ({ ...seed, steps: 301 }), derived: [perSecond(301, 'steps/s')],
  });
  add({
    id: 'W1.step', workload: 'W1', kind: 'seed.step',
    title: 'seed, one trainOnBatch step (160 points), steady state',
    peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax', 'floor'],
    params: () => ({ ...seed, steps: 1 }), derived: [perSecond(1, 'steps/s')],
  });

  // W2 — MLP training
  // One operation is one step; every run takes ≥ mlpSteps of them (≥ 100 counted steps in a full run).
  const train = { sizes: MLP, batch: 128, learningRate: 0.01, momentum: 0.9 };
  add({
    id: 'W2.mlp', workload: 'W2', kind: 'mlp.train', minIters: s.mlpSteps, headline: 'an MLP training step',
    title: `MLP 256→512→512→10 relu, mse, SGD(momentum 0.9), batch 128: one trainOnBatch step (each run ≥ ${s.mlpSteps} steps)`,
    peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax'],
    params: () => train,
    derived: [perSecond(1, 'steps/s'), gflops(mlpTrainFlops(MLP, 128))],
  });

  // W3 — prediction
  for (const batchSize of [32, s.predictRows]) {
    add({
      id: `W3.predict.b${batchSize}`, workload: 'W3', kind: 'mlp.predict', headline: batchSize === 32 ? `predicting ${s.predictRows} rows` : undefined,
      title: `predict ${s.predictRows} rows through the W2 model, batch ${batchSize}${batchSize === 32 ? ' (Keras\'s default)' : ' (one batch)'}`,
      peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax'],
      params: () => ({ sizes: MLP, rows: s.predictRows, batchSize }),
      derived: [perSecond(s.predictRows, 'rows/s'), gflops(mlpForwardFlops(MLP, s.predictRows))],
    });
  }

  // W4 — matrix products
  const mm = (id, title, m, n, k, ta, tb) => add({
    id: `W4.${id}`, workload: 'W4', kind: 'matmul', title, headline: id === 'dense2.fwd' ? 'a Dense-shaped matmul' : undefined,
    peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax'],
    params: () => ({ m, n, k, ta, tb }), derived: [gflops(2 * m * n * k)],
  });
  for (const n of s.squares) mm(`square${n}`, `matmul ${n}×${n} · ${n}×${n}`, n, n, n, false, false);
  mm('dense1.fwd', 'Dense 256→512, batch 128, forward x·W ([128,256]·[256,512])', 128, 512, 256, false, false);
  mm('dense2.fwd', 'Dense 512→512, batch 128, forward x·W ([128,512]·[512,512])', 128, 512, 512, false, false);
  mm('dense2.dw', 'Dense 512→512, batch 128, backward dW = xᵀ·dy ([128,512]ᵀ·[128,512])', 512, 512, 128, true, false);
  mm('dense2.dx', 'Dense 512→512, batch 128, backward dx = dy·Wᵀ ([128,512]·[512,512]ᵀ)', 128, 512, 512, false, true);

  // W5 — HDF5 read and write
  const singleBytes = s.rows * s.cols * 4;
  const weightBytes = s.depth * (s.width * s.width + s.width) * 4;
  const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const single = (f) => ({ path: f.files.single.path, name: 'd', rows: s.rows, cols: s.cols, dir: f.dir });
  const weights = (f) => ({ path: f.files.weights.path, width: s.width, depth: s.depth, bytes: weightBytes, dir: f.dir });
  const headlines = { 'single.read.mem': 'reading an HDF5 dataset from bytes', 'weights.write.disk': 'saving Keras weights to a file' };
  const h5 = (id, kind, title, peers, params, bytes) => add({ id: `W5.${id}`, workload: 'W5', kind, title, peers, params, needsFiles: true, derived: [gbps(bytes)], headline: headlines[id] });
  const singleTitle = `one float32 dataset ${s.rows}×${s.cols} (${mb(singleBytes)})`;
  const weightsTitle = `Keras .weights.h5, ${s.depth} × Dense(${s.width}) (${mb(weightBytes)} in ${2 * s.depth} datasets)`;
  h5('single.read.mem', 'h5.single.read.mem', `read ${singleTitle} from bytes in memory into fresh memory (purekeras's zero-copy default shown too)`, ['purekeras', 'jsfive', 'h5wasm', 'h5py', 'floor'], single, singleBytes);
  h5('single.read.disk', 'h5.single.read.disk', `read ${singleTitle} from a file (page cache)`, ['purekeras', 'jsfive', 'h5wasm', 'h5py', 'floor'], single, singleBytes);
  h5('weights.read.mem', 'h5.weights.read.mem', `read ${weightsTitle} from bytes in memory (purekeras: loadWeights into the model)`, ['purekeras', 'jsfive', 'h5wasm', 'h5py', 'floor'], weights, weightBytes);
  h5('weights.read.disk', 'h5.weights.read.disk', `read ${weightsTitle} from a file (purekeras and Keras: load_weights into the model)`, ['purekeras', 'keras-jax', 'jsfive', 'h5wasm', 'h5py', 'floor'], weights, weightBytes);
  h5('single.write.mem', 'h5.single.write.mem', `write ${singleTitle} to bytes in memory`, ['purekeras', 'h5wasm', 'h5py', 'floor'], single, singleBytes);
  h5('single.write.disk', 'h5.single.write.disk', `write ${singleTitle} to a file (purekeras: writeFileAtomic(path, file.toSegments(), { durable: false }), an atomic replace)`, ['purekeras', 'h5wasm', 'h5py', 'floor'], single, singleBytes);
  h5('weights.write.mem', 'h5.weights.write.mem', `write ${weightsTitle} to bytes in memory`, ['purekeras', 'h5wasm', 'h5py', 'floor'], weights, weightBytes);
  h5('weights.write.disk', 'h5.weights.write.disk', `write ${weightsTitle} to a file (purekeras: saveWeights, atomic replace; 'durable: false' skips the fsync that Keras, h5py and h5wasm never do, the durable default shown too; Keras: save_weights)`, ['purekeras', 'keras-jax', 'h5wasm', 'h5py', 'floor'], weights, weightBytes);

  // W6 — loadModel + first predict
  const loadPeers = ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax', 'jsfive', 'h5wasm', 'floor'];
  add({
    id: 'W6.small', workload: 'W6', kind: 'load.model', needsFiles: true,
    title: 'loadModel(path, compile off) + predict 2 rows: the seed model (.h5 written by Keras; TF.js: its own model.json + weights.bin)',
    peers: loadPeers, params: (f) => ({ h5Path: f.files.seed.path, tfjsDir: f.tfjsSmall, rows: 2, inputDim: 1 }),
  });
  const largeParams = s.large * s.large + s.large;
  add({
    id: 'W6.large', workload: 'W6', kind: 'load.model', needsFiles: true, headline: `loading a ${(largeParams / 1e6).toFixed(0)}M-parameter model and predicting`,
    title: `loadModel(path, compile off) + predict 1 row: Dense(${s.large}) on ${s.large} inputs, ${largeParams.toLocaleString('en-US')} parameters (${mb(largeParams * 4)})`,
    peers: loadPeers, params: (f) => ({ h5Path: f.files.large.path, tfjsDir: f.tfjsLarge, rows: 1, inputDim: s.large }),
    derived: [gbps(largeParams * 4)],
  });

  // W7 — startup and size
  add({
    id: 'W7.startup', workload: 'W7', kind: 'startup', needsFiles: true, headline: 'a cold start to the first prediction',
    title: 'startup: a fresh process from spawn to exit after loading the seed model and printing a 2-row prediction',
    peers: ['purekeras', 'tfjs-cpu', 'tfjs-wasm', 'keras-jax', 'floor'],
  });
  add({
    id: 'W7.size.package', workload: 'W7', kind: 'size', sizeGroup: 'package', unit: 'bytes',
    title: 'size: the whole package bundled by esbuild (minify, tree-shake, ESM, browser), gzip -9',
  });
  add({
    id: 'W7.size.load', workload: 'W7', kind: 'size', sizeGroup: 'load', unit: 'bytes', headline: 'the code a load-and-predict page ships',
    title: 'size: what a page that only loads a model and predicts pulls in (tree-shaken entry), gzip -9',
  });
  return cases;
}

/** One-paragraph descriptions of each workload for the report. */
export const WORKLOADS = {
  W1: 'The seed: the classic Keras regression tutorial. End to end (a new model each run, so Keras pays its jit tracing as a user does) and one steady-state step.',
  W2: 'Training a small MLP on one fixed batch, one trainOnBatch step per operation, each run at least 20 steps (so ≥ 100 counted steps per peer); steps/s and GFLOP/s (2·m·n·k per product: forward, dW, and dx below the first layer).',
  W3: 'Prediction through the W2 model, at Keras\'s default batch size and as one batch.',
  W4: 'Matrix products with float32 inputs, output allocated by each call; square sizes and the W2 model\'s Dense shapes (backward products as transposes). Keras: keras.ops.matmul under jax.jit.',
  W5: 'HDF5 codecs on ≈ 100 MB of float32, reading to typed arrays and writing files, from bytes in memory and from disk (files just written, so in the page cache). Floors, in Node: readFileSync, a copy into a new Float32Array, a new Uint8Array + set, writeFileSync. A new 100 MB buffer costs Node its first-touch page faults on every call (V8 returns big backing stores to the OS); NumPy\'s allocator often reuses freed memory instead, which is much of why h5py can run above the Node floors. Compare the JavaScript peers with the floors. Writes to a file: purekeras\'s path API replaces the file atomically (a temporary file renamed over the old one, so a failed save never destroys the previous file); on ext4 a rename over an existing file makes the kernel start writing the new data back at once (auto_da_alloc), which in-place writers (h5py, Keras, h5wasm, writeFileSync) do not pay. The in-place variant shows the codec itself against the floor.',
  W6: 'Loading a saved model and making its first prediction, from a path, without compiling (Keras 3.15.1 cannot compile the legacy .h5 it writes for loss=\'mse\', so every peer loads for prediction; purekeras\'s compiled load is shown as a variant). jsfive and h5wasm only parse the file and read every dataset (no model): a floor for the HDF5 part.',
  W7: 'Cold start of a fresh process (spawn → exit, timed by the orchestrator, includes interpreter start) and bundle size for a web page.',
};
