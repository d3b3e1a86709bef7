// HDF5 writer throughput: ≈100 MB of float32 (one 5120×5120 dataset) written
// by our writer into a Uint8Array and to a file, against h5py (a Python
// process timing its own write) and h5wasm (libhdf5 in WebAssembly, Node
// build writing to the host file system), plus two floors measured in the
// same run: allocating and filling a fresh buffer of the same size, and
// writing ready bytes with fs.writeFileSync. "→ file" is measured both as
// toBytes + writeFileSync and as toSegments + writev (no full-size copy). Rounds are interleaved (the
// order rotates each round); prints one JSON line per case and a table of
// median/min/max with ratios.
//
// Build first: npx tsc -p tsconfig.build.json ; then: node bench/run.mjs hdf5-write
// Env: BENCH_ROUNDS (default 7), BENCH_MB (default 100), PUREKERAS_PYTHON.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
let api;
try {
  api = await import('../dist/index.js');
} catch (e) {
  // another area's build may be mid-change; the writer only needs its own entry
  console.error(`note: ../dist/index.js failed to load (${e.message.split('\n')[0]}); using ../dist/hdf5/index.js`);
  api = await import('../dist/hdf5/index.js');
}
const { H5File } = api;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MB = Number(process.env.BENCH_MB ?? 100);
const COLS = 5120;
const ROWS = Math.round((MB * 1024 * 1024) / 4 / COLS);
const N = ROWS * COLS;
const dir = mkdtempSync(join(tmpdir(), 'purekeras-bench-h5w-'));
const gc = globalThis.gc ?? (() => {});

// the same kind of data h5py writes: uniform float32
const data = new Float32Array(N);
let seed = 1;
for (let i = 0; i < N; i++) {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  data[i] = seed / 4294967296;
}

function ours() {
  const f = new H5File();
  f.createDataset('d', data, { shape: [ROWS, COLS] });
  return f.toBytes();
}
const fileBytes = ours().length;
const reuse = new Uint8Array(fileBytes);
const dataBytes = new Uint8Array(data.buffer);

// --- peers -----------------------------------------------------------------
let h5wasm = null;
try {
  h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
} catch (e) {
  console.error(`note: h5wasm unavailable (${e.message}); skipped`);
}

const python = process.env.PUREKERAS_PYTHON ?? join(root, '.venv/bin/python');
let py = null;
if (existsSync(python)) {
  const proc = spawn(python, [join(root, 'scripts/h5write_bench_h5py.py'), String(ROWS), String(COLS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const ready = await lines.next();
  if (!ready.done) {
    py = {
      async write(path) {
        proc.stdin.write(`write ${path}\n`);
        const r = await lines.next();
        return JSON.parse(r.value);
      },
      close() { proc.stdin.end(); },
    };
  }
} else {
  console.error(`note: no python at ${python}; h5py skipped`);
}

// --- cases -----------------------------------------------------------------
/** Writes every segment with writev, looping over short writes. */
function writeAll(path, segments) {
  const fd = openSync(path, 'w');
  try {
    let list = segments;
    while (list.length > 0) {
      let n = writevSync(fd, list.slice(0, 1024));
      const rest = [];
      for (const s of list) {
        if (n >= s.length) { n -= s.length; continue; }
        rest.push(n > 0 ? s.subarray(n) : s);
        n = 0;
      }
      list = rest;
    }
  } finally {
    closeSync(fd);
  }
}

const time = (fn) => { const t = performance.now(); fn(); return performance.now() - t; };
const cases = {
  'purekeras → Uint8Array': async () => time(() => ours()),
  'purekeras → reused Uint8Array': async () => time(() => {
    const f = new H5File();
    f.createDataset('d', data, { shape: [ROWS, COLS] });
    f.toBytes({ into: reuse });
  }),
  'floor: new Uint8Array + set': async () => time(() => new Uint8Array(fileBytes).set(dataBytes)),
  'purekeras → file': async () => time(() => writeFileSync(join(dir, 'ours.h5'), ours())),
  'purekeras → file (toSegments + writev)': async () => time(() => {
    const f = new H5File();
    f.createDataset('d', data, { shape: [ROWS, COLS] });
    writeAll(join(dir, 'segments.h5'), f.toSegments());
  }),
  'floor: writeFileSync(ready bytes)': async () => time(() => writeFileSync(join(dir, 'plain.bin'), reuse)),
};
if (h5wasm) {
  cases['h5wasm → file'] = async () => time(() => {
    const f = new h5wasm.File(join(dir, 'h5wasm.h5'), 'w');
    f.create_dataset({ name: 'd', data, shape: [ROWS, COLS], dtype: '<f' });
    f.close();
  });
}
if (py) cases['h5py → file'] = async () => (await py.write(join(dir, 'h5py.h5'))).ms;

const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) await cases[n](); // warm-up, not recorded
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < names.length; k++) {
    const n = names[(k + r) % names.length];
    gc();
    samples[n].push(await cases[n]());
  }
}
py?.close();
const sizes = {
  'h5wasm → file': existsSync(join(dir, 'h5wasm.h5')) ? statSync(join(dir, 'h5wasm.h5')).size : fileBytes,
  'h5py → file': existsSync(join(dir, 'h5py.h5')) ? statSync(join(dir, 'h5py.h5')).size : fileBytes,
};
rmSync(dir, { recursive: true, force: true });

// --- report ----------------------------------------------------------------
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ref = median(samples['purekeras → Uint8Array']);
const rows = names.map((n) => {
  const bytes = sizes[n] ?? fileBytes;
  const med = median(samples[n]);
  return {
    bench: 'hdf5-write', case: n, bytes, runs: samples[n].length,
    median_ms: +med.toFixed(2), min_ms: +Math.min(...samples[n]).toFixed(2), max_ms: +Math.max(...samples[n]).toFixed(2),
    median_GBps: +(bytes / med / 1e6).toFixed(3),
    time_vs_purekeras_uint8array: +(med / ref).toFixed(3),
  };
});
for (const r of rows) console.log(JSON.stringify(r));
console.log(`\n${(fileBytes / 1048576).toFixed(1)} MiB of float32 (${ROWS}×${COLS}), ${ROUNDS} interleaved rounds`);
console.log(['case'.padEnd(40), 'median ms', '   min', '   max', '  GB/s', ' time ÷ ours→Uint8Array'].join(' '));
for (const r of rows) {
  console.log([r.case.padEnd(40), String(r.median_ms).padStart(9), String(r.min_ms).padStart(6), String(r.max_ms).padStart(6),
    r.median_GBps.toFixed(2).padStart(6), r.time_vs_purekeras_uint8array.toFixed(2).padStart(10)].join(' '));
}
