// HDF5 reading: a ~100 MB float32 weights file already in memory -> typed
// arrays, ours vs jsfive vs h5wasm vs h5py (subprocess, timed inside Python)
// vs a plain Float32Array copy of the same bytes (the floor); and opening a
// Keras-sized file plus listing its whole tree. Peers run interleaved, rounds
// repeated; one JSON line per result, then a table with median/min/max and
// ratios. Build first: npx tsc -p tsconfig.build.json
//
// Run: node bench/run.mjs hdf5-read   (env BENCH_ROUNDS, BENCH_MB)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
let lib;
try {
  lib = await import('../dist/index.js');
} catch (e) {
  // Another area's work in progress can break the root bundle; the reader stands alone.
  console.log(`note: ../dist/index.js failed to load (${e.message.split('\n')[0]}); using ../dist/hdf5/index.js`);
  lib = await import('../dist/hdf5/index.js');
}
const { openHdf5, Hdf5Dataset, Hdf5Group } = lib;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MB = Number(process.env.BENCH_MB ?? 100);
const python = process.env.PUREKERAS_PYTHON ?? join(root, '.venv/bin/python');
const havePython = existsSync(python);
const dir = mkdtempSync(join(tmpdir(), 'purekeras-bench-h5-'));
const bigPath = join(dir, 'weights.h5');

if (!havePython) {
  console.log('python with h5py is missing: cannot generate the benchmark file (set PUREKERAS_PYTHON)');
  process.exit(0);
}
// 25 float32 datasets of MB/25 each, contiguous, classic format (what Keras writes).
const gen = spawnSync(python, ['-c', `
import h5py, numpy as np, sys
n = int(${MB} * 2**20 / 4 / 25)
rng = np.random.default_rng(0)
with h5py.File(sys.argv[1], 'w') as f:
    for i in range(25):
        g = f.require_group(f'model_weights/layer_{i}')
        g.create_dataset(f'layer_{i}/kernel:0', data=rng.standard_normal(n, dtype=np.float32))
`, bigPath], { encoding: 'utf8' });
if (gen.status !== 0) throw new Error(gen.stderr);

const bytes = new Uint8Array(readFileSync(bigPath));
const dataBytes = Math.floor(MB * 2 ** 20 / 4 / 25) * 4 * 25;
const names = [];
for (let i = 0; i < 25; i++) names.push(`model_weights/layer_${i}/layer_${i}/kernel:0`);

function sum(arr) { return arr[0] + arr[arr.length - 1]; } // touch the result

const peers = {
  'purekeras (view)': () => {
    const f = openHdf5(bytes);
    let s = 0;
    for (const n of names) s += sum(f.get(n).read());
    return s;
  },
  'purekeras (copy)': () => {
    const f = openHdf5(bytes);
    let s = 0;
    for (const n of names) s += sum(f.get(n).read({ copy: true }));
    return s;
  },
  'Float32Array copy (floor)': () => {
    const out = new Float32Array(bytes.length >> 2);
    out.set(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2));
    return out[0];
  },
};

try {
  const jsfive = await import('jsfive');
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  peers.jsfive = () => {
    const f = new jsfive.File(ab, 'weights.h5');
    let s = 0;
    for (const n of names) s += sum(f.get(n).value);
    return s;
  };
} catch (e) { console.log(`jsfive unavailable: ${e.message}`); }

try {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  // The Node build reads through the host file system (NODERAWFS): the file is in the page cache.
  peers['h5wasm (from page cache)'] = () => {
    const f = new h5wasm.File(bigPath, 'r');
    let s = 0;
    for (const n of names) s += sum(f.get(n).value);
    f.close();
    return s;
  };
} catch (e) { console.log(`h5wasm unavailable: ${e.message}`); }

// h5py: one subprocess per round, timing only the reads from an in-memory BytesIO.
function h5pyRound() {
  const r = spawnSync(python, ['-c', `
import h5py, io, sys, time, json
data = open(sys.argv[1], 'rb').read()
names = json.loads(sys.argv[2])
bio = io.BytesIO(data)
t0 = time.perf_counter()
with h5py.File(bio, 'r') as f:
    s = 0.0
    for n in names:
        a = f[n][()]
        s += float(a[0]) + float(a[-1])
t1 = time.perf_counter()
print(json.dumps({'ms': (t1 - t0) * 1000}))
`, bigPath, JSON.stringify(names)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout).ms;
}

const times = Object.fromEntries([...Object.keys(peers), 'h5py (BytesIO)'].map((k) => [k, []]));
const order = Object.keys(peers);
for (let round = 0; round < ROUNDS; round++) {
  const rot = order.slice(round % order.length).concat(order.slice(0, round % order.length));
  for (const name of rot) {
    globalThis.gc?.();
    const t0 = performance.now();
    peers[name]();
    times[name].push(performance.now() - t0);
  }
  const ms = h5pyRound();
  if (ms !== null) times['h5py (BytesIO)'].push(ms);
}

// Chunked + deflate: 16 MB of smooth float32 in 1 MB chunks, gzip level 4.
const zPath = join(dir, 'gzip.h5');
const genZ = spawnSync(python, ['-c', `
import h5py, numpy as np, sys
x = np.sin(np.arange(4 * 2**20, dtype=np.float64) / 1000).astype(np.float32)
with h5py.File(sys.argv[1], 'w') as f:
    f.create_dataset('x', data=x, chunks=(2**18,), compression='gzip', compression_opts=4)
`, zPath], { encoding: 'utf8' });
if (genZ.status !== 0) throw new Error(genZ.stderr);
const zbytes = new Uint8Array(readFileSync(zPath));
const zPeers = { 'purekeras (own inflate)': () => sum(openHdf5(zbytes).get('x').read()) };
try {
  const jsfive = await import('jsfive');
  const zab = zbytes.buffer.slice(zbytes.byteOffset, zbytes.byteOffset + zbytes.byteLength);
  zPeers.jsfive = () => sum(new jsfive.File(zab, 'z.h5').get('x').value);
} catch { /* reported above */ }
try {
  const h5wasm = (await import('h5wasm/node')).default;
  zPeers['h5wasm (from page cache)'] = () => { const f = new h5wasm.File(zPath, 'r'); const s = sum(f.get('x').value); f.close(); return s; };
} catch { /* reported above */ }
const zTimes = Object.fromEntries([...Object.keys(zPeers), 'h5py (BytesIO)'].map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(zPeers)) {
    globalThis.gc?.();
    const t0 = performance.now();
    fn();
    zTimes[name].push(performance.now() - t0);
  }
  const r = spawnSync(python, ['-c', `
import h5py, io, sys, time, json
bio = io.BytesIO(open(sys.argv[1], 'rb').read())
t0 = time.perf_counter()
with h5py.File(bio, 'r') as f:
    a = f['x'][()]
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000}))
`, zPath], { encoding: 'utf8' });
  if (r.status === 0) zTimes['h5py (BytesIO)'].push(JSON.parse(r.stdout).ms);
}

// Open + list the whole tree of a Keras-sized file (a fixture when present, else a generated one).
const fixtures = process.env.PUREKERAS_FIXTURES ?? resolve(root, '..', 'shared', 'fixtures');
let kerasPath = join(fixtures, 'weights/Kotlin__kotlindl__weights.h5');
if (!existsSync(kerasPath)) kerasPath = bigPath;
const kbytes = new Uint8Array(readFileSync(kerasPath));
const listPeers = {
  'purekeras open+list': () => {
    const f = openHdf5(kbytes);
    const paths = [];
    f.visit((p) => { paths.push(p); });
    return paths.length;
  },
};
try {
  const jsfive = await import('jsfive');
  const kab = kbytes.buffer.slice(kbytes.byteOffset, kbytes.byteOffset + kbytes.byteLength);
  listPeers['jsfive open+list'] = () => {
    const f = new jsfive.File(kab, 'k.h5');
    const paths = [];
    const walk = (g, p) => { for (const k of g.keys) { const o = g.get(k); paths.push(p + k); if (o instanceof jsfive.Group) walk(o, `${p}${k}/`); } };
    walk(f, '');
    return paths.length;
  };
} catch { /* reported above */ }
try {
  const h5wasm = (await import('h5wasm/node')).default;
  listPeers['h5wasm open+list'] = () => {
    const f = new h5wasm.File(kerasPath, 'r');
    const paths = [];
    const walk = (g, p) => { for (const k of g.keys()) { const o = g.get(k); paths.push(p + k); if (o instanceof h5wasm.Group) walk(o, `${p}${k}/`); } };
    walk(f, '');
    f.close();
    return paths.length;
  };
} catch { /* reported above */ }
const listTimes = Object.fromEntries(Object.keys(listPeers).map((k) => [k, []]));
const counts = {};
for (let round = 0; round < ROUNDS * 3; round++) {
  for (const [name, fn] of Object.entries(listPeers)) {
    const t0 = performance.now();
    counts[name] = fn();
    listTimes[name].push(performance.now() - t0);
  }
}

const stats = (a) => {
  const s = a.slice().sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const oursMedian = stats(times['purekeras (view)']).median;
const rows = [];
for (const [name, t] of Object.entries(times)) {
  if (t.length === 0) continue;
  const st = stats(t);
  const gbps = dataBytes / (st.median / 1000) / 1e9;
  const row = { bench: 'hdf5-read', case: `${MB} MB float32 -> typed arrays`, peer: name, ...st, gbps, ratioVsOurs: st.median / oursMedian };
  console.log(JSON.stringify(row));
  rows.push(row);
}
const zOurs = stats(zTimes['purekeras (own inflate)']).median;
for (const [name, t] of Object.entries(zTimes)) {
  if (t.length === 0) continue;
  const st = stats(t);
  const row = { bench: 'hdf5-read', case: `16 MB float32, 1 MB gzip chunks (${zbytes.length} bytes)`, peer: name, ...st, gbps: 16 * 2 ** 20 / (st.median / 1000) / 1e9, ratioVsOurs: st.median / zOurs };
  console.log(JSON.stringify(row));
  rows.push(row);
}
const listOurs = stats(listTimes['purekeras open+list']).median;
for (const [name, t] of Object.entries(listTimes)) {
  const st = stats(t);
  const row = { bench: 'hdf5-read', case: `open + list tree (${kbytes.length} bytes, ${counts[name]} objects)`, peer: name, ...st, ratioVsOurs: st.median / listOurs };
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.log('\n| case | peer | median ms | min | max | GB/s | × ours |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.case} | ${r.peer} | ${r.median.toFixed(3)} | ${r.min.toFixed(3)} | ${r.max.toFixed(3)} | ${r.gbps ? r.gbps.toFixed(2) : ''} | ${r.ratioVsOurs.toFixed(2)} |`);
}
rmSync(dir, { recursive: true, force: true });
