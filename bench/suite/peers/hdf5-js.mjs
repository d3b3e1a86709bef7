// The JavaScript HDF5 peers, one process each:
//   node peers/hdf5-js.mjs jsfive   jsfive (pure JS, read-only) from an ArrayBuffer
//   node peers/hdf5-js.mjs h5wasm   h5wasm (libhdf5 compiled to WebAssembly): its
//     browser build for bytes in memory (copied into Emscripten's MEMFS, as a
//     web page must) and its Node build for files (NODERAWFS, straight to disk).
// Each case reads (or writes) every float32 dataset into typed arrays.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, Unsupported } from './protocol.mjs';
import { ends, exactBuffer, keras3WeightNames, readBytes } from './shared.mjs';
import { hashUniform } from '../lib/data.mjs';

const which = process.argv[2];
let lib, h5mem, h5disk, memFs;

// ── jsfive ──
function jsfiveReadAll(buffer) {
  const f = new lib.File(buffer, 'bench.h5');
  let s = 0;
  const walk = (g) => {
    for (const k of g.keys) {
      const o = g.get(k);
      if (o instanceof lib.Group) walk(o);
      else s += ends(o.value);
    }
  };
  walk(f);
  return s;
}

const jsfiveHandlers = {
  'h5.single.read.mem': (p) => {
    const buffer = exactBuffer(readBytes(p.path));
    return { variants: { jsfive: { run: () => ends(new lib.File(buffer, 'bench.h5').get(p.name).value) } } };
  },
  'h5.single.read.disk': (p) => ({
    variants: { jsfive: { run: () => ends(new lib.File(exactBuffer(readBytes(p.path)), 'bench.h5').get(p.name).value) } },
  }),
  'h5.weights.read.mem': (p) => {
    const buffer = exactBuffer(readBytes(p.path));
    return { variants: { 'jsfive (read all)': { run: () => jsfiveReadAll(buffer) } } };
  },
  'h5.weights.read.disk': (p) => ({
    variants: { 'jsfive (read all)': { run: () => jsfiveReadAll(exactBuffer(readBytes(p.path))) } },
  }),
  'load.model': (p) => ({
    variants: { 'jsfive (parse + read all, no model)': { run: () => jsfiveReadAll(exactBuffer(readBytes(p.h5Path))) } },
  }),
};

// ── h5wasm ──
function h5ReadAll(mod, f) {
  let s = 0;
  const walk = (g) => {
    for (const k of g.keys()) {
      const o = g.get(k);
      if (o instanceof mod.Group) walk(o);
      else if (o instanceof mod.Dataset) s += ends(o.value);
    }
  };
  walk(f);
  return s;
}

/** Opens `bytes` through MEMFS (the browser build's only way to read bytes), runs fn, cleans up. */
function withMemFile(bytes, fn) {
  memFs.writeFile('/bench-in.h5', bytes);
  const f = new h5mem.File('/bench-in.h5', 'r');
  try {
    return fn(f);
  } finally {
    f.close();
    memFs.unlink('/bench-in.h5');
  }
}

function createPath(f, path) {
  let g = f;
  for (const part of path.split('/')) g = g.keys().includes(part) ? g.get(part) : g.create_group(part);
  return g;
}

/** Writes the weights file's datasets (Keras 3 layout) with h5wasm module `mod` at `path`. */
function writeWeights(mod, path, arrays) {
  const f = new mod.File(path, 'w');
  for (const { name, data, shape } of arrays) {
    const cut = name.lastIndexOf('/');
    createPath(f, name.slice(0, cut)).create_dataset({ name: name.slice(cut + 1), data, shape, dtype: '<f' });
  }
  f.close();
}

function weightArrays(p) {
  return keras3WeightNames(p.depth).map((name, i) => {
    const kernel = i % 2 === 0;
    return { name, shape: kernel ? [p.width, p.width] : [p.width], data: hashUniform(kernel ? p.width * p.width : p.width, 10 + i) };
  });
}

const h5wasmHandlers = {
  'h5.single.read.mem': (p) => {
    const bytes = readBytes(p.path);
    return { variants: { 'h5wasm (MEMFS)': { run: () => withMemFile(bytes, (f) => ends(f.get(p.name).value)) } } };
  },
  'h5.single.read.disk': (p) => ({
    variants: {
      h5wasm: {
        run: () => {
          const f = new h5disk.File(p.path, 'r');
          try { return ends(f.get(p.name).value); } finally { f.close(); }
        },
      },
    },
  }),
  'h5.weights.read.mem': (p) => {
    const bytes = readBytes(p.path);
    return { variants: { 'h5wasm (MEMFS, read all)': { run: () => withMemFile(bytes, (f) => h5ReadAll(h5mem, f)) } } };
  },
  'h5.weights.read.disk': (p) => ({
    variants: {
      'h5wasm (read all)': {
        run: () => {
          const f = new h5disk.File(p.path, 'r');
          try { return h5ReadAll(h5disk, f); } finally { f.close(); }
        },
      },
    },
  }),
  'h5.single.write.mem': (p) => {
    const data = hashUniform(p.rows * p.cols, 6);
    return {
      variants: {
        'h5wasm (MEMFS)': {
          run: () => {
            const f = new h5mem.File('/bench-out.h5', 'w');
            f.create_dataset({ name: p.name, data, shape: [p.rows, p.cols], dtype: '<f' });
            f.close();
            const bytes = memFs.readFile('/bench-out.h5');
            memFs.unlink('/bench-out.h5');
            return bytes.length;
          },
        },
      },
    };
  },
  'h5.single.write.disk': (p) => {
    const data = hashUniform(p.rows * p.cols, 6);
    const out = join(p.dir, 'h5wasm-single.h5');
    return {
      variants: {
        h5wasm: {
          run: () => {
            const f = new h5disk.File(out, 'w');
            f.create_dataset({ name: p.name, data, shape: [p.rows, p.cols], dtype: '<f' });
            f.close();
            return 1;
          },
        },
      },
      teardown: () => unlinkSync(out),
    };
  },
  'h5.weights.write.mem': (p) => {
    const arrays = weightArrays(p);
    return {
      variants: {
        'h5wasm (MEMFS, same datasets)': {
          run: () => {
            writeWeights(h5mem, '/bench-w.h5', arrays);
            const n = memFs.readFile('/bench-w.h5').length;
            memFs.unlink('/bench-w.h5');
            return n;
          },
        },
      },
    };
  },
  'h5.weights.write.disk': (p) => {
    const arrays = weightArrays(p);
    const out = join(p.dir, 'h5wasm-w.weights.h5');
    return {
      variants: { 'h5wasm (same datasets)': { run: () => { writeWeights(h5disk, out, arrays); return 1; } } },
      teardown: () => unlinkSync(out),
    };
  },
  'load.model': (p) => ({
    variants: {
      'h5wasm (open + read all, no model)': {
        run: () => {
          const f = new h5disk.File(p.h5Path, 'r');
          try { return h5ReadAll(h5disk, f); } finally { f.close(); }
        },
      },
    },
  }),
};

/** The installed version: the nearest package.json above the module's entry (neither package exports it). */
function version(name) {
  let d = dirname(fileURLToPath(import.meta.resolve(name)));
  while (!existsSync(join(d, 'package.json')) || JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name !== name) {
    if (dirname(d) === d) return '?';
    d = dirname(d);
  }
  return JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).version;
}

if (which === 'jsfive') {
  await serve('jsfive', async () => {
    lib = await import('jsfive');
    return { jsfive: version('jsfive') };
  }, jsfiveHandlers);
} else if (which === 'h5wasm') {
  await serve('h5wasm', async () => {
    h5mem = await import('h5wasm');
    memFs = (await h5mem.ready).FS;
    h5disk = (await import('h5wasm/node')).default;
    await h5disk.ready;
    return { h5wasm: version('h5wasm') };
  }, h5wasmHandlers);
} else {
  throw new Unsupported(`unknown HDF5 peer ${which}`);
}
