// Long-running mutation fuzzing of every loader, beyond what the test suite's
// bounded mutation tests run: damaged input must end in a PureKerasError
// subclass (typed, with a location), never another exception, and quickly.
//
//   npm run build && node scripts/fuzz.mjs [mode] [seconds] [seed]
//
// Modes:
//   h5      byte mutants of .h5/.hdf5 files (shared fixtures, test/fixtures):
//           loadModelBytes + predict, and openHdf5 + read every dataset
//   text    JSON and YAML model configs (from the Keras fixtures) with inserted,
//           deleted and duplicated pieces: modelFromJson / modelFromYaml, and
//           what was accepted must write and read back to the same text
//   weights byte mutants of the Keras fixtures: loadWeights (plain, and byName
//           with skipMismatch) into the file's own architecture, and
//           loadModel + predict + trainOnBatch + save + load (same predictions)
//   config  the JSON of model_config / training_config inside the Keras
//           fixtures, a token replaced in place by another of the same
//           length (numbers by 999…/-99…/000…/1e308, words by null/true/[],
//           strings by other Keras names): whatever loads must predict,
//           train a step, save, and load again with the same predictions
//           and optimizer config (a value we accept must survive our own
//           file; found `"clipvalue": Infinity` unreadable and a learning
//           rate that overflowed float32 on save)
//   all     each of the above for the given time
//
// Prints one JSON summary line per mode, then every distinct untyped failure
// or slow call (over 2 s) with the file and a stack excerpt. Exit code 1 if
// there was any. PUREKERAS_FIXTURES overrides ../shared/fixtures.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const pk = await import(join(repo, 'dist', 'index.js'));
const shared = process.env.PUREKERAS_FIXTURES ?? join(repo, '..', 'shared', 'fixtures');
const [mode = 'all', seconds = '60', seedArg = '1'] = process.argv.slice(2);

let seed = Number(seedArg) >>> 0 || 1;
const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 2 ** 32; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

function h5Files(dirs) {
  return dirs.filter((d) => existsSync(d)).flatMap((d) => readdirSync(d).filter((f) => /\.(h5|hdf5)$/.test(f)).map((f) => join(d, f)));
}

function mutateBytes(src) {
  const b = src.slice();
  const k = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < k; i++) {
    const at = Math.floor(rnd() * b.length);
    const r = rnd();
    b[at] = r < 0.5 ? Math.floor(rnd() * 256) : r < 0.8 ? b[at] ^ (1 << Math.floor(rnd() * 8)) : pick([0, 0xff, 0x7f, 0x80]);
  }
  return b;
}

const PIECES = ['{', '}', '[', ']', ',', ':', '"', "'", '-', ' ', '\n', '  ', '\t', '0', '1e309', '-1', '1e9', 'null', 'true', 'NaN', '.inf', '~',
  '!!python/tuple', '&a', '*a', '<<', '|', '>', '#', '?', '%', '@', '`', '__proto__', 'constructor', 'units', 'class_name', 'Dense', 'layers', 'batch_input_shape'];

function mutateText(src) {
  let t = src;
  const k = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < k; i++) {
    const at = Math.floor(rnd() * t.length);
    const r = rnd();
    if (r < 0.4) t = t.slice(0, at) + pick(PIECES) + t.slice(at);
    else if (r < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 5));
    else { const from = Math.floor(rnd() * t.length); t = t.slice(0, at) + t.slice(from, from + 20) + t.slice(at); }
  }
  return t;
}

/** Runs `step` until `ms` pass; each step returns a list of [label, thunk]. */
function run(name, ms, step) {
  const failures = new Map();
  let cases = 0, ok = 0, typed = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    cases++;
    for (const [label, thunk] of step()) {
      const s = performance.now();
      try { thunk(); ok++; } catch (e) {
        if (e instanceof pk.PureKerasError) typed++;
        else {
          const key = `${name} ${e?.constructor?.name}: ${String(e?.message).slice(0, 120)}`;
          if (!failures.has(key)) failures.set(key, `${label} | ${String(e?.stack).split('\n').slice(1, 5).join(' |')}`);
        }
      }
      const dt = performance.now() - s;
      if (dt > 2000) failures.set(`${name} slow ${dt.toFixed(0)} ms`, label);
    }
  }
  console.log(JSON.stringify({ mode: name, cases, ok, typed, untyped: failures.size }));
  return failures;
}

const kerasDir = join(repo, 'test', 'fixtures', 'keras');
const quiet = { warn: console.warn };
console.warn = () => {};
const modes = {
  h5: (ms) => {
    const files = h5Files([kerasDir, join(repo, 'test', 'fixtures', 'hdf5'), ...['keras1', 'keras2', 'keras3', 'tfkeras', 'weights', 'other-layers', 'hdf5-conformance'].map((d) => join(shared, d))])
      .map((f) => [f, new Uint8Array(readFileSync(f))]);
    return run('h5', ms, () => {
      const [f, src] = pick(files);
      const b = mutateBytes(src);
      return [
        [f, () => pk.loadModelBytes(b).predict([[0.1]], { verbose: 0 })],
        // A flipped bit in a dataspace can declare a legitimately huge dataset
        // (10 → 4194314 rows of 5×5 chunks: 84M elements in 3.4M chunks, 2 s
        // here, 45 s in h5py): outputs are capped so that "slow" means a hang.
        [f, () => pk.openHdf5(b, { limits: { maxOutputBytes: 64 << 20 } }).visit((_p, o) => { if (o && 'read' in o) o.read(); })],
      ];
    });
  },
  text: (ms) => {
    const texts = [];
    for (const f of h5Files([kerasDir])) {
      try {
        const m = pk.loadModelBytes(new Uint8Array(readFileSync(f)), { compile: false });
        texts.push([f, 'json', m.toJson()]);
        try { texts.push([f, 'yaml', m.toYaml()]); } catch { /* not expressible in Keras 2 YAML */ }
      } catch { /* not loadable: not a model file */ }
    }
    return run('text', ms, () => {
      const [f, kind, src] = pick(texts);
      const t = mutateText(src);
      return [[`${f} (${kind})`, () => {
        const m = kind === 'json' ? pk.modelFromJson(t) : pk.modelFromYaml(t);
        if (m.built) m.setWeights(m.getWeights());
        // What we accepted, we write in a form we read back to the same architecture.
        try {
          const again = kind === 'json' ? pk.modelFromJson(m.toJson()) : pk.modelFromYaml(m.toYaml());
          const [a, b] = kind === 'json' ? [m.toJson(), again.toJson()] : [m.toYaml(), again.toYaml()];
          if (a !== b) throw new Error(`${kind} changed by our own write and read:\n${a.slice(0, 300)}\n${b.slice(0, 300)}`);
        } catch (e) {
          throw new Error(`after a successful read: ${e?.constructor?.name} ${e?.code ?? ''} ${e?.message}`, { cause: e });
        }
      }]];
    });
  },
  weights: (ms) => {
    const cases = [];
    for (const f of h5Files([kerasDir])) {
      const b = new Uint8Array(readFileSync(f));
      try { const m = pk.loadModelBytes(b, { compile: false }); cases.push({ f, b, json: m.toJson(), shape: m.inputShape.slice(1) }); } catch { /* weights-only file */ }
    }
    return run('weights', ms, () => {
      const c = pick(cases);
      const b = mutateBytes(c.b);
      const size = c.shape.reduce((a, d) => a * d, 1);
      return [
        [c.f, () => pk.modelFromJson(c.json).loadWeights(b)],
        [c.f, () => pk.modelFromJson(c.json).loadWeights(b, { byName: true, skipMismatch: true })],
        [c.f, () => {
          const m = pk.loadModelBytes(b);
          if (!m.optimizer) return;
          const x = new pk.Tensor(new Float32Array(2 * size).fill(0.1), [2, ...c.shape]);
          m.trainOnBatch(x, m.predict(x, { verbose: 0 }));
          let again;
          try { again = pk.loadModelBytes(pk.saveModelBytes(m)).predict(x, { verbose: 0 }).data; } catch (e) {
            throw new Error(`our own save of a loaded model: ${e?.constructor?.name} ${e?.code ?? ''} ${e?.message}`, { cause: e });
          }
          const now = m.predict(x, { verbose: 0 }).data;
          if (!again.every((v, i) => Object.is(v, now[i]))) throw new Error('predicts differently after our own save and load');
        }],
      ];
    });
  },
  config: (ms) => {
    const latin1 = new TextDecoder('latin1');
    const cases = [];
    for (const f of [...h5Files([kerasDir]), ...h5Files(['keras1', 'keras2', 'keras3', 'tfkeras'].map((d) => join(shared, d)))]) {
      const b = new Uint8Array(readFileSync(f));
      const text = latin1.decode(b);
      // Every JSON token of the configs stored in the file, by byte offset.
      const tokens = [];
      for (const start of ['{"class_name"', '{"loss"', '{"optimizer_config"']) {
        for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) {
          const doc = /^\{(?:[^\0]*?)\}(?=\0|$)/.exec(text.slice(at, at + 200_000));
          if (!doc) continue;
          for (const m of doc[0].matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null/g)) tokens.push([at + m.index, m[0]]);
        }
      }
      if (tokens.length) cases.push({ f, b, tokens });
    }
    const NAMES = ['Dense', 'Dropout', 'Flatten', 'Activation', 'InputLayer', 'Sequential', 'Functional', 'sgd', 'adam', 'relu', 'mse', 'linear', 'softmax', 'float16', 'float64',
      'constructor', '__proto__', 'RMSprop', 'Adam', 'SGD', 'mean_squared_error', 'channels_first', 'units', 'config', 'layers', 'name', 'batch_shape', 'dtype', ''];
    const replacement = ([, tok]) => {
      const n = tok.length;
      if (tok[0] === '"') return `"${(pick(NAMES) + ' '.repeat(n)).slice(0, n - 2)}"`;
      return pick(['9'.repeat(n), n > 1 ? '-' + '9'.repeat(n - 1) : '0', '0'.repeat(n), n >= 5 ? '1e308'.padEnd(n) : '7'.repeat(n),
        n >= 4 ? 'null'.padEnd(n) : '1'.repeat(n), n >= 4 ? 'true'.padEnd(n) : '2', n >= 2 ? '[]'.padEnd(n) : '3']);
    };
    const configText = (c) => JSON.stringify(c, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const counts = { loaded: 0, refused: 0 };
    const failures = run('config', ms, () => {
      const c = pick(cases);
      const b = c.b.slice();
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const t = pick(c.tokens);
        b.set(new TextEncoder().encode(replacement(t)), t[0]);
      }
      return [[c.f, () => {
        let m;
        try { m = pk.loadModelBytes(b); } catch (e) { if (e instanceof pk.PureKerasError) { counts.refused++; return; } throw e; }
        counts.loaded++;
        // From here on even a typed error is a failure: the model loaded.
        try {
          const dims = m.inputShape.slice(1).map((d) => d ?? 1);
          const x = new pk.Tensor(new Float32Array(2 * dims.reduce((p, d) => p * d, 1)).fill(0.25), [2, ...dims]);
          const y = m.predict(x, { verbose: 0 });
          // Targets shaped like the output (sparse losses want class indices: skipped).
          if (m.optimizer) try { m.trainOnBatch(x, y); } catch (e) { if (e?.code !== 'MODEL_BAD_DATA') throw e; }
          const again = pk.loadModelBytes(pk.saveModelBytes(m));
          if (!same(Array.from(again.predict(x, { verbose: 0 }).data), Array.from(m.predict(x, { verbose: 0 }).data))) throw new Error('predicts differently after our own save and load');
          if (m.optimizer && configText(again.optimizer.getConfig()) !== configText(m.optimizer.getConfig())) throw new Error('optimizer config changed by our own save and load');
        } catch (e) {
          throw new Error(`after a successful load: ${e?.constructor?.name} ${e?.code ?? ''} ${e?.message}`, { cause: e });
        }
      }]];
    });
    console.log(JSON.stringify({ mode: 'config', ...counts }));
    return failures;
  },
};

const chosen = mode === 'all' ? Object.keys(modes) : [mode];
if (!chosen.every((m) => m in modes)) { console.error(`unknown mode ${mode}: h5, text, weights, config or all`); process.exit(2); }
const ms = (Number(seconds) * 1000) / chosen.length;
const failures = new Map();
for (const m of chosen) for (const [k, v] of modes[m](ms)) failures.set(k, v);
console.warn = quiet.warn;
for (const [k, v] of failures) console.log(`${k}\n    ${v}`);
process.exit(failures.size > 0 ? 1 : 0);
