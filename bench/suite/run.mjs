// The benchmark suite (issue 8): every workload W1–W7, every peer in its own
// process, interleaved and repeated, one report with charts.
//
//   npm run build && node bench/suite/run.mjs [options]
//     --quick          smoke run: small sizes, 3 runs, short samples; the report
//                      goes to a temporary directory unless --out is given
//     --only W2,W5     only these workloads (or case ids: --only W4.square512)
//     --runs N         counted runs per case (default 5; warm-up runs come first)
//     --clock wall|cpu the figure the tables and ratios use (default wall; both are recorded)
//     --sample-ms N    each sample repeats the operation until it lasts ≥ N ms (default 200)
//     --out DIR        where the report goes (default bench/results)
//     --verbose        echo the peers' own output when a case fails
//
// How it measures: the orchestrator (this file) starts each peer once
// (peers/*.mjs for Node, scripts/bench_*.py for Python) and drives it over a
// line protocol (peers/protocol.mjs). Per case: every peer sets the case up;
// each (peer, variant) runs once to warm up, once more to calibrate how many
// operations a sample needs, once as a full-size warm-up sample; then
// `runs` rounds, each running every entry once in an order that rotates by
// one per round. Only one peer works at a time. Each sample reports the wall
// time and the process CPU time (user + system, all threads) per operation.
// Output: one JSON line per result and a table per case on stdout, then
// <out>/<date>.json, <out>/<date>.md, <out>/<date>-W*.svg and (full runs)
// <out>/latest.md. Exit status 1 when one of purekeras's own entries fails.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedData } from './lib/data.mjs';
import { describeMachine, loadNow } from './lib/machine.mjs';
import { makeFilesWithPurekeras } from './lib/make-files.mjs';
import { PeerPool, peerCommands } from './lib/peers.mjs';
import { measureSizes } from './lib/size.mjs';
import { sig, summary } from './lib/stats.mjs';
import { formatMs, formatSize, ratioText, reasonLine } from './report/markdown.mjs';
import { writeReportFiles } from './report/write.mjs';
import { sizes, workloads } from './workloads.mjs';

const suite = dirname(fileURLToPath(import.meta.url));
const root = resolve(suite, '..', '..');
const builtDist = join(root, 'dist');
const python = process.env.PUREKERAS_PYTHON ?? join(root, '.venv', 'bin', 'python');

// ── options ──────────────────────────────────────────────────────────────────
function parseOptions(argv) {
  const o = { quick: false, only: null, runs: null, clock: 'wall', sampleMs: null, out: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--quick') o.quick = true;
    else if (name === '--only') o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (name === '--runs') o.runs = positive(value(), '--runs');
    else if (name === '--clock') { o.clock = value(); if (o.clock !== 'wall' && o.clock !== 'cpu') usage('--clock is wall or cpu'); }
    else if (name === '--sample-ms') o.sampleMs = positive(value(), '--sample-ms');
    else if (name === '--out') o.out = resolve(value());
    else if (name === '--verbose') o.verbose = true;
    else if (name === '--help' || name === '-h') usage(null);
    else usage(`unknown option ${a}`);
  }
  o.runs ??= o.quick ? 3 : 5;
  o.sampleMs ??= o.quick ? 30 : 200;
  o.out ??= o.quick ? join(tmpdir(), 'purekeras-bench-quick') : join(root, 'bench', 'results');
  return o;
}

function positive(v, name) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) usage(`${name} takes a positive integer, got ${v}`);
  return n;
}

function usage(problem) {
  const text = 'usage: node bench/suite/run.mjs [--quick] [--only W2,W5] [--runs N] [--clock wall|cpu] [--sample-ms N] [--out DIR] [--verbose]';
  if (problem) {
    console.error(`bench/suite/run.mjs: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

const opts = parseOptions(process.argv.slice(2));
const CALL_TIMEOUT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 3 * 60_000;

// ── the run ──────────────────────────────────────────────────────────────────
if (!existsSync(join(builtDist, 'index.js'))) {
  console.error('bench/suite: dist/index.js is missing; run `npm run build` first');
  process.exit(1);
}
const all = workloads({ quick: opts.quick });
const selected = opts.only
  ? all.filter((c) => opts.only.some((x) => c.workload === x || c.id === x || c.id.startsWith(`${x}.`)))
  : all;
if (selected.length === 0) usage(`--only ${opts.only.join(',')} matches no workload (W1…W7) or case id`);

const started = new Date();
const machine = describeMachine(root);
const tmp = mkdtempSync(join(tmpdir(), 'purekeras-bench-suite-'));
// Every peer and startup script imports a snapshot of the build, so a rebuild
// during the run (npm run build elsewhere) cannot mix two versions.
const dist = join(tmp, 'package', 'dist');
cpSync(builtDist, dist, { recursive: true, filter: (src) => !src.endsWith('.map') });
copyFileSync(join(root, 'package.json'), join(tmp, 'package', 'package.json'));
process.env.PUREKERAS_DIST = dist;
const pool = new PeerPool(peerCommands({ suite, root, python }), { cwd: root, timeoutMs: CALL_TIMEOUT_MS, startTimeoutMs: START_TIMEOUT_MS });
const results = [];
const notes = [];
let files = null;
let sizeRows = null;

const log = (s) => process.stderr.write(`${s}\n`);
log(`purekeras bench suite: ${selected.length} cases, ${opts.runs} counted runs, ${opts.clock} clock${opts.quick ? ', quick' : ''}; ` +
  `${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverageStart.join(' ')}`);

try {
  if (selected.some((c) => c.needsFiles)) files = await makeFiles();
  for (const c of selected) {
    const t0 = performance.now();
    log(`\n── ${c.id}: ${c.title}`);
    let rows;
    if (c.kind === 'size') rows = await runSize(c);
    else if (c.kind === 'startup') rows = runStartup(c);
    else rows = await runCase(c);
    finish(c, rows);
    results.push(...rows);
    printCase(c, rows);
    log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
} finally {
  await pool.closeAll();
  rmSync(tmp, { recursive: true, force: true });
}

const report = {
  suite: 'purekeras bench suite', issue: 8,
  started: started.toISOString(), finished: new Date().toISOString(),
  command: `node bench/suite/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  options: { quick: opts.quick, only: opts.only, runs: opts.runs, clock: opts.clock, sampleMs: opts.sampleMs },
  machine: { ...machine, loadAverageEnd: loadNow() },
  sizes: sizes(opts.quick),
  files: files && { writer: files.writer, bytes: Object.fromEntries(Object.entries(files.files).map(([k, v]) => [k, v.bytes])) },
  peers: Object.fromEntries(Object.keys(peerCommands({ suite, root, python })).map((p) => [p, pool.versions[p] ?? (pool.missing.has(p) ? { missing: pool.missing.get(p) } : { used: false })])),
  notes,
  cases: selected.map((c) => ({ id: c.id, workload: c.workload, title: c.title, kind: c.kind, ...(c.headline ? { headline: c.headline } : {}) })),
  results,
};
writeReport(report);

const failedOurs = results.filter((r) => r.peer === 'purekeras' && r.status !== 'ok');
if (failedOurs.length) {
  log(`\nFAILED: ${failedOurs.length} purekeras entr${failedOurs.length === 1 ? 'y' : 'ies'}:`);
  for (const r of failedOurs) log(`  ${r.case} ${r.variant}: ${reasonLine(r.reason)}`);
  process.exit(1);
}

// ── files for W5–W7 ──────────────────────────────────────────────────────────
async function makeFiles() {
  const s = sizes(opts.quick);
  const p = { dir: tmp, rows: s.rows, cols: s.cols, width: s.width, depth: s.depth, large: s.large, seed: seedData() };
  log(`making the benchmark files in ${tmp} …`);
  let made = null;
  if (existsSync(python)) {
    const r = spawnSync(python, [join(root, 'scripts', 'bench_make_files.py')], {
      input: JSON.stringify(p), encoding: 'utf8', maxBuffer: 1 << 24,
      env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    try {
      if (r.status !== 0) throw new Error(r.stderr?.slice(-600) || r.error?.message);
      made = JSON.parse(r.stdout.trim().split('\n').at(-1));
    } catch (e) {
      notes.push(`Keras/h5py could not write the benchmark files (${String(e.message).split('\n').at(-1)}); purekeras wrote them instead.`);
    }
  } else {
    notes.push(`No Python at ${python}: purekeras wrote the benchmark files, and the Keras and h5py peers are missing.`);
  }
  const result = made ?? await makeFilesWithPurekeras(dist, p);
  result.dir = tmp;
  result.tfjsSmall = join(tmp, 'tfjs-small');
  result.tfjsLarge = join(tmp, 'tfjs-large');
  const t = spawnSync(process.execPath, [join(suite, 'startup', 'tfjs.mjs'), 'save', tmp, String(s.large)], { encoding: 'utf8' });
  if (t.status !== 0) notes.push(`TF.js could not save its models (${(t.stderr || '').trim().split('\n').at(-1)}); its W6/W7 entries fail.`);
  return result;
}

// ── one case: setup, warm-up, calibration, interleaved rounds ────────────────
async function runCase(c) {
  const params = c.params ? c.params(files) : {};
  const entries = [];
  for (const peerName of c.peers) {
    const peer = await pool.get(peerName);
    if (peer.missing) { entries.push({ peer: peerName, variant: peerName, status: 'missing', reason: peer.missing }); continue; }
    let r;
    try {
      r = await peer.call({ op: 'setup', id: c.id, kind: c.kind, params }, CALL_TIMEOUT_MS);
    } catch (e) {
      r = { error: e.message };
    }
    if (r.error) { entries.push({ peer: peerName, variant: peerName, status: 'error', reason: errorText(r.error, peer) }); continue; }
    if (!r.ok) { entries.push({ peer: peerName, variant: peerName, status: 'missing', reason: r.missing }); continue; }
    for (const v of r.variants) entries.push({ peer: peerName, variant: v, status: 'ok', client: peer, samples: [] });
  }
  const live = () => entries.filter((e) => e.status === 'ok' && !e.client.dead);
  const sample = async (e, iters) => {
    try {
      const r = await e.client.call({ op: 'run', id: c.id, variant: e.variant, iters }, CALL_TIMEOUT_MS);
      if (r.error) throw new Error(r.error);
      e.check = r.check;
      return { wall: r.wall / iters, cpu: r.cpu / iters };
    } catch (err) {
      e.status = 'error';
      e.reason = errorText(err.message, e.client);
      log(`   ${e.variant}: ERROR ${reasonLine(e.reason)}`);
      return null;
    }
  };
  for (const e of live()) {
    if (!(await sample(e, 1))) continue;
    const once = await sample(e, 1);
    if (!once) continue;
    e.iters = Math.max(c.minIters ?? 1, Math.min(1e6, Math.ceil(opts.sampleMs / Math.max(once.wall, 1e-4))));
    // A full-size warm-up sample, unless the two calls so far were long enough to have warmed up.
    if (e.iters > 1 && e.iters * once.wall < 2000) await sample(e, e.iters);
  }
  for (let round = 0; round < opts.runs; round++) {
    const order = live();
    for (let j = 0; j < order.length; j++) {
      const e = order[(j + round) % order.length];
      if (e.status !== 'ok') continue;
      const s = await sample(e, e.iters);
      if (s) e.samples.push(s);
    }
  }
  for (const e of entries) {
    if (e.status === 'ok' && (e.client.dead || e.samples.length === 0)) {
      e.status = 'error';
      e.reason = `${e.peer} stopped during the case (${e.client.dead ?? 'no samples'})`;
    }
  }
  const seen = new Set();
  for (const e of entries) {
    if (!e.client || seen.has(e.client) || e.client.dead) continue;
    seen.add(e.client);
    try { await e.client.call({ op: 'teardown', id: c.id }, CALL_TIMEOUT_MS); } catch { /* reported by the next call */ }
  }
  return entries.map((e) => toResult(c, e));
}

function errorText(message, peer) {
  const m = String(message).trim();
  return opts.verbose && peer?.tail ? `${m}\n--- peer output ---\n${peer.tail()}` : m;
}

function toResult(c, e) {
  const base = { workload: c.workload, case: c.id, peer: e.peer, variant: e.variant, status: e.status };
  if (e.status !== 'ok') return { ...base, reason: e.reason };
  const wall = summary(e.samples.map((s) => s.wall));
  const cpu = summary(e.samples.map((s) => s.cpu));
  return {
    ...base, unit: 'ms', clock: opts.clock, runs: e.samples.length, itersPerRun: e.iters,
    ...(opts.clock === 'wall' ? wall : cpu),
    wall, cpu, check: e.check,
  };
}

// ── W7: startup, spawn to exit ───────────────────────────────────────────────
function runStartup(c) {
  const havePy = existsSync(python);
  const pyEnv = { KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3', PYTHONWARNINGS: 'ignore' };
  const node = process.execPath;
  const entries = [
    { peer: 'purekeras', variant: 'purekeras', cmd: node, args: [join(suite, 'startup', 'purekeras.mjs'), files.files.seed.path] },
    { peer: 'tfjs-cpu', variant: 'tfjs-cpu', cmd: node, args: [join(suite, 'startup', 'tfjs.mjs'), 'cpu', files.tfjsSmall] },
    { peer: 'tfjs-wasm', variant: 'tfjs-wasm', cmd: node, args: [join(suite, 'startup', 'tfjs.mjs'), 'wasm', files.tfjsSmall] },
    havePy
      ? { peer: 'keras-jax', variant: 'keras-jax', cmd: python, args: [join(root, 'scripts', 'bench_keras.py'), 'startup', files.files.seed.path], env: pyEnv }
      : { peer: 'keras-jax', variant: 'keras-jax', status: 'missing', reason: `no Python at ${python}` },
    { peer: 'floor', variant: 'floor: node, empty script', cmd: node, args: ['-e', ''] },
    havePy
      ? { peer: 'floor', variant: 'floor: python -c pass', cmd: python, args: ['-c', 'pass'] }
      : { peer: 'floor', variant: 'floor: python -c pass', status: 'missing', reason: `no Python at ${python}` },
  ].map((e) => ({ status: 'ok', samples: [], ...e }));
  const once = (e) => {
    const t0 = performance.now();
    const r = spawnSync(e.cmd, e.args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...e.env }, timeout: CALL_TIMEOUT_MS, maxBuffer: 1 << 24 });
    const ms = performance.now() - t0;
    if (r.status !== 0) {
      e.status = 'error';
      e.reason = `exit ${r.status ?? r.signal}: ${(r.stderr || r.error?.message || '').trim().slice(-3000)}`;
      log(`   ${e.variant}: ERROR ${reasonLine(e.reason)}`);
      return;
    }
    const last = r.stdout.trim().split('\n').at(-1);
    if (last) { try { e.check = JSON.parse(last); } catch { e.check = last.slice(0, 60); } }
    e.samples.push(ms);
  };
  const live = () => entries.filter((e) => e.status === 'ok');
  for (const e of live()) { once(e); e.samples.length = 0; } // warm-up: page cache, .pyc files, V8 code cache
  for (let round = 0; round < opts.runs; round++) {
    const order = live();
    for (let j = 0; j < order.length; j++) once(order[(j + round) % order.length]);
  }
  return entries.map((e) => {
    const base = { workload: c.workload, case: c.id, peer: e.peer, variant: e.variant, status: e.status };
    if (e.status !== 'ok') return { ...base, reason: e.reason };
    const wall = summary(e.samples);
    return { ...base, unit: 'ms', clock: 'wall', runs: e.samples.length, itersPerRun: 1, ...wall, wall, cpu: null, check: e.check };
  });
}

// ── W7: size ─────────────────────────────────────────────────────────────────
async function runSize(c) {
  sizeRows ??= await measureSizes(root, dist);
  return sizeRows.filter((r) => r.group === c.sizeGroup).map((r) => {
    const base = { workload: c.workload, case: c.id, peer: r.peer, variant: r.variant };
    if (r.error) return { ...base, status: 'error', reason: r.error };
    return { ...base, status: 'ok', unit: 'bytes', median: r.gzip, min: r.gzip, max: r.gzip, gzip: r.gzip, minified: r.minified, modules: r.modules, runs: 1 };
  });
}

// ── ratios, derived figures, printing ────────────────────────────────────────
/** Adds to each row: ratio = its median ÷ purekeras's (same case), and the case's throughputs. */
function finish(c, rows) {
  const ref = rows.find((r) => r.variant === 'purekeras') ?? rows.find((r) => r.peer === 'purekeras');
  const ours = ref?.status === 'ok' ? ref : null;
  if (ref) ref.reference = true;
  for (const r of rows) {
    if (r.status !== 'ok') continue;
    r.ratio = ours ? sig(r.median / ours.median) : null;
    r.derived = Object.fromEntries((c.derived ?? []).map((d) => [d.label, sig(d.of(r.median))]));
    for (const k of ['median', 'min', 'max']) r[k] = sig(r[k]);
    for (const clock of ['wall', 'cpu']) if (r[clock]) for (const k of Object.keys(r[clock])) r[clock][k] = sig(r[clock][k]);
  }
}

function printCase(c, rows) {
  for (const r of rows) console.log(JSON.stringify({ bench: 'suite', ...r }));
  const fmt = c.kind === 'size' ? formatSize : formatMs;
  const labels = (c.derived ?? []).map((d) => d.label);
  const head = ['implementation', 'median', 'min–max', ...(c.kind === 'size' ? [] : ['CPU median']), ...labels, '× purekeras'];
  const ok = rows.filter((r) => r.status === 'ok');
  const body = ok.map((r) => [r.variant, fmt(r.median), `${fmt(r.min)}–${fmt(r.max)}`, ...(c.kind === 'size' ? [] : [r.cpu ? formatMs(r.cpu.median) : '—']),
      ...labels.map((l) => String(r.derived[l])), ratioText(r.ratio)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join('  ');
  console.log(`\n${c.id}: ${c.title}`);
  console.log(line(head));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.status !== 'ok') console.log(`${r.variant.padEnd(widths[0])}  ${r.status.toUpperCase()}: ${reasonLine(r.reason).slice(0, 150)}`);
}

// ── the report files ─────────────────────────────────────────────────────────
function writeReport(rep) {
  const date = started.toISOString().slice(0, 10);
  const complete = !opts.only && !opts.quick;
  const stem = date + (opts.only ? `-${opts.only.join('-')}` : '') + (opts.quick ? '-quick' : '');
  const written = writeReportFiles(rep, opts.out, stem, { latest: complete });
  log(`\nreport in ${opts.out}: ${written.join(', ')}`);
}
