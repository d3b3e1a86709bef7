// What the per-area benchmarks (bench/*.bench.mjs) share: TF.js loaded with
// both backends, one timed sample by wall clock and CPU time, and the
// median/min/max summary the suite uses too.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export { summary as stats } from '../suite/lib/stats.mjs';

const require = createRequire(import.meta.url);

/**
 * Imports TensorFlow.js with its CPU and WASM backends (the WASM binaries
 * located through setWasmPaths, as Node has no bundler), in production mode
 * (no debug-time checks, as a speed-minded user runs it) and without its
 * "install tfjs-node" banner. Missing TF.js is reported, not fatal.
 * @returns {Promise<{tf: object | null, backends: string[]}>}
 */
export async function loadTfBackends() {
  const log = console.log;
  try {
    console.log = () => {};
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    const backends = [];
    for (const b of ['cpu', 'wasm']) if (await tf.setBackend(b)) backends.push(b);
    tf.enableProdMode();
    tf.env().set('IS_TEST', false);
    return { tf, backends };
  } catch (e) {
    console.error(`TensorFlow.js unavailable, benchmarking without it: ${e.message}`);
    return { tf: null, backends: [] };
  } finally {
    console.log = log;
  }
}

/**
 * One timed sample of `r.run(iters)` (awaited; `r.backend` made current
 * first): milliseconds per call by the wall clock and by this process's CPU
 * time. `gc` collects first (only where the operations are long enough not
 * to be disturbed by it: a collection just before a short operation slows
 * TF.js's small matMuls several-fold).
 */
export async function timeSample(tf, r, iters, { gc = false } = {}) {
  if (r.backend) await tf.setBackend(r.backend);
  if (gc && globalThis.gc) globalThis.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await r.run(iters);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wall: wall / iters, cpu: (cpu.user + cpu.system) / 1000 / iters };
}

/**
 * Warms up and calibrates each runner (iterations so that one sample lasts
 * about `sampleMs` of CPU time, measured again once the JIT has tiered up),
 * then takes `rounds` samples of each, interleaved in a rotating order so
 * that drifts in machine load hit every runner alike. Each runner gets
 * `iters` and `times` (one {wall, cpu} per round, ms per call).
 * @param {{run: Function, backend?: string}[]} runners
 * @param {{rounds: number, sampleMs: number, sample: (r: object, iters: number) => Promise<{wall: number, cpu: number}>}} opts
 */
export async function measureInterleaved(runners, { rounds, sampleMs, sample }) {
  const itersFor = (ms) => Math.max(1, Math.min(1e6, Math.ceil(sampleMs / Math.max(ms, 1e-4))));
  for (const r of runners) {
    await sample(r, 1);
    r.iters = itersFor((await sample(r, 1)).cpu);
    // Recalibrate on a warm sample (the first calls run before the JIT tiers
    // up), by CPU time: on a shared machine the wall clock also counts others' work.
    r.iters = itersFor((await sample(r, r.iters)).cpu);
    r.times = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < runners.length; j++) {
      const r = runners[(j + round) % runners.length];
      r.times.push(await sample(r, r.iters));
    }
  }
}
