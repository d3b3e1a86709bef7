/**
 * Real model configs written by Keras 1, 2, tf.keras and Keras 3 (the shared
 * fixtures: JSON files, and `model_config` read from .h5 files with h5py):
 * every Sequential made only of the layers we support must load with the
 * same layers, units, activations and weight shapes, building from its input
 * shape; the others must be refused naming the first unsupported class.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dense, LayerConfigError, Sequential, supportedLayerClasses } from '../../src/index.js';
import { oracle, runPython } from '../helpers/oracles.js';

interface Entry { file: string; keras: string; modelClass: string; layers: string[] }

function manifest(dir: string): Entry[] {
  const rows = readFileSync(resolve(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const head = rows[0]!.split('\t');
  const col = (name: string): number => head.indexOf(name);
  return rows.slice(1).map((r) => r.split('\t')).map((c) => ({
    file: c[col('file')]!, keras: c[col('keras_version')] ?? '', modelClass: c[col('model_class')] ?? '', layers: (c[col('layers')] ?? '').split(',').filter(Boolean),
  })).filter((e) => e.modelClass === 'Sequential');
}

/** The `model_config` JSON of each .h5 file (h5py), and each JSON config file as is. */
function configs(dir: string, entries: Entry[]): Map<string, { class_name: string; config: unknown; keras_version?: string }> {
  const out = new Map<string, { class_name: string; config: unknown }>();
  const h5 = entries.filter((e) => e.file.endsWith('.h5')).map((e) => resolve(dir, e.file));
  const code = [
    'import sys, json, h5py',
    'out = {}',
    'for p in json.load(sys.stdin):',
    '    with h5py.File(p, "r") as f:',
    '        v = f.attrs.get("model_config")',
    '        out[p] = None if v is None else json.loads(v.decode() if isinstance(v, bytes) else v)',
    'print(json.dumps(out))',
  ].join('\n');
  const fromH5 = runPython<Record<string, { class_name: string; config: unknown } | null>>(['-c', code], h5);
  for (const e of entries) {
    const p = resolve(dir, e.file);
    const cfg = e.file.endsWith('.json') ? JSON.parse(readFileSync(p, 'utf8')) : fromH5[p];
    if (cfg) out.set(e.file, cfg);
  }
  return out;
}

const dir = oracle.fixtures;
const canRead = dir !== null && oracle.python !== null;

describe.skipIf(!canRead)('real Keras configs (shared fixtures)', () => {
  it('loads every supported Sequential and refuses the rest by class name', () => {
    const entries = manifest(dir!);
    const all = configs(dir!, entries);
    const supported = new Set(supportedLayerClasses());
    let loaded = 0, refused = 0;
    for (const [file, cfg] of all) {
      if (cfg.class_name !== 'Sequential') continue;
      const raw = cfg.config as { layers?: { class_name: string; config: Record<string, unknown> }[] } | { class_name: string; config: Record<string, unknown> }[];
      const layerCfgs = Array.isArray(raw) ? raw : raw.layers!;
      const version = String((cfg as { keras_version?: string }).keras_version ?? entries.find((e) => e.file === file)!.keras ?? '');
      const legacy = !version.startsWith('3');
      const firstBad = layerCfgs.find((l) => !supported.has(l.class_name));
      if (firstBad) {
        try {
          Sequential.fromConfig(raw, { legacyActivations: legacy });
          expect.fail(`${file}: expected ${firstBad.class_name} to be refused`);
        } catch (e) {
          expect(e, file).toBeInstanceOf(LayerConfigError);
          expect((e as LayerConfigError).code, file).toBe('LAYER_UNKNOWN_CLASS');
          expect((e as LayerConfigError).message, file).toContain(firstBad.class_name);
        }
        refused++;
        continue;
      }
      const model = Sequential.fromConfig(raw, { legacyActivations: legacy });
      const want = layerCfgs.filter((l) => l.class_name !== 'InputLayer');
      expect(model.layers.map((l) => l.className), file).toEqual(want.map((l) => l.class_name));
      want.forEach((l, i) => {
        const got = model.layers[i]!;
        expect(got.name, file).toBe(l.config.name);
        if (got instanceof Dense) {
          expect(got.units, file).toBe(l.config.units ?? l.config.output_dim);
          expect(got.activation.name, file).toBe(l.config.activation === 'swish' ? 'silu' : l.config.activation ?? 'linear');
          expect(got.kernel.shape[1], file).toBe(got.units);
        }
      });
      expect(model.built, file).toBe(true);
      loaded++;
      if (process.env.DEBUG_CONFIGS) console.log("loaded", file, model.layers.map((l) => l.className).join(","));
    }
    expect(loaded).toBeGreaterThanOrEqual(10);
    expect(refused).toBeGreaterThanOrEqual(5);
  });
});
