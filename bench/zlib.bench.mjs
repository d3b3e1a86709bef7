// zlib codec speed: our inflate/deflate vs node:zlib (native zlib) and pako (a
// JavaScript zlib port), on data like HDF5 chunks hold: float32 weights from a
// normal distribution (deflates poorly), text-like bytes, and zero-heavy
// float32. Runs are interleaved (every implementation once per round) and
// repeated; prints one JSON line per result, then a table of median/min/max
// MB/s (uncompressed bytes per second) and ratios against node:zlib.
//
//   npx tsc -p tsconfig.build.json && node bench/run.mjs zlib
//   ZLIB_BENCH_MB=32 ZLIB_BENCH_ROUNDS=9 node bench/zlib.bench.mjs
import zlib from 'node:zlib';

const lib = await import(process.env.ZLIB_BENCH_MODULE ?? '../dist/zlib/index.js');
let pako = null;
try {
  pako = (await import('pako')).default;
} catch {
  console.log('(pako not installed: skipping that peer)');
}

const MB = Number(process.env.ZLIB_BENCH_MB ?? 16);
const ROUNDS = Number(process.env.ZLIB_BENCH_ROUNDS ?? 7);
const SIZE = MB * 1024 * 1024;

// ---- data (deterministic) ----
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function floatWeights(bytes) {
  const rand = prng(1);
  const f = new Float32Array(bytes / 4);
  for (let i = 0; i < f.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * 0.05;
    const v = 2 * Math.PI * rand();
    f[i] = r * Math.cos(v);
    if (i + 1 < f.length) f[i + 1] = r * Math.sin(v);
  }
  return new Uint8Array(f.buffer);
}
function textLike(bytes) {
  const rand = prng(2);
  const words = ('the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
    'they you were her she there been one all we their has would when if so no will can more layer dense kernel bias ' +
    'units activation relu sigmoid weights optimizer adam learning_rate').split(' ');
  const out = new Uint8Array(bytes);
  let o = 0;
  const enc = new TextEncoder();
  while (o < bytes) {
    const w = enc.encode((rand() < 0.08 ? String(Math.floor(rand() * 10000)) : words[Math.floor(rand() * words.length)])
      + (rand() < 0.1 ? '.\n' : ' '));
    out.set(w.subarray(0, Math.min(w.length, bytes - o)), o);
    o += w.length;
  }
  return out;
}
function zeroHeavy(bytes) {
  const rand = prng(3);
  const f = new Float32Array(bytes / 4);
  for (let i = 0; i < f.length; i++) if (rand() < 0.05) f[i] = rand() - 0.5;
  return new Uint8Array(f.buffer);
}

const datasets = [
  ['float32-normal', floatWeights(SIZE)],
  ['text', textLike(SIZE)],
  ['zero-heavy', zeroHeavy(SIZE)],
];

// ---- cases ----
const cases = [];
for (const [name, data] of datasets) {
  // What h5py writes with compression='gzip' (level 4) and zlib's default (6).
  for (const level of [4, 6]) {
    const packed = new Uint8Array(zlib.deflateSync(data, { level }));
    const check = (out) => {
      if (out.length !== data.length || out[data.length >> 1] !== data[data.length >> 1]) throw new Error('bad output');
    };
    const op = `inflate(L${level})`;
    cases.push({ op, data: name, impl: 'node:zlib', bytes: data.length, run: () => check(zlib.inflateSync(packed)) });
    cases.push({ op, data: name, impl: 'purekeras', bytes: data.length, run: () => check(lib.inflate(packed)) });
    cases.push({ op, data: name, impl: 'purekeras+len', bytes: data.length,
      run: () => check(lib.inflate(packed, { expectedLength: data.length })) });
    if (pako) cases.push({ op, data: name, impl: 'pako', bytes: data.length, run: () => check(pako.inflate(packed)) });
  }
  for (const level of [1, 6]) {
    const op = `deflate(L${level})`;
    const sizes = {};
    cases.push({ op, data: name, impl: 'node:zlib', bytes: data.length, sizes,
      run: () => { sizes['node:zlib'] = zlib.deflateSync(data, { level }).length; } });
    cases.push({ op, data: name, impl: 'purekeras', bytes: data.length, sizes,
      run: () => { sizes.purekeras = lib.deflate(data, { level }).length; } });
    if (pako) cases.push({ op, data: name, impl: 'pako', bytes: data.length, sizes,
      run: () => { sizes.pako = pako.deflate(data, { level }).length; } });
  }
}

// ---- run: warm up once, then ROUNDS interleaved rounds ----
for (const c of cases) c.run();
// Wall time is the headline; CPU time (this process) is also kept because the
// machine may be shared, and CPU time ratios are far steadier under contention.
const times = new Map(cases.map((c) => [c, []]));
const cpuTimes = new Map(cases.map((c) => [c, []]));
// A full GC per round only: a forced GC before every case would age out (flush)
// the JavaScript implementations' compiled code between their cases, timing
// cold code, which is not how a loader inflating chunk after chunk runs.
for (let r = 0; r < ROUNDS; r++) {
  globalThis.gc?.();
  for (const c of cases) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    c.run();
    times.get(c).push(Number(process.hrtime.bigint() - t0) / 1e6);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.get(c).push((cpu.user + cpu.system) / 1000);
  }
}

// ---- report ----
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
for (const c of cases) {
  const ts = times.get(c);
  const med = median(ts);
  const nodeCase = cases.find((x) => x.op === c.op && x.data === c.data && x.impl === 'node:zlib');
  const nodeMed = median(times.get(nodeCase));
  const cpuMed = median(cpuTimes.get(c));
  const nodeCpuMed = median(cpuTimes.get(nodeCase));
  const mbps = (ms) => c.bytes / 1048576 / (ms / 1000);
  const row = {
    bench: 'zlib', op: c.op, data: c.data, impl: c.impl, mb: +(c.bytes / 1048576).toFixed(1), rounds: ROUNDS,
    ms_median: +med.toFixed(2), ms_min: +Math.min(...ts).toFixed(2), ms_max: +Math.max(...ts).toFixed(2),
    mbps_median: +mbps(med).toFixed(1), mbps_best: +mbps(Math.min(...ts)).toFixed(1),
    time_vs_node: +(med / nodeMed).toFixed(2),
    cpu_ms_median: +cpuMed.toFixed(2), cpu_vs_node: +(cpuMed / nodeCpuMed).toFixed(2),
  };
  if (c.sizes) {
    row.out_bytes = c.sizes[c.impl];
    row.size_vs_node = +(c.sizes[c.impl] / c.sizes['node:zlib']).toFixed(4);
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nzlib codec, ${MB} MiB per data set, ${ROUNDS} interleaved rounds (MB/s of uncompressed data; time ratio vs node:zlib, lower is better)`);
console.log('ms = wall-clock milliseconds; cpu×node = ratio of median CPU time (steadier on a shared machine)');
console.log(`${pad('op', 12)} ${pad('data', 15)} ${pad('impl', 14)} ${lpad('median', 8)} ${lpad('min', 8)} ${lpad('max', 8)} ${lpad('MB/s', 8)} ${lpad('×node', 7)} ${lpad('cpu×node', 9)} ${lpad('size×node', 10)}`);
for (const r of rows) {
  console.log(`${pad(r.op, 12)} ${pad(r.data, 15)} ${pad(r.impl, 14)} ${lpad(r.ms_median.toFixed(1), 8)} ${lpad(r.ms_min.toFixed(1), 8)} ${lpad(r.ms_max.toFixed(1), 8)} ${lpad(r.mbps_median.toFixed(0), 8)} ${lpad(r.time_vs_node.toFixed(2), 7)} ${lpad(r.cpu_vs_node.toFixed(2), 9)} ${lpad(r.size_vs_node === undefined ? '' : r.size_vs_node.toFixed(4), 10)}`);
}
