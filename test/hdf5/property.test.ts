/**
 * Property: random HDF5 trees written by h5py read back equal to what h5py
 * reads. fast-check generates the trees (nested groups, wide groups that
 * force dense link storage, many attributes that force dense attribute
 * storage, random dtypes and shapes incl. scalar and empty, vlen strings and
 * sequences, compounds, enums, array types, contiguous/compact/chunked
 * layouts with random chunk shapes and unlimited dimensions, deflate,
 * shuffle, fletcher32, fill values with unwritten chunks, libver earliest
 * and latest, track_order on and off); one Python process writes and dumps
 * them all (scripts/h5py_make_trees.py).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openHdf5 } from '../../src/hdf5/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { dumpOurs, stripDtypes, type Json } from './dump.js';

const DTYPES = ['<f2', '<f4', '>f4', '<f8', '>f8', '|i1', '<i2', '>i2', '<i4', '>i4', '<i8', '>i8',
  '|u1', '<u2', '>u4', '<u8', '>u8', '|b1', 'S1', 'S7', 'vstr-ascii', 'vstr-utf8', 'vlen-<i4',
  'compound', 'enum', '(2,3)<f4', '<c8', '|V5'];

const nameArb = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_:é中 -]{0,12}$/);
const seedArb = fc.integer({ min: 0, max: 1_000_000 });
const shapeArb = fc.option(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }), { nil: null });

const attrArb = fc.record({
  name: nameArb,
  dtype: fc.constantFrom(...DTYPES),
  shape: fc.option(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }), { nil: null }),
  seed: seedArb,
}).map((a) => (a.shape === null && (a.dtype.startsWith('vlen') || a.dtype.startsWith('(')) ? { ...a, shape: [1] } : a));
const attrsArb = (max: number) => fc.uniqueArray(attrArb, { maxLength: max, selector: (a) => a.name });

const datasetArb = fc.record({
  kind: fc.constant('dataset' as const),
  name: nameArb,
  dtype: fc.constantFrom(...DTYPES),
  shape: shapeArb,
  layout: fc.constantFrom('contiguous', 'compact', 'chunked'),
  chunkSeed: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
  unlimited: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  gzip: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  shuffle: fc.boolean(),
  fletcher32: fc.boolean(),
  fill: fc.option(fc.integer({ min: -5, max: 100 }), { nil: null }),
  partial: fc.boolean(),
  seed: seedArb,
  attrs: attrsArb(3),
}).map((d) => {
  const shape = d.shape === null && (d.dtype.startsWith('(') || d.dtype.startsWith('vlen')) ? [1] : d.shape;
  let layout = d.layout;
  if (shape === null) layout = 'contiguous';
  if (layout === 'compact' && shape && shape.includes(0)) layout = 'contiguous';
  const out: Record<string, unknown> = {
    kind: 'dataset', name: d.name, dtype: d.dtype, shape, layout, seed: d.seed, attrs: d.attrs,
    fill: d.fill, partial: layout !== 'compact' && d.partial,
  };
  if (layout === 'chunked' && shape) {
    out.chunks = shape.map((n, i) => Math.max(1, Math.min(d.chunkSeed[i]!, Math.max(n, 1))));
    out.maxshape = shape.map((n, i) => (n === 0 || d.unlimited[i] ? null : n));
    out.gzip = d.gzip;
    out.shuffle = d.shuffle;
    // libhdf5 refuses fletcher32 on variable-length types ("not suitable for filters").
    out.fletcher32 = d.fletcher32 && !d.dtype.startsWith('v');
  }
  return out;
});

type GroupSpec = { kind?: 'group'; name?: string; attrs: unknown[]; children: unknown[] };

const softArb = fc.record({ kind: fc.constant('soft' as const), name: nameArb, target: fc.constantFrom('/', '/nowhere', '.') });

const { group: groupArb } = fc.letrec<{ group: GroupSpec }>((tie) => ({
  group: fc.record({
    kind: fc.constant('group' as const),
    name: nameArb,
    attrs: attrsArb(12),
    children: fc.uniqueArray(
      fc.oneof({ maxDepth: 2, depthIdentifier: 'tree' }, datasetArb, softArb, tie('group')),
      { maxLength: 4, selector: (c) => (c as { name: string }).name },
    ),
  }),
}));

/** A group with many scalar datasets: more links than compact storage allows. */
const wideArb = fc.record({
  kind: fc.constant('group' as const),
  name: fc.constant('wide'),
  attrs: fc.constant([]),
  children: fc.integer({ min: 9, max: 40 }).map((n) => Array.from({ length: n }, (_, i) => ({
    kind: 'dataset', name: `d${(i * 7919) % 1000}_${i}`, dtype: '<i4', shape: null, layout: 'contiguous', seed: i, attrs: [],
  }))),
});

const specArb = fc.record({
  libver: fc.constantFrom('earliest', 'latest'),
  track_order: fc.boolean(),
  root: fc.record({
    attrs: attrsArb(12),
    children: fc.tuple(groupArb, fc.option(wideArb, { nil: null }), fc.uniqueArray(datasetArb, { maxLength: 4, selector: (d) => d.name as string }))
      .map(([g, w, ds]) => {
        const list: unknown[] = [{ ...g, name: 'g' }, ...ds.filter((d) => d.name !== 'g' && d.name !== 'wide')];
        if (w) list.push(w);
        return list;
      }),
  }),
});

const RUNS = Number(process.env.PUREKERAS_H5_PROPERTY_RUNS ?? 40);

describe.skipIf(!oracle.python)('h5py-written random trees read back equal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'purekeras-h5prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const seed = Number(process.env.PUREKERAS_SEED ?? 20251126);
  const specs = fc.sample(specArb, { seed, numRuns: RUNS });
  const dumps = oracle.python ? runPython<Record<string, Json>>(['scripts/h5py_make_trees.py'], { dir, specs }) : {};

  specs.forEach((spec, i) => {
    it(`tree ${i} (${spec.libver}, track_order ${spec.track_order}, seed ${seed})`, () => {
      const want = dumps[String(i)] as Json[] | { error: string };
      if (!Array.isArray(want)) throw new Error(`h5py could not write spec ${i}: ${want.error}\n${JSON.stringify(spec)}`);
      const root = openHdf5(readFileSync(join(dir, `${i}.h5`)));
      expect(dumpOurs(root), JSON.stringify(spec)).toEqual(stripDtypes(want));
    });
  });
});
