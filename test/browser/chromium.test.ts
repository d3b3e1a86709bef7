/**
 * The library in a real browser: headless Chromium loads the package as one
 * ES module over HTTP, in the page and in a module Worker, and runs the
 * Keras workflow on bytes (load a Keras file, predict, train, evaluate,
 * save, reload, JSON/YAML, weights). Node runs the same steps from the same
 * file; every number and every saved byte must be identical, since the code
 * is runtime-neutral (Node's numbers themselves are checked against Keras in
 * test/keras). Needs Chromium (`apt-get install -y chromium`, or set
 * PUREKERAS_CHROMIUM); skips with a note without it, fails in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { oracle, repoRoot } from '../helpers/oracles.js';
import * as pk from '../../src/index.js';

/**
 * The steps both runtimes run: a plain function of the library and the file
 * bytes, sent to the browser as its source text (it touches nothing else).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function workflow(lib: any, fileBytes: Uint8Array) {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 16; i++) { const v = (i - 7.5) / 8; x.push([v]); y.push([0.5 * v + 2]); }
  const m = lib.loadModelBytes(fileBytes);
  const first = Array.from(m.predict(x, { verbose: 0 }).data as Float32Array);
  const losses: unknown[] = [];
  for (let s = 0; s < 5; s++) losses.push(m.trainOnBatch(x, y));
  const evaluated = m.evaluate(x, y, { verbose: 0 });
  const saved: Uint8Array = lib.saveModelBytes(m);
  const again = lib.loadModelBytes(saved);
  const resumed = [again.trainOnBatch(x, y), m.trainOnBatch(x, y)];
  const fromJson = lib.modelFromJson(m.toJson());
  fromJson.loadWeights(lib.saveWeightsBytes(m));
  const fromYaml = lib.modelFromYaml(m.toYaml());
  fromYaml.loadWeights(lib.saveWeightsBytes(m, { format: 'keras3' }));
  let pathError: string | null = null;
  try { lib.loadModel('my_model.h5'); } catch (e) { pathError = `${(e as Error).name}:${(e as { code?: string }).code}`; }
  return {
    first, losses, evaluated, resumed,
    predicted: Array.from(m.predict(x, { verbose: 0 }).data as Float32Array),
    jsonPredicted: Array.from(fromJson.predict(x, { verbose: 0 }).data as Float32Array),
    yamlPredicted: Array.from(fromYaml.predict(x, { verbose: 0 }).data as Float32Array),
    weights: (m.getWeights() as { data: Float32Array }[]).map((t) => Array.from(t.data)),
    pathError,
    saved,
  };
}
const WORKFLOW = workflow.toString();

const PAGE = `<!doctype html><meta charset="utf-8"><title>purekeras</title>
<script type="module">
import * as pk from '/purekeras.js';
${WORKFLOW}
const post = (path, body) => fetch(path, { method: 'POST', body });
try {
  const bytes = new Uint8Array(await (await fetch('/model.h5')).arrayBuffer());
  const page = workflow(pk, bytes);
  const worker = await new Promise((ok, fail) => {
    const w = new Worker('/worker.js', { type: 'module' });
    w.onmessage = (e) => ok(e.data);
    w.onerror = (e) => fail(new Error('worker: ' + e.message));
    w.postMessage(bytes);
  });
  await post('/saved-page', page.saved);
  await post('/saved-worker', worker.saved);
  delete page.saved; delete worker.saved;
  await post('/result', JSON.stringify({ page, worker, inWorkerGlobal: worker.global, hasProcess: typeof process !== 'undefined' }));
} catch (e) {
  await post('/result', JSON.stringify({ error: String(e && e.stack || e) }));
}
</script>`;

const WORKER = `import * as pk from '/purekeras.js';
${WORKFLOW}
self.onmessage = (e) => {
  try {
    const r = workflow(pk, e.data);
    r.global = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
    self.postMessage(r);
  } catch (err) {
    self.postMessage({ error: String(err && err.stack || err) });
  }
};`;

type RunResult = Omit<ReturnType<typeof workflow>, 'saved'> & { error?: string };

const chromium = oracle.chromium;

describe.skipIf(!chromium)('in headless Chromium (page and module Worker)', () => {
  let server: Server;
  let browser: ChildProcess | undefined;
  let profile: string;
  let result: { page: RunResult; worker: RunResult; inWorkerGlobal: boolean; hasProcess: boolean; error?: string };
  const saved: Record<string, Uint8Array> = {};
  const fileBytes = new Uint8Array(readFileSync(resolve(repoRoot, 'test/fixtures/keras/seed_sgd_mse.h5')));

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [resolve(repoRoot, 'src/index.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
    const code = bundle.outputFiles[0]!.text;
    let done!: () => void;
    let failed!: (e: Error) => void;
    const finished = new Promise<void>((ok, fail) => { done = ok; failed = fail; });
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        const parts: Buffer[] = [];
        req.on('data', (c: Buffer) => parts.push(c));
        req.on('end', () => {
          const body = Buffer.concat(parts);
          res.end('ok');
          if (req.url === '/result') { result = JSON.parse(body.toString('utf8')); done(); } else saved[req.url!.slice(1)] = new Uint8Array(body);
        });
        return;
      }
      const files: Record<string, [string, string | Uint8Array]> = {
        '/': ['text/html', PAGE], '/purekeras.js': ['text/javascript', code], '/worker.js': ['text/javascript', WORKER], '/model.h5': ['application/octet-stream', fileBytes],
      };
      const f = files[req.url ?? ''];
      if (!f) { res.statusCode = 404; res.end(); return; }
      res.setHeader('content-type', f[0]);
      res.end(f[1]);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    profile = mkdtempSync(join(tmpdir(), 'purekeras-chromium-'));
    browser = spawn(chromium!, ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`], { stdio: 'ignore', detached: true });
    browser.on('exit', (code) => failed(new Error(`chromium exited (${code}) before the page reported`)));
    const timer = setTimeout(() => failed(new Error('no result from the page within 60 s')), 60_000);
    try { await finished; } finally { clearTimeout(timer); }
  }, 90_000);

  afterAll(() => {
    if (browser?.pid) { try { process.kill(-browser.pid, 'SIGKILL'); } catch { /* gone */ } }
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  // The same steps in Node, from the same file.
  const node = () => workflow(pk, fileBytes);

  it('runs without error in the page and in a module Worker, with no process object', () => {
    expect(result.error).toBeUndefined();
    expect(result.page.error).toBeUndefined();
    expect(result.worker.error).toBeUndefined();
    expect(result.inWorkerGlobal).toBe(true);
    expect(result.hasProcess).toBe(false);
  });

  it('gives Node\'s numbers exactly: predictions, losses, evaluation, resumed training, weights, JSON/YAML rebuilds', () => {
    const n = node();
    for (const r of [result.page, result.worker]) {
      expect(r.first).toEqual(n.first);
      expect(r.losses).toEqual(n.losses);
      expect(r.evaluated).toEqual(n.evaluated);
      expect(r.resumed).toEqual(n.resumed);
      expect(r.predicted).toEqual(n.predicted);
      expect(r.jsonPredicted).toEqual(n.predicted);
      expect(r.yamlPredicted).toEqual(n.predicted);
      expect(r.weights).toEqual(n.weights);
    }
    // The steps did something: training moved the weights and lowered the loss.
    expect(n.weights).not.toEqual(pk.loadModelBytes(fileBytes).getWeights().map((t) => Array.from(t.data)));
    expect(Number(n.losses[4])).toBeLessThan(Number(n.losses[0]));
  });

  it('saves the same file bytes as Node, byte for byte', () => {
    const n = node();
    expect(saved['saved-page']).toBeDefined();
    expect(Buffer.compare(Buffer.from(saved['saved-page']!), Buffer.from(n.saved))).toBe(0);
    expect(Buffer.compare(Buffer.from(saved['saved-worker']!), Buffer.from(n.saved))).toBe(0);
  });

  it('refuses a path with FileIoError NO_FILE_SYSTEM (no file system in a browser)', () => {
    expect(result.page.pathError).toBe('FileIoError:NO_FILE_SYSTEM');
    expect(result.worker.pathError).toBe('FileIoError:NO_FILE_SYSTEM');
  });
});
