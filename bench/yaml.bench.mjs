// YAML codec speed: parseYaml / stringifyYaml vs the `yaml` (eemeli) and
// `js-yaml` npm packages on Keras 2 configs (test/fixtures/yaml/, generated
// by scripts/yaml_make_fixtures.py with PyYAML: a 38-layer CNN as Sequential
// in PyYAML < 5.1's style and as a functional Model in block style, 15 and
// 20 KB). Peers are told about !!python/tuple so they read the same text.
// Runs are interleaved (every implementation once per round, in batches of
// BATCH operations) and repeated; prints one JSON line per result, then a
// table of median/min/max microseconds per operation and the ratio
// peer time / our time (above 1: we are faster). Then the first call in a
// fresh process (YAML_BENCH_COLD processes each, 0 to skip): a program
// loads a model's config once, so cold speed matters as much.
//
//   npx tsc -p tsconfig.build.json && node bench/run.mjs yaml
//   YAML_BENCH_ROUNDS=21 YAML_BENCH_BATCH=100 node --expose-gc bench/yaml.bench.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import * as jsyaml from 'js-yaml'; // js-yaml 5: named exports

// The package root; if another area's build is broken at the moment, fall
// back to the YAML area's own entry (said so on the first line of output).
const lib = await import(process.env.YAML_BENCH_MODULE ?? '../dist/index.js').catch((e) => {
  console.log(`(../dist/index.js failed to load: ${String(e.message).split('\n')[0]}; using ../dist/yaml/index.js)`);
  return import('../dist/yaml/index.js');
});
const ROUNDS = Number(process.env.YAML_BENCH_ROUNDS ?? 15);
const BATCH = Number(process.env.YAML_BENCH_BATCH ?? 50);
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'test', 'fixtures', 'yaml');

// ---- inputs ----
/** Decodes the fixtures' tagged JSON (scripts/yaml_oracle.py) into plain values, noting float and tuple paths. */
function decode(v, path, floats, tuples) {
  if (Array.isArray(v)) return v.map((x, i) => decode(x, [...path, i], floats, tuples));
  if (v && typeof v === 'object') {
    if ('\u0001float' in v) {
      floats.add(JSON.stringify(path));
      return Number(v['\u0001float']);
    }
    if ('\u0001tuple' in v) {
      tuples.add(JSON.stringify(path));
      return v['\u0001tuple'].map((x, i) => decode(x, [...path, i], floats, tuples));
    }
    if ('\u0001map' in v) return Object.fromEntries(v['\u0001map'].map(([k, x]) => [k, decode(x, [...path, k], floats, tuples)]));
  }
  return v;
}

// Each peer reads YAML 1.1 (as PyYAML and we do) and knows !!python/tuple.
const jsTuple = jsyaml.defineSequenceTag('tag:yaml.org,2002:python/tuple', {
  create: () => [], addItem: (carrier, item) => { carrier.push(item); }, identify: () => false,
});
const jsOptions = { schema: jsyaml.YAML11_SCHEMA.withTags(jsTuple) };
const yamlTuple = { tag: 'tag:yaml.org,2002:python/tuple', collection: 'seq', resolve: (seq) => seq, identify: () => false };
const yamlOptions = { version: '1.1', customTags: [yamlTuple] };

const inputs = ['keras2_cnn_sequential', 'keras2_cnn_functional'].map((name) => {
  const text = readFileSync(join(fixtures, `${name}.yaml`), 'utf8');
  const spec = JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));
  const floats = new Set();
  const tuples = new Set();
  const value = decode(spec.value, [], floats, tuples);
  const keras = {
    flowStyle: spec.options.default_flow_style,
    pythonTuples: (p) => tuples.has(JSON.stringify(p)),
    pythonFloats: (p) => floats.has(JSON.stringify(p)),
  };
  // every reader must agree on the value before we time anything (not in a
  // cold-start child, whose first call is the one being timed)
  if (process.env.YAML_BENCH_CHILD === undefined) {
    const ours = JSON.stringify(lib.parseYaml(text));
    if (JSON.stringify(YAML.parse(text, yamlOptions)) !== ours) throw new Error(`yaml reads ${name} differently`);
    if (JSON.stringify(jsyaml.load(text, jsOptions)) !== ours) throw new Error(`js-yaml reads ${name} differently`);
    if (lib.stringifyYaml(value, keras) !== text) throw new Error(`stringifyYaml does not reproduce ${name}`);
  }
  return { name, text, value, keras, kb: +(text.length / 1024).toFixed(1) };
});

// ---- cases ----
const cases = [];
for (const input of inputs) {
  const { name, text, value, keras } = input;
  const data = `${name} (${input.kb} KB)`;
  cases.push({ op: 'parse', data, impl: 'purekeras', run: () => lib.parseYaml(text) });
  cases.push({ op: 'parse', data, impl: 'yaml', run: () => YAML.parse(text, yamlOptions) });
  cases.push({ op: 'parse', data, impl: 'js-yaml', run: () => jsyaml.load(text, jsOptions) });
  cases.push({ op: 'stringify', data, impl: 'purekeras', run: () => lib.stringifyYaml(value) });
  cases.push({ op: 'stringify', data, impl: 'purekeras unsorted', run: () => lib.stringifyYaml(value, { sortKeys: false }) });
  cases.push({ op: 'stringify', data, impl: 'purekeras keras2', run: () => lib.stringifyYaml(value, keras) });
  cases.push({ op: 'stringify', data, impl: 'yaml', run: () => YAML.stringify(value) });
  cases.push({ op: 'stringify', data, impl: 'js-yaml', run: () => jsyaml.dump(value) });
}

// ---- cold: the first call in a fresh process (a model loads its config once) ----
const COLD_REPS = Number(process.env.YAML_BENCH_COLD ?? 5);
const coldRows = [];
if (COLD_REPS > 0 && process.env.YAML_BENCH_CHILD === undefined) {
  const { spawnSync } = await import('node:child_process');
  for (const input of inputs) {
    for (const op of ['parse', 'stringify']) {
      for (const impl of ['purekeras', 'yaml', 'js-yaml']) {
        const ms = [];
        for (let r = 0; r < COLD_REPS; r++) {
          const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
            env: { ...process.env, YAML_BENCH_CHILD: JSON.stringify({ name: input.name, op, impl }) }, encoding: 'utf8',
          });
          const line = child.stdout.trim().split('\n').pop();
          if (child.status !== 0 || !line.startsWith('cold ')) throw new Error(`cold run failed: ${child.stderr}`);
          ms.push(Number(line.slice(5)));
        }
        coldRows.push({ op, data: `${input.name} (${input.kb} KB)`, impl, ms });
      }
    }
  }
}
if (process.env.YAML_BENCH_CHILD !== undefined) {
  const { name, op, impl } = JSON.parse(process.env.YAML_BENCH_CHILD);
  const c = cases.find((x) => x.op === op && x.impl === impl && x.data.startsWith(name));
  const t0 = performance.now();
  c.run();
  console.log(`cold ${(performance.now() - t0).toFixed(3)}`);
  process.exit(0);
}

// ---- run: warm up, then ROUNDS interleaved rounds of BATCH operations each ----
for (const c of cases) for (let i = 0; i < BATCH; i++) c.run();
const times = new Map(cases.map((c) => [c, []]));
const cpuTimes = new Map(cases.map((c) => [c, []]));
let sink = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    globalThis.gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sink += c.run() === undefined ? 0 : 1;
    times.get(c).push(Number(process.hrtime.bigint() - t0) / 1e3 / BATCH);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.get(c).push((cpu.user + cpu.system) / BATCH);
  }
}
if (sink !== ROUNDS * BATCH * cases.length) throw new Error('an implementation returned nothing');

// ---- report ----
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
for (const c of cases) {
  const ours = cases.find((x) => x.op === c.op && x.data === c.data && x.impl === 'purekeras');
  const med = median(times.get(c));
  const cpuMed = median(cpuTimes.get(c));
  const row = {
    bench: 'yaml', op: c.op, data: c.data, impl: c.impl, rounds: ROUNDS, batch: BATCH,
    us_median: +med.toFixed(1), us_min: +Math.min(...times.get(c)).toFixed(1), us_max: +Math.max(...times.get(c)).toFixed(1),
    time_vs_purekeras: +(med / median(times.get(ours))).toFixed(2),
    cpu_us_median: +cpuMed.toFixed(1), cpu_vs_purekeras: +(cpuMed / median(cpuTimes.get(ours))).toFixed(2),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nYAML codec on Keras 2 configs, ${ROUNDS} interleaved rounds of ${BATCH} operations (µs per operation)`);
console.log('×ours = median time / purekeras median time (above 1: purekeras is faster); cpu×ours = the same for CPU time, steadier on a shared machine');
console.log(`${pad('op', 10)} ${pad('data', 34)} ${pad('impl', 19)} ${lpad('median', 8)} ${lpad('min', 8)} ${lpad('max', 8)} ${lpad('×ours', 6)} ${lpad('cpu×ours', 9)}`);
for (const r of rows) {
  console.log(`${pad(r.op, 10)} ${pad(r.data, 34)} ${pad(r.impl, 19)} ${lpad(r.us_median.toFixed(0), 8)} ${lpad(r.us_min.toFixed(0), 8)} ${lpad(r.us_max.toFixed(0), 8)} ${lpad(r.time_vs_purekeras.toFixed(2), 6)} ${lpad(r.cpu_vs_purekeras.toFixed(2), 9)}`);
}

if (coldRows.length > 0) {
  console.log(`\nFirst call in a fresh process (${COLD_REPS} processes each; ms; ×ours as above)`);
  console.log(`${pad('op', 10)} ${pad('data', 34)} ${pad('impl', 19)} ${lpad('median', 8)} ${lpad('min', 8)} ${lpad('max', 8)} ${lpad('×ours', 6)}`);
  for (const r of coldRows) {
    const ours = coldRows.find((x) => x.op === r.op && x.data === r.data && x.impl === 'purekeras');
    const row = {
      bench: 'yaml', op: `${r.op} (first call)`, data: r.data, impl: r.impl, processes: COLD_REPS,
      ms_median: +median(r.ms).toFixed(2), ms_min: +Math.min(...r.ms).toFixed(2), ms_max: +Math.max(...r.ms).toFixed(2),
      time_vs_purekeras: +(median(r.ms) / median(ours.ms)).toFixed(2),
    };
    console.log(JSON.stringify(row));
    console.log(`${pad(r.op, 10)} ${pad(r.data, 34)} ${pad(r.impl, 19)} ${lpad(row.ms_median.toFixed(2), 8)} ${lpad(row.ms_min.toFixed(2), 8)} ${lpad(row.ms_max.toFixed(2), 8)} ${lpad(row.time_vs_purekeras.toFixed(2), 6)}`);
  }
}
