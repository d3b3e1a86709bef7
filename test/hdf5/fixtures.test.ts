/**
 * Every HDF5 file among the shared fixtures (conformance files from pyfive,
 * jhdf, hdf5-json, h5wasm, jsfive; Keras 1/2/3 and tf.keras models and
 * weights) reads completely and equals what h5py reads: groups and their key
 * order, attributes, dataset shapes and every value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHdf5 } from '../../src/hdf5/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { dumpOurs, stripDtypes, type Json } from './dump.js';

const fixtures = oracle.fixtures;
const files: string[] = fixtures
  ? readFileSync(join(fixtures, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1)
    .map((l) => l.split('\t')[0]!).filter((f) => /\.(h5|hdf5)$/.test(f))
  : [];

describe.skipIf(!fixtures || !oracle.python)('every fixture equals h5py', () => {
  const paths = files.map((f) => join(fixtures!, f));
  const expected = oracle.python ? runPython<Record<string, Json>>(['scripts/h5py_dump.py', '-'], paths) : {};

  it('has the fixtures', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  for (const f of files) {
    it(f, () => {
      const path = join(fixtures!, f);
      const want = expected[path] as Json[];
      const root = openHdf5(readFileSync(path));
      const got = dumpOurs(root);
      expect(got).toEqual(stripDtypes(want));
    });
  }
});
