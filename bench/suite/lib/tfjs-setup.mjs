// Loading TensorFlow.js in Node the way the suite's TF.js peers and startup
// scripts need it: one backend chosen by name ('cpu' or 'wasm'; the WASM
// binaries located through setWasmPaths, as Node has no bundler), and models
// stored as TF.js's own artifacts (model.json + weights.bin), since TF.js
// cannot read Keras .h5 files without the Python converter.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Imports @tensorflow/tfjs and makes `backend` current.
 * @param {'cpu'|'wasm'} backend
 * @returns {Promise<{tf: object, versions: Record<string, string>}>}
 */
export async function loadTf(backend) {
  const tf = await import('@tensorflow/tfjs');
  const versions = { tfjs: tf.version.tfjs, backend };
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialise`);
  await tf.ready();
  tf.env().set('IS_TEST', false);
  if (backend === 'wasm') {
    versions.wasmSimd = String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    versions.wasmThreads = String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  }
  return { tf, versions };
}

/**
 * A Dense(units) model on `inputDim` inputs, compiled with mse and SGD (the
 * seed's shape when units = inputDim = 1).
 */
export function denseModel(tf, units, inputDim) {
  const m = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [inputDim] })] });
  m.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.01) });
  return m;
}

/** Saves `model` as model.json + weights.bin in `dir` (TF.js's file layout, written by hand: no tfjs-node). */
export async function saveArtifacts(model, dir) {
  let artifacts;
  await model.save({
    save: async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; },
  });
  const json = {
    modelTopology: artifacts.modelTopology,
    trainingConfig: artifacts.trainingConfig,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: null,
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  const w = artifacts.weightData;
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(Array.isArray(w) ? w[0] : w));
}

/**
 * Reads model.json + weights.bin from `dir` and builds the model (what
 * tf.loadLayersModel('file://') does in tfjs-node), without compiling it:
 * every peer loads for prediction only (Keras 3.15 cannot compile its own
 * legacy .h5 with loss 'mse', so Keras runs with compile=False).
 */
export async function loadArtifacts(tf, dir) {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'weights.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights, weightData,
  }));
}
