// The purekeras peer: our package as a user imports it (dist/index.js, built
// by `npm run build`), one long-lived Node process. Every case a workload in
// bench/suite/workloads.mjs lists for 'purekeras' has a handler here; the
// variant named 'purekeras' is the reference every ratio in the report uses.
import { closeSync, openSync, readFileSync, unlinkSync, writevSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './protocol.mjs';
import { ends, readBytes } from './shared.mjs';
import { hashUniform } from '../lib/data.mjs';

// The orchestrator passes its snapshot of the build; run by hand, the repository's dist/.
const dist = process.env.PUREKERAS_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist');
let pk, pkNode;

/**
 * Truncates `path` and writes `segments` into it with writev, as h5py and
 * Keras write (in place: a failure midway leaves a partial file, which the
 * library's own path API never does). Shows the codec against the
 * writeFileSync floor without the cost of replacing a file atomically.
 */
function writeInPlace(path, segments) {
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < segments.length;) {
      const batch = segments.slice(i, i + 1024);
      let n = writevSync(fd, batch);
      for (const b of batch) { if (n < b.length) throw new Error('short write'); n -= b.length; i++; }
    }
  } finally {
    closeSync(fd);
  }
}

/** The W5 single-dataset file: one float32 dataset of rows × cols (zero-copy view of `data`). */
const singleFile = (p, data) => {
  const f = new pk.H5File();
  f.createDataset(p.name, data, { shape: [p.rows, p.cols] });
  return f;
};

const mlp = (sizes) => {
  const layers = [];
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    layers.push(new pk.Dense({ units: sizes[i], activation: last ? 'linear' : 'relu', ...(i === 1 ? { inputDim: sizes[0] } : {}) }));
  }
  return new pk.Sequential(layers);
};

/** The 100 MB weights model: `depth` Dense(width) layers on `width` inputs. */
const wideStack = (width, depth) => mlp(Array.from({ length: depth + 1 }, () => width));

/** Every dataset under `root`, read into typed arrays (the generic HDF5-reader job). */
function readAll(root, copy) {
  let s = 0;
  root.visit((_path, obj) => {
    if (obj instanceof pk.Hdf5Dataset) s += ends(obj.read(copy ? { copy: true } : {}));
    return undefined;
  });
  return s;
}

function seedModel() {
  const m = new pk.Sequential();
  m.add(new pk.Dense({ units: 1, inputDim: 1 }));
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  return m;
}

const handlers = {
  'seed.e2e': (p) => ({
    variants: {
      purekeras: {
        run: () => {
          const m = seedModel();
          for (let s = 0; s < p.steps; s++) m.trainOnBatch(p.xTrain, p.yTrain);
          return m.predict(p.xTest, { verbose: 0 }).data;
        },
      },
    },
  }),
  'seed.step': (p) => {
    const m = seedModel();
    return { variants: { purekeras: { run: () => m.trainOnBatch(p.xTrain, p.yTrain) } } };
  },
  'mlp.train': (p) => {
    const m = mlp(p.sizes);
    m.compile({ loss: 'mse', optimizer: new pk.SGD({ learningRate: p.learningRate, momentum: p.momentum }) });
    const x = new pk.Tensor(hashUniform(p.batch * p.sizes[0], 1), [p.batch, p.sizes[0]]);
    const y = new pk.Tensor(hashUniform(p.batch * p.sizes.at(-1), 2), [p.batch, p.sizes.at(-1)]);
    return {
      variants: {
        purekeras: { run: () => m.trainOnBatch(x, y) },
      },
    };
  },
  'mlp.predict': (p) => {
    const m = mlp(p.sizes);
    const x = new pk.Tensor(hashUniform(p.rows * p.sizes[0], 3), [p.rows, p.sizes[0]]);
    return { variants: { purekeras: { run: () => m.predict(x, { batchSize: p.batchSize, verbose: 0 }).data } } };
  },
  matmul: (p) => {
    const a = new pk.Tensor(hashUniform(p.m * p.k, 4), p.ta ? [p.k, p.m] : [p.m, p.k]);
    const b = new pk.Tensor(hashUniform(p.k * p.n, 5), p.tb ? [p.n, p.k] : [p.k, p.n]);
    const opts = { transposeA: p.ta, transposeB: p.tb };
    return { variants: { purekeras: { run: () => pk.matmul(a, b, opts).data[0] } } };
  },

  // ── W5: HDF5 ──
  'h5.single.read.mem': (p) => {
    const bytes = readBytes(p.path);
    return {
      variants: {
        // The reference copies, as every peer here returns memory of its own;
        // read()'s default, a zero-copy view of the input bytes, is shown beside it.
        purekeras: { run: () => ends(pk.openHdf5(bytes).get(p.name).read({ copy: true })) },
        'purekeras (read() default: zero-copy view)': { run: () => ends(pk.openHdf5(bytes).get(p.name).read()) },
      },
    };
  },
  'h5.single.read.disk': (p) => ({
    variants: { purekeras: { run: () => ends(pk.openHdf5(pkNode.readFileBytes(p.path)).get(p.name).read()) } },
  }),
  'h5.weights.read.mem': (p) => {
    const bytes = readBytes(p.path);
    const m = wideStack(p.width, p.depth);
    return {
      variants: {
        purekeras: { run: () => { pk.loadWeights(m, bytes); return m.layers[0].weights[0].value.data[0]; } },
        'purekeras (openHdf5, read all, copies)': { run: () => readAll(pk.openHdf5(bytes), true) },
      },
    };
  },
  'h5.weights.read.disk': (p) => {
    const m = wideStack(p.width, p.depth);
    return {
      variants: {
        purekeras: { run: () => { pk.loadWeights(m, p.path); return m.layers[0].weights[0].value.data[0]; } },
        'purekeras (openHdf5, read all)': { run: () => readAll(pk.openHdf5(pkNode.readFileBytes(p.path)), false) },
      },
    };
  },
  'h5.single.write.mem': (p) => {
    const data = hashUniform(p.rows * p.cols, 6);
    return { variants: { purekeras: { run: () => singleFile(p, data).toBytes().length } } };
  },
  'h5.single.write.disk': (p) => {
    const data = hashUniform(p.rows * p.cols, 6);
    const out = join(p.dir, 'purekeras-single.h5');
    const out2 = join(p.dir, 'purekeras-single-2.h5');
    return {
      variants: {
        purekeras: { run: () => { pkNode.writeFileAtomic(out, singleFile(p, data).toSegments(), { durable: false }); return 1; } },
        'purekeras (toSegments + writev in place, not atomic, as h5py writes)': { run: () => { writeInPlace(out2, singleFile(p, data).toSegments()); return 1; } },
      },
      teardown: () => { unlinkSync(out); unlinkSync(out2); },
    };
  },
  'h5.weights.write.mem': (p) => {
    const m = wideStack(p.width, p.depth);
    return { variants: { purekeras: { run: () => pk.saveWeightsBytes(m, { format: 'keras3' }).length } } };
  },
  'h5.weights.write.disk': (p) => {
    const m = wideStack(p.width, p.depth);
    const out = join(p.dir, 'purekeras-w.weights.h5');
    const out2 = join(p.dir, 'purekeras-w2.weights.h5');
    const out3 = join(p.dir, 'purekeras-w3.weights.h5');
    return {
      variants: {
        purekeras: { run: () => { pk.saveWeights(m, out, { durable: false }); return 1; } },
        'purekeras (default, durable: fsync of file and directory)': { run: () => { pk.saveWeights(m, out2); return 1; } },
        'purekeras (toSegments + writev in place, not atomic, as h5py writes)': { run: () => { writeInPlace(out3, pk.saveWeightsSegments(m, { format: 'keras3' })); return 1; } },
      },
      teardown: () => { unlinkSync(out); unlinkSync(out2); unlinkSync(out3); },
    };
  },

  // ── W6: loadModel + first predict ──
  'load.model': (p) => {
    const x = new pk.Tensor(hashUniform(p.rows * p.inputDim, 7), [p.rows, p.inputDim]);
    const bytes = readBytes(p.h5Path);
    return {
      variants: {
        purekeras: { run: () => pk.loadModel(p.h5Path, { compile: false }).predict(x, { verbose: 0 }).data },
        'purekeras (compiled from the file\'s training config)': { run: () => pk.loadModel(p.h5Path).predict(x, { verbose: 0 }).data },
        'purekeras (loadModelBytes, bytes in memory)': { run: () => pk.loadModelBytes(bytes, { compile: false }).predict(x, { verbose: 0 }).data },
        'purekeras (loadModelAsync: the file read in parallel parts)': { async: true, run: async () => (await pk.loadModelAsync(p.h5Path, { compile: false })).predict(x, { verbose: 0 }).data },
      },
    };
  },
};

await serve('purekeras', async () => {
  pk = await import(pathToFileURL(join(dist, 'index.js')).href);
  pkNode = await import(pathToFileURL(join(dist, 'node', 'index.js')).href);
  const { version } = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8'));
  return { purekeras: version };
}, handlers);
