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
