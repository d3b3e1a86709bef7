/**
 * Property: for random trees (wide groups of hundreds of links, deep chains,
 * empty groups, scalar and zero-size datasets, every numeric dtype, fixed and
 * variable-length ASCII/UTF-8 strings, chunked and deflated datasets, Unicode
 * names), the bytes our writer produces are read back as exactly that tree by
 * h5py, by h5dump and by our own reader.
 *
 * Samples are drawn with fast-check and checked in one batch (one Python
 * process for all files). Reproduce a run with PUREKERAS_H5W_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { H5NumericDtype } from '../../src/hdf5/index.js';
import { oracle } from '../helpers/oracles.js';
import {
  buildFile, comparable, expectDumpTree, expectedReaderTree, expectedTree, h5dumpTree, h5pyDump,
  readerTree, scratch, type AttrSpec, type DatasetSpec, type GroupSpec, type NumSpec, type NumericArray,
  type PyTree, type StrSpec, type ValueSpec,
} from './oracle.js';

const SEED = Number(process.env.PUREKERAS_H5W_SEED ?? Date.now() % 1_000_000);
const RUNS = 30;

// Names: any well-formed Unicode without '/', U+0000 or other C0 controls
// (h5dump's XML silently drops those), and not '.' or '..'.
const nameChars = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  fc.string({ unit: fc.constantFrom(...'abcAB_ .:-~é😀日本\u00a0\uffff'.split(/(?:)/u)), minLength: 1, maxLength: 8 }),
);
const linkName = nameChars.filter((s) => !/[\u0000-\u001f/]/.test(s) && s !== '.' && s !== '..');
const attrName = nameChars.filter((s) => !/[\u0000-\u001f]/.test(s));
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  fc.constantFrom('', 'dense', 'dense_1/kernel:0', 'x'.repeat(300)),
).filter((s) => !/[\u0000-\u001f]/.test(s));

const DTYPES: H5NumericDtype[] = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64'];

function typedArrayArb(dtype: H5NumericDtype, n: number): fc.Arbitrary<NumericArray> {
  const len = { minLength: n, maxLength: n };
  switch (dtype) {
    case 'int8': return fc.int8Array(len);
    case 'int16': return fc.int16Array(len);
    case 'int32': return fc.int32Array(len);
    case 'int64': return fc.bigInt64Array(len);
    case 'uint8': return fc.uint8Array(len);
    case 'uint16': return fc.uint16Array(len);
    case 'float16': return fc.uint16Array(len); // raw binary16 bits, NaNs and subnormals included
    case 'uint32': return fc.uint32Array(len);
    case 'uint64': return fc.bigUint64Array(len);
    case 'float32': return fc.float32Array(len);
    case 'float64': return fc.float64Array(len);
  }
}

const shapeArb = (maxRank: number, maxDim: number) => fc.array(fc.integer({ min: 0, max: maxDim }), { maxLength: maxRank });
const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const numArb = (maxRank: number, maxDim: number): fc.Arbitrary<NumSpec> =>
  fc.tuple(fc.constantFrom(...DTYPES), shapeArb(maxRank, maxDim)).chain(([dtype, shape]) =>
    typedArrayArb(dtype, count(shape)).map((data): NumSpec => ({ kind: 'num', dtype, data, shape })));

const strArb = (maxRank: number, maxDim: number): fc.Arbitrary<StrSpec> =>
  shapeArb(maxRank, maxDim).chain((shape) => fc.tuple(
    fc.array(text, { minLength: count(shape), maxLength: count(shape) }),
    fc.constantFrom<'vlen' | 'fixed'>('vlen', 'fixed'),
    fc.boolean(),
    fc.integer({ min: 0, max: 3 }),
  ).map(([strings, stringType, preferAscii, slack]): StrSpec => {
    const ascii = preferAscii && strings.every((s) => /^[\u0000-\u007f]*$/.test(s));
    const spec: StrSpec = { kind: 'str', strings, shape, stringType, charset: ascii ? 'ascii' : 'utf8' };
    if (stringType === 'fixed') spec.size = Math.max(1, ...strings.map((s) => Buffer.byteLength(s))) + slack;
    return spec;
  }));

const valueArb = (maxRank: number, maxDim: number): fc.Arbitrary<ValueSpec> =>
  fc.oneof({ weight: 3, arbitrary: numArb(maxRank, maxDim) }, { weight: 2, arbitrary: strArb(maxRank, maxDim) });

const attrsArb: fc.Arbitrary<AttrSpec[]> = fc.uniqueArray(
  fc.record({ name: attrName, value: valueArb(2, 4) }),
  { maxLength: 3, selector: (a) => a.name },
);

const datasetArb: fc.Arbitrary<DatasetSpec> = fc.tuple(valueArb(3, 5), attrsArb, fc.boolean()).chain(([value, attrs, wantChunks]) => {
  const chunkable = wantChunks && value.shape.length > 0 && count(value.shape) > 0 &&
    !(value.kind === 'str' && value.stringType === 'vlen');
  if (!chunkable) return fc.constant<DatasetSpec>({ kind: 'dataset', value, attrs });
  return fc.tuple(
    fc.tuple(...value.shape.map((d) => fc.integer({ min: 1, max: d }))),
    fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    fc.boolean(),
  ).map(([chunks, gzip, shuffle]): DatasetSpec => ({
    kind: 'dataset', value, attrs, chunks,
    ...(gzip !== undefined ? { gzip } : {}), ...(shuffle ? { shuffle } : {}),
  }));
});

const treeArb = fc.letrec<{ group: GroupSpec; node: GroupSpec | DatasetSpec }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, datasetArb, tie('group')),
  group: fc.record({
    kind: fc.constant<'group'>('group'),
    attrs: attrsArb,
    links: fc.uniqueArray(fc.tuple(linkName, tie('node')), { maxLength: 5, selector: ([n]) => n }),
  }),
})).group;

/** A group of hundreds of links: forces SNOD splits and a two-level group B-tree. */
const wideArb: fc.Arbitrary<GroupSpec> = fc.uniqueArray(linkName, { minLength: 150, maxLength: 500 }).chain((names) =>
  fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }).map((isGroup): GroupSpec => ({
    kind: 'group', attrs: [],
    links: names.map((n, i): [string, GroupSpec | DatasetSpec] => [n, isGroup[i]
      ? { kind: 'group', attrs: [], links: [] }
      : { kind: 'dataset', attrs: [], value: { kind: 'num', dtype: 'int32', data: new Int32Array([i]), shape: [] } }]),
  })));

/** A chain of nested groups. */
const chainArb: fc.Arbitrary<GroupSpec> = fc.tuple(fc.integer({ min: 5, max: 60 }), linkName, datasetArb).map(([depth, name, leaf]) => {
  let g: GroupSpec = { kind: 'group', attrs: [], links: [[name, leaf]] };
  for (let i = 0; i < depth; i++) g = { kind: 'group', attrs: [], links: [[`${name}${i}`, g]] };
  return g;
});

const rootArb: fc.Arbitrary<GroupSpec> = fc.tuple(treeArb, fc.option(wideArb), fc.option(chainArb)).map(([root, wide, chain]) => {
  const links = root.links.filter(([n]) => n !== '\u2060wide' && n !== '\u2060chain');
  if (wide) links.push(['\u2060wide', wide]);
  if (chain) links.push(['\u2060chain', chain]);
  return { ...root, links };
});

describe.skipIf(!oracle.python || !oracle.h5dump)(`random trees round-trip through h5py, h5dump and our reader (seed ${SEED})`, () => {
  let tmp: ReturnType<typeof scratch>;
  const samples = fc.sample(rootArb, { numRuns: RUNS, seed: SEED });
  const files: { path: string; bytes: Uint8Array; spec: GroupSpec }[] = [];
  let trees: Record<string, PyTree> = {};

  beforeAll(() => {
    tmp = scratch();
    samples.forEach((spec, i) => {
      const bytes = buildFile(spec).toBytes();
      files.push({ path: tmp.file(`sample${i}.h5`, bytes), bytes, spec });
    });
    trees = h5pyDump(files.map((f) => f.path)).trees;
  });
  afterAll(() => tmp?.done());

  const where = (i: number) => `sample ${i} of seed ${SEED} (rerun with PUREKERAS_H5W_SEED=${SEED})`;

  it('h5py reads exactly the written tree, with names in strcmp order and found by lookup', () => {
    files.forEach((f, i) => {
      const t = trees[f.path]!;
      expect(t.eof, where(i)).toBe(f.bytes.length);
      expect(comparable(t), where(i)).toEqual(expectedTree(f.spec));
    });
  });

  it('h5dump exits 0 and prints the same tree and values', () => {
    files.forEach((f) => expectDumpTree(h5dumpTree(f.path), f.spec));
  });

  it('toSegments concatenates to the same bytes as toBytes', () => {
    files.forEach((f, i) => {
      expect(Buffer.compare(Buffer.concat(buildFile(f.spec).toSegments()), f.bytes), where(i)).toBe(0);
    });
  });

  it('our reader reads exactly the written tree', () => {
    files.forEach((f, i) => expect(readerTree(f.bytes), where(i)).toEqual(expectedReaderTree(f.spec)));
  });

  it('covers what it claims: wide groups, deep chains, chunked data, every dtype, both string kinds', () => {
    const seen = { wide: 0, chain: 0, chunked: 0, dtypes: new Set<string>(), vlen: 0, fixed: 0, empty: 0, scalar: 0 };
    const visit = (g: GroupSpec): void => {
      for (const [n, c] of g.links) {
        if (n === '\u2060wide') seen.wide++;
        if (n === '\u2060chain') seen.chain++;
        if (c.kind === 'group') visit(c);
        else {
          if (c.chunks) seen.chunked++;
          const v = c.value;
          if (v.kind === 'num') seen.dtypes.add(v.dtype);
          else if (v.stringType === 'vlen') seen.vlen++;
          else seen.fixed++;
          if (v.shape.length === 0) seen.scalar++;
          if (count(v.shape) === 0) seen.empty++;
        }
      }
    };
    samples.forEach(visit);
    expect(seen.wide).toBeGreaterThan(0);
    expect(seen.chain).toBeGreaterThan(0);
    expect(seen.chunked).toBeGreaterThan(0);
    expect(seen.vlen).toBeGreaterThan(0);
    expect(seen.fixed).toBeGreaterThan(0);
    expect(seen.scalar).toBeGreaterThan(0);
    expect(seen.empty).toBeGreaterThan(0);
    expect(seen.dtypes.size).toBeGreaterThanOrEqual(9);
  });
});
