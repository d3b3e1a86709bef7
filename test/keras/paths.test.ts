/**
 * The path-based API (Node): model.save / loadModel / saveWeights /
 * loadWeights, the `.weights.h5` choice of layout by file name, and that a
 * model loaded from a path (whose weights share the file's memory) trains
 * exactly like one loaded from bytes.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, Dense } from '../../src/nn/index.js';
import { loadModel, loadModelBytes } from '../../src/keras/model-io.js';
import { openHdf5 } from '../../src/hdf5/index.js';
import { FileIoError } from '../../src/node/index.js';
import { asList, fixture, fixtureBytes, toTensor } from './helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'purekeras-paths-'));

describe('paths', () => {
  it('model.save(path) then loadModel(path) gives the same model, compiled, optimizer restored', () => {
    const m = new Sequential([new Dense({ units: 3, inputDim: 2, activation: 'relu' }), new Dense({ units: 1 })]);
    m.compile({ loss: 'mse', optimizer: 'adam' });
    const x = toTensor({ shape: [4, 2], dtype: 'float32', values: [1, 2, 3, 4, 5, 6, 7, 8] });
    const y = toTensor({ shape: [4, 1], dtype: 'float32', values: [1, 0, 1, 0] });
    for (let s = 0; s < 3; s++) m.trainOnBatch(x, y);
    const path = join(dir, 'my_model.h5');
    m.save(path);
    const again = loadModel(path);
    expect(again.optimizer!.iterations).toBe(3);
    for (let s = 0; s < 3; s++) expect(asList(again.trainOnBatch(x, y))).toEqual(asList(m.trainOnBatch(x, y)));
    expect(again.weights.map((v) => Array.from(v.value.data))).toEqual(m.weights.map((v) => Array.from(v.value.data)));
  });

  it("model.save(path, { format: 'keras2' }) writes tf.keras 2's layout, which loads and resumes", () => {
    const m = new Sequential([new Dense({ units: 3, inputDim: 2, activation: 'tanh' }), new Dense({ units: 1 })]);
    m.compile({ loss: 'mse', optimizer: 'adam' });
    const x = toTensor({ shape: [4, 2], dtype: 'float32', values: [1, 2, 3, 4, 5, 6, 7, 8] });
    const y = toTensor({ shape: [4, 1], dtype: 'float32', values: [1, 0, 1, 0] });
    for (let s = 0; s < 2; s++) m.trainOnBatch(x, y);
    const path = join(dir, 'keras2.h5');
    m.save(path, { format: 'keras2' });
    const root = openHdf5(readFileSync(path));
    expect(root.has('model_weights/top_level_model_weights')).toBe(false); // tf.keras 2 wrote none
    expect(JSON.parse(String(root.attrs['model_config'])).config.layers[0].class_name).toBe('InputLayer');
    expect(String(root.attrs['model_config'])).not.toContain('registered_name'); // a Keras 2 config, not Keras 3's
    const again = loadModel(path);
    expect(again.optimizer!.iterations).toBe(2);
    for (let s = 0; s < 2; s++) expect(asList(again.trainOnBatch(x, y))).toEqual(asList(m.trainOnBatch(x, y)));
  });

  it('a Keras file loaded from a path continues exactly like the same file loaded from bytes', () => {
    const fx = fixture('mlp_adam');
    const path = join(dir, 'mlp_adam.h5');
    writeFileSync(path, fixtureBytes('mlp_adam.h5'));
    const a = loadModel(path);
    const b = loadModelBytes(fixtureBytes('mlp_adam.h5'));
    for (let s = 0; s < 3; s++) expect(asList(a.trainOnBatch(toTensor(fx.x), toTensor(fx.y)))).toEqual(asList(b.trainOnBatch(toTensor(fx.x), toTensor(fx.y))));
    expect(a.weights.map((v) => Array.from(v.value.data))).toEqual(b.weights.map((v) => Array.from(v.value.data)));
    // The file on disk is unchanged by training the loaded model.
    expect(Buffer.compare(readFileSync(path), Buffer.from(fixtureBytes('mlp_adam.h5')))).toBe(0);
  });

  it('loadModel(path) builds without initializing and adopts the file bytes: every weight is a view of one buffer the size of the file; initializers are the file\'s', () => {
    const m = new Sequential([new Dense({ units: 64, inputDim: 32, kernelInitializer: 'he_normal', biasInitializer: { class_name: 'Constant', config: { value: 0.5 } } }), new Dense({ units: 8 })]);
    const path = join(dir, 'adopt.h5');
    m.save(path);
    const size = readFileSync(path).length;
    const again = loadModel(path, { compile: false });
    const buffers = new Set(again.weights.map((v) => v.value.data.buffer));
    expect(buffers.size).toBe(1);
    expect([...buffers][0]!.byteLength).toBe(size);
    expect(again.weights.map((v) => Array.from(v.value.data))).toEqual(m.weights.map((v) => Array.from(v.value.data)));
    expect(again.layers.map((l) => l.getConfig())).toEqual(m.layers.map((l) => l.getConfig()));
    // From caller-owned bytes the weights are copies: the caller's buffer stays theirs.
    const bytes = new Uint8Array(readFileSync(path));
    const copy = loadModelBytes(bytes, { compile: false });
    for (const v of copy.weights) expect(v.value.data.buffer).not.toBe(bytes.buffer);
    // …unless the caller hands them over.
    const shared = loadModelBytes(bytes, { compile: false, adopt: true });
    for (const v of shared.weights) expect(v.value.data.buffer).toBe(bytes.buffer);
  });

  it('saveWeights picks the layout from the file name; loadWeights reads both', () => {
    const m = new Sequential([new Dense({ units: 2, inputDim: 2, name: 'dense_1' })]);
    const legacy = join(dir, 'w.h5');
    const k3 = join(dir, 'w.weights.h5');
    m.saveWeights(legacy);
    m.saveWeights(k3);
    expect(openHdf5(readFileSync(legacy)).attrs.layer_names).toEqual(['dense_1']);
    expect(openHdf5(readFileSync(k3)).has('layers/dense/vars')).toBe(true);
    for (const p of [legacy, k3]) {
      const other = new Sequential([new Dense({ units: 2, inputDim: 2, name: 'dense_1' })]);
      other.loadWeights(p);
      expect(other.getWeights().map((t) => Array.from(t.data))).toEqual(m.getWeights().map((t) => Array.from(t.data)));
    }
  });

  it('files written by path (metadata + zero-copy weight views through writev) equal the bytes APIs byte for byte', async () => {
    const { saveModelBytes } = await import('../../src/keras/model-io.js');
    const { saveWeightsBytes } = await import('../../src/keras/weights-files.js');
    // Large enough that the kernels (> 64 KiB) are written straight from the model's memory.
    const m = new Sequential([new Dense({ units: 200, inputDim: 150, activation: 'relu' }), new Dense({ units: 90 })]);
    m.compile({ loss: 'mse', optimizer: 'adam' });
    const x = toTensor({ shape: [2, 150], dtype: 'float32', values: Array.from({ length: 300 }, (_, i) => Math.sin(i)) });
    const y = toTensor({ shape: [2, 90], dtype: 'float32', values: Array.from({ length: 180 }, (_, i) => Math.cos(i)) });
    m.trainOnBatch(x, y);
    const p = join(dir, 'big.h5');
    m.save(p);
    expect(Buffer.compare(readFileSync(p), Buffer.from(saveModelBytes(m)))).toBe(0);
    // Without the fsync (durable: false) the bytes are the same.
    const q = join(dir, 'big-nosync.h5');
    m.save(q, { durable: false });
    expect(Buffer.compare(readFileSync(q), Buffer.from(saveModelBytes(m)))).toBe(0);
    const qw = join(dir, 'big-nosync.weights.h5');
    m.saveWeights(qw, { durable: false });
    expect(Buffer.compare(readFileSync(qw), Buffer.from(saveWeightsBytes(m, { format: 'keras3' })))).toBe(0);
    const { saveWeightsSegments } = await import('../../src/keras/weights-files.js');
    const segs = saveWeightsSegments(m, { format: 'keras3' });
    expect(Buffer.compare(Buffer.concat(segs), Buffer.from(saveWeightsBytes(m, { format: 'keras3' })))).toBe(0);
    expect(segs.some((s) => s.buffer === m.weights[0]!.value.data.buffer)).toBe(true); // the 150x200 kernel, not copied
    // The segments behind it: metadata, then views of the model's own kernels.
    const { saveModelSegments } = await import('../../src/keras/model-io.js');
    for (const format of ['keras3', 'keras2'] as const) {
      const segments = saveModelSegments(m, { format });
      expect(Buffer.compare(Buffer.concat(segments), Buffer.from(saveModelBytes(m, { format })))).toBe(0);
      expect(segments.some((seg) => seg.buffer === m.layers[0]!.weights[0]!.value.data.buffer)).toBe(true);
    }
    const w = join(dir, 'big_w.h5');
    const w3 = join(dir, 'big.weights.h5');
    m.saveWeights(w);
    m.saveWeights(w3);
    expect(Buffer.compare(readFileSync(w), Buffer.from(saveWeightsBytes(m)))).toBe(0);
    expect(Buffer.compare(readFileSync(w3), Buffer.from(saveWeightsBytes(m, { format: 'keras3' })))).toBe(0);
  });

  it('a missing file is a FileIoError naming the path', () => {
    const p = join(dir, 'missing.h5');
    expect(() => loadModel(p)).toThrowError(FileIoError);
    try { loadModel(p); } catch (e) { expect((e as FileIoError).path).toBe(p); }
  });
});
