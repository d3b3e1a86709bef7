// The files W5–W7 read, written by purekeras itself: the fallback when Python
// (and so Keras and h5py) is absent. Same names and shapes as
// scripts/bench_make_files.py; the report says which writer made them.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashUniform } from './data.mjs';

/**
 * @param {string} distDir the built package
 * @param {{dir: string, rows: number, cols: number, width: number, depth: number, large: number, seed: {xTrain: number[], yTrain: number[]}}} p
 */
export async function makeFilesWithPurekeras(distDir, p) {
  const pk = await import(pathToFileURL(join(distDir, 'index.js')).href);
  const files = {};
  const put = (name, file, bytes) => { writeFileSync(join(p.dir, file), bytes); files[name] = join(p.dir, file); };

  const single = new pk.H5File();
  single.createDataset('d', hashUniform(p.rows * p.cols, 20), { shape: [p.rows, p.cols] });
  put('single', 'single.h5', single.toBytes());

  const stack = new pk.Sequential(Array.from({ length: p.depth }, (_, i) => new pk.Dense({ units: p.width, activation: i === p.depth - 1 ? 'linear' : 'relu', ...(i === 0 ? { inputDim: p.width } : {}) })));
  put('weights', 'model.weights.h5', pk.saveWeightsBytes(stack, { format: 'keras3' }));

  const seed = new pk.Sequential([new pk.Dense({ units: 1, inputDim: 1 })]);
  seed.compile({ loss: 'mse', optimizer: 'sgd' });
  for (let s = 0; s < 301; s++) seed.trainOnBatch(p.seed.xTrain, p.seed.yTrain);
  put('seed', 'seed.h5', pk.saveModelBytes(seed));

  const large = new pk.Sequential([new pk.Dense({ units: p.large, inputDim: p.large })]);
  large.compile({ loss: 'mse', optimizer: 'sgd' });
  put('large', 'large.h5', pk.saveModelBytes(large));

  const out = {};
  for (const [k, path] of Object.entries(files)) out[k] = { path, bytes: statSync(path).size };
  return { files: out, writer: 'purekeras (Python absent)' };
}
