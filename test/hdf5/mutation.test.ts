/**
 * Hostile input: truncated, bit-flipped and pointer-overwritten versions of
 * the conformance and Keras fixtures must each either read completely or
 * throw an Hdf5Error (a codec failure arrives as an Hdf5Error whose cause is
 * the ZlibError), quickly. Cases that once failed are kept below by name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hdf5Error, openHdf5 } from '../../src/hdf5/index.js';
import { oracle, repoRoot } from '../helpers/oracles.js';
import { readEverything } from './read-all.js';

const fixtures = oracle.fixtures;
const files = fixtures
  ? readFileSync(join(fixtures, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1)
    .map((l) => l.split('\t')).filter((c) => /\.(h5|hdf5)$/.test(c[0] ?? '') && Number(c[5]) < 300_000)
    .map((c) => c[0]!)
  : [];

/** Our own fixtures reach structures the shared ones do not (SOHM, paged extensible arrays, huge heap objects, 4-byte offsets). */
const localDir = join(repoRoot, 'test/fixtures/hdf5');
const locals = ['links-earliest.h5', 'links-latest.h5', 'misc.h5', 'sohm.h5', 'small-offsets.h5', 'indexes.h5', 'complex.h5', 'userblock-v0.h5'];

/** Bound per mutant (ms): generous for a shared 2-core machine; a hang hits the test timeout. */
const TIME_BOUND_MS = 3000;
const LIMITS = { maxOutputBytes: 64 << 20, maxElements: 16 << 20 };

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'overwrite'; at: number; bytes: number[] };

function mutate(src: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'truncate') return src.slice(0, Math.floor(m.at * src.length));
  const out = src.slice();
  const at = Math.floor(m.at * out.length);
  if (m.kind === 'flip') out[at] = out[at]! ^ (1 << m.bit);
  else for (let i = 0; i < m.bytes.length && at + i < out.length; i++) out[at + i] = m.bytes[i]!;
  return out;
}

/** Returns null when the mutant behaved (read or Hdf5Error), else a description. */
function check(bytes: Uint8Array, verifyChecksums: boolean): string | null {
  const t0 = performance.now();
  try {
    readEverything(openHdf5(bytes, { limits: LIMITS, verifyChecksums }));
  } catch (e) {
    if (!(e instanceof Hdf5Error)) return `threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`;
    if (typeof e.code !== 'string' || typeof e.offset !== 'number') return 'Hdf5Error without code/offset';
  }
  const ms = performance.now() - t0;
  return ms > TIME_BOUND_MS ? `took ${ms.toFixed(0)} ms` : null;
}

const le64 = (v: number): number[] => Array.from({ length: 8 }, (_, i) => Math.floor(v / 256 ** i) % 256);

const mutationArb = (len: number): fc.Arbitrary<Mutation> => fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.double({ min: 0, max: 0.999, noNaN: true }),
    bytes: fc.oneof(
      fc.constant(le64(2 ** 53 - 1).map(() => 0xff)), // the undefined address
      fc.constant(le64(0)),
      fc.integer({ min: 0, max: len + 64 }).map(le64), // an address inside or just past the file
      fc.integer({ min: 0, max: 0xffffffff }).map((v) => le64(v).slice(0, 4)), // a 4-byte size
      fc.integer({ min: 0, max: 0xffff }).map((v) => le64(v).slice(0, 2)), // a 2-byte count
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
    ),
  }),
);

const RUNS = Number(process.env.PUREKERAS_H5_MUTANTS ?? 60);

describe.skipIf(!fixtures)('mutated fixtures read or throw Hdf5Error', () => {
  for (const f of files) {
    it(f, () => {
      const src = new Uint8Array(readFileSync(join(fixtures!, f)));
      fc.assert(fc.property(mutationArb(src.length), (m) => {
        const bytes = mutate(src, m);
        // Without checksums the structure decoders meet the corruption themselves.
        for (const verify of [true, false]) {
          const problem = check(bytes, verify);
          if (problem) throw new Error(`${JSON.stringify(m)} (checksums ${verify ? 'on' : 'off'}): ${problem}`);
        }
      }), { numRuns: RUNS, seed: Number(process.env.PUREKERAS_SEED ?? 4242) });
    });
  }
});

describe('mutated local fixtures read or throw Hdf5Error', () => {
  for (const f of locals) {
    it(f, () => {
      const src = new Uint8Array(readFileSync(join(localDir, f)));
      fc.assert(fc.property(mutationArb(src.length), (m) => {
        const bytes = mutate(src, m);
        for (const verify of [true, false]) {
          const problem = check(bytes, verify);
          if (problem) throw new Error(`${JSON.stringify(m)} (checksums ${verify ? 'on' : 'off'}): ${problem}`);
        }
      }), { numRuns: RUNS, seed: Number(process.env.PUREKERAS_SEED ?? 4242) });
    });
  }
});

describe('named regressions from the mutation test', () => {
  it('an empty input is not HDF5', () => {
    expect(() => openHdf5(new Uint8Array(0))).toThrow(Hdf5Error);
    try { openHdf5(new Uint8Array(0)); } catch (e) { expect((e as Hdf5Error).code).toBe('NOT_HDF5'); }
  });
});
