// The floors: what the hardware and Node charge for the bare job, measured in
// the same run as the libraries. A hand-written float64 loop for the seed's
// arithmetic; for files, reading the raw bytes, copying them into a fresh
// Float32Array, allocating + filling a buffer of the file's size, and
// fs.writeFileSync of ready bytes. No library can beat its floor by much;
// the distance to it is the library's own cost.
import { promises as fsp, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from './protocol.mjs';
import { readBytes } from './shared.mjs';

/** The seed model by hand: y = w·x + b, mse, SGD(0.01), float64 scalars, from w = 0.3, b = 0 (no initializer, no tensors). */
function handSeed(p, steps, state) {
  const xs = p.xTrain, ys = p.yTrain, n = xs.length;
  let w = state.w, b = state.b, loss = 0;
  for (let it = 0; it < steps; it++) {
    let gw = 0, gb = 0;
    loss = 0;
    for (let i = 0; i < n; i++) {
      const e = w * xs[i] + b - ys[i];
      loss += e * e; gw += e * xs[i]; gb += e;
    }
    w -= 0.01 * (2 / n) * gw;
    b -= 0.01 * (2 / n) * gb;
  }
  state.w = w; state.b = b;
  return loss / n;
}

const copyFloor = (bytes) => {
  const out = new Float32Array(bytes.length >> 2);
  out.set(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2));
  return out[0];
};

const handlers = {
  'seed.e2e': (p) => ({
    variants: {
      'floor: hand-written JS loop': {
        run: () => {
          const s = { w: 0.3, b: 0 };
          handSeed(p, p.steps, s);
          return p.xTest.map((x) => s.w * x + s.b);
        },
      },
    },
  }),
  'seed.step': (p) => {
    const s = { w: 0.3, b: 0 };
    return { variants: { 'floor: hand-written JS loop': { run: () => handSeed(p, 1, s) } } };
  },
  'h5.single.read.mem': (p) => {
    const bytes = readBytes(p.path);
    return { variants: { 'floor: copy into a new Float32Array': { run: () => copyFloor(bytes) } } };
  },
  'h5.weights.read.mem': (p) => {
    const bytes = readBytes(p.path);
    return { variants: { 'floor: copy into a new Float32Array': { run: () => copyFloor(bytes) } } };
  },
  'h5.single.read.disk': (p) => ({ variants: { 'floor: readFileSync (raw file read)': { run: () => readFileSync(p.path).length } } }),
  'h5.weights.read.disk': (p) => ({ variants: { 'floor: readFileSync (raw file read)': { run: () => readFileSync(p.path).length } } }),
  'load.model': (p) => ({
    variants: {
      'floor: readFileSync (raw file read)': { run: () => readFileSync(p.h5Path).length },
      'floor: 4 parallel fs.promises reads': { async: true, run: () => parallelRead(p.h5Path, 4) },
    },
  }),
  'h5.single.write.mem': (p) => writeMemFloor(p.rows * p.cols * 4),
  'h5.weights.write.mem': (p) => writeMemFloor(p.bytes),
  'h5.single.write.disk': (p) => writeDiskFloor(p.rows * p.cols * 4, p.dir),
  'h5.weights.write.disk': (p) => writeDiskFloor(p.bytes, p.dir),
};

function writeMemFloor(size) {
  const src = new Uint8Array(size).fill(7);
  return { variants: { 'floor: new Uint8Array + set': { run: () => { const b = new Uint8Array(size); b.set(src); return b[size - 1]; } } } };
}

function writeDiskFloor(size, dir) {
  const src = new Uint8Array(size).fill(7);
  const out = join(dir, 'floor.bin');
  return {
    variants: { 'floor: writeFileSync(ready bytes)': { run: () => { writeFileSync(out, src); return size; } } },
    teardown: () => unlinkSync(out),
  };
}

await serve('floor', async () => ({ node: process.version }), handlers);

/**
 * The whole file read by `parts` concurrent `FileHandle.read` calls into one
 * buffer (Node's thread pool runs them on several cores): the floor of
 * purekeras's loadModelAsync, written here without the library.
 */
async function parallelRead(path, parts) {
  const fh = await fsp.open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = new Uint8Array(size);
    const step = Math.ceil(size / parts / 65536) * 65536;
    const reads = [];
    for (let start = 0; start < size; start += step) {
      reads.push((async () => {
        const end = Math.min(size, start + step);
        for (let at = start; at < end;) {
          const { bytesRead } = await fh.read(buf, at, end - at, at);
          if (bytesRead === 0) throw new Error(`${path}: ended at byte ${at}`);
          at += bytesRead;
        }
      })());
    }
    await Promise.all(reads);
    return buf.length;
  } finally {
    await fh.close();
  }
}
