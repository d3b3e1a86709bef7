/**
 * Files written by the HDF5 writer, read back by the reference tools: h5py
 * (libhdf5 2.0 through one Python process for the whole file) and h5dump
 * 1.10 (exit status 0, XML output parsed and compared value by value).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { H5File, float16Bits, guessChunks } from '../../src/hdf5/index.js';
import { oracle, runPython } from '../helpers/oracles.js';
import {
  buildFile, comparable, expectDumpTree, expectedReaderTree, expectedTree, h5dumpTree, h5pyDump, readerTree, scratch,
  type DatasetSpec, type GroupSpec, type NumSpec, type PyTree, type StrSpec, type ValueSpec,
} from './oracle.js';

const py = oracle.python;
const dump = oracle.h5dump;

const num = (dtype: NumSpec['dtype'], data: NumSpec['data'], shape: number[] = [data.length]): NumSpec =>
  ({ kind: 'num', dtype, data, shape });
const str = (strings: string[], o: Partial<StrSpec> = {}): StrSpec =>
  ({ kind: 'str', strings, shape: o.shape ?? [strings.length], stringType: o.stringType ?? 'vlen', charset: o.charset ?? 'utf8', ...(o.size !== undefined ? { size: o.size } : {}) });
const ds = (value: ValueSpec, extra: Partial<DatasetSpec> = {}): DatasetSpec => ({ kind: 'dataset', value, attrs: [], ...extra });
const grp = (links: GroupSpec['links'] = [], attrs: GroupSpec['attrs'] = []): GroupSpec => ({ kind: 'group', attrs, links });

/** The handcrafted cases, each one file. */
const CASES: Record<string, GroupSpec> = {
  keras_legacy_profile: grp([
    ['model_weights', grp([
      ['dense', grp([
        ['dense', grp([
          ['kernel:0', ds(num('float32', new Float32Array([0.5, -1.25, 3, 1e-8, -0, 7])), { value: num('float32', new Float32Array([0.5, -1.25, 3, 1e-8, -0, 7]), [3, 2]) })],
          ['bias:0', ds(num('float32', new Float32Array([0.1, 0.2])))],
        ])],
      ], [{ name: 'weight_names', value: str(['dense/kernel:0', 'dense/bias:0'], { stringType: 'fixed', charset: 'ascii', size: 14 }) }])],
      ['dense_1', grp([], [{ name: 'weight_names', value: str([], { stringType: 'fixed', charset: 'ascii', size: 1 }) }])],
    ], [
      { name: 'layer_names', value: str(['dense', 'dense_1'], { stringType: 'fixed', charset: 'ascii', size: 7 }) },
      { name: 'backend', value: str(['tensorflow'], { stringType: 'fixed', charset: 'ascii', size: 10, shape: [] }) },
      { name: 'keras_version', value: str(['2.2.4'], { stringType: 'fixed', charset: 'ascii', size: 5, shape: [] }) },
    ])],
    ['optimizer_weights', grp([
      ['sgd', grp([
        ['iteration', ds(num('int64', new BigInt64Array([3n]), []))],
        ['learning_rate', ds(num('float32', new Float32Array([0.01]), []))],
      ])],
    ], [{ name: 'weight_names', value: str(['sgd/iteration', 'sgd/learning_rate'], { charset: 'ascii' }) }])],
  ], [
    { name: 'keras_version', value: str(['3.15.1'], { charset: 'ascii', shape: [] }) },
    { name: 'backend', value: str(['jax'], { charset: 'ascii', shape: [] }) },
    { name: 'model_config', value: str([JSON.stringify({ class_name: 'Sequential', config: { name: 'x'.repeat(70000) } })], { shape: [] }) },
  ]),

  every_numeric_dtype: grp([
    ['i8', ds(num('int8', new Int8Array([-128, 0, 127])))],
    ['u8', ds(num('uint8', new Uint8Array([0, 128, 255])))],
    ['i16', ds(num('int16', new Int16Array([-32768, 1, 32767]), [3, 1]))],
    ['u16', ds(num('uint16', new Uint16Array([0, 65535])))],
    ['i32', ds(num('int32', new Int32Array([-2147483648, 2147483647, 5, 6]), [2, 2]))],
    ['u32', ds(num('uint32', new Uint32Array([4294967295, 0])))],
    ['i64', ds(num('int64', new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n])))],
    ['u64', ds(num('uint64', new BigUint64Array([2n ** 64n - 1n, 0n])))],
    ['f16', ds(num('float16', new Uint16Array([0x3c00, 0x7bff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x3555])))],
    ['f32', ds(num('float32', new Float32Array([Math.PI, -0, 1.4e-45, 3.4028234663852886e38, -Infinity, Infinity, NaN])))],
    ['f64', ds(num('float64', new Float64Array([Math.E, 5e-324, -1.7976931348623157e308, NaN]), [2, 1, 2]))],
    ['scalar_f64', ds(num('float64', new Float64Array([42.5]), []))],
    ['scalar_u8', ds(num('uint8', new Uint8Array([7]), []))],
    ['empty_2d', ds(num('float32', new Float32Array(0), [0, 4]))],
    ['empty_3d', ds(num('int64', new BigInt64Array(0), [2, 0, 3]))],
  ], [
    { name: 'a_i8', value: num('int8', new Int8Array([-1, 2])) },
    { name: 'a_u64', value: num('uint64', new BigUint64Array([2n ** 64n - 1n]), []) },
    { name: 'a_f16', value: num('float16', new Uint16Array([0x3e00]), []) },
    { name: 'a_f32_2d', value: num('float32', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]) },
    { name: 'a_f64', value: num('float64', new Float64Array([0.1]), []) },
    { name: 'a_empty', value: num('int32', new Int32Array(0), [0]) },
  ]),

  strings: grp([
    ['vlen_utf8', ds(str(['', 'a', 'héllo wörld', '日本語', '😀 emoji', 'x'.repeat(5000)]))],
    ['vlen_ascii_scalar', ds(str(['plain ascii'], { charset: 'ascii', shape: [] }))],
    ['vlen_2d', ds(str(['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff'], { shape: [2, 3] }))],
    ['fixed_ascii', ds(str(['abc', 'de', ''], { stringType: 'fixed', charset: 'ascii', size: 3 }))],
    ['fixed_utf8', ds(str(['é', '日本'], { stringType: 'fixed', charset: 'utf8', size: 6 }))],
    ['fixed_scalar', ds(str(['only'], { stringType: 'fixed', charset: 'ascii', size: 8, shape: [] }))],
    ['vlen_many', ds(str(Array.from({ length: 3000 }, (_, i) => `s${i}`.repeat(i % 5))))],
    ['vlen_big', ds(str(['big'.repeat(40000), 'small', 'y'.repeat(4070)]))],
  ], [
    { name: 'vlen_utf8_attr', value: str(['ünïcödé ✓'], { shape: [] }) },
    { name: 'vlen_list', value: str(['dense', 'dense_1', ''], { charset: 'ascii' }) },
    { name: 'fixed_list', value: str(['conv2d', 'dense'], { stringType: 'fixed', charset: 'ascii', size: 6 }) },
    { name: 'fixed_utf8', value: str(['ß'], { stringType: 'fixed', charset: 'utf8', size: 2, shape: [] }) },
    { name: 'empty_vlen', value: str([], { charset: 'ascii' }) },
    { name: 'huge_vlen', value: str(['z'.repeat(200000)], { shape: [] }) },
  ]),

  chunked: grp([
    ['plain', ds(num('float32', Float32Array.from({ length: 20 }, (_, i) => i)), { value: num('float32', Float32Array.from({ length: 20 }, (_, i) => i), [4, 5]), chunks: [3, 2] })],
    ['gzip_shuffle', ds(num('float64', Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i)), [10, 100]), { chunks: [4, 30], gzip: 4, shuffle: true })],
    ['gzip9_int', ds(num('int32', Int32Array.from({ length: 999 }, (_, i) => i % 7), [999]), { chunks: [100], gzip: 9 })],
    ['gzip0', ds(num('uint8', Uint8Array.from({ length: 64 }, (_, i) => i), [8, 8]), { chunks: [8, 8], gzip: 0 })],
    ['incompressible', ds(num('uint8', Uint8Array.from({ length: 256 }, (_, i) => (i * 167 + 13) & 255)), { chunks: [16], gzip: 9 })],
    ['shuffle_only', ds(num('int16', Int16Array.from({ length: 30 }, (_, i) => i * 1000 - 9000), [5, 6]), { chunks: [2, 6], shuffle: true })],
    ['many_chunks', ds(num('float32', Float32Array.from({ length: 5000 }, (_, i) => i / 3), [100, 50]), { chunks: [1, 1] })],
    ['rank3', ds(num('uint16', Uint16Array.from({ length: 60 }, (_, i) => i), [3, 4, 5]), { chunks: [2, 3, 4], gzip: 1 })],
    ['fixed_strings', ds(str(['alpha', 'beta', 'gamma', 'delta', 'eps'], { stringType: 'fixed', charset: 'ascii', size: 5 }), { chunks: [2], gzip: 6 })],
    ['float16', ds(num('float16', Uint16Array.from({ length: 10 }, (_, i) => 0x3c00 + i)), { chunks: [3], shuffle: true, gzip: 2 })],
  ]),

  deep_and_wide: (() => {
    let chain: GroupSpec = grp([['leaf', ds(num('int8', new Int8Array([1]), []))]]);
    for (let i = 39; i >= 0; i--) chain = grp([[`level${i}`, chain]], i % 10 === 0 ? [{ name: 'depth', value: num('int32', new Int32Array([i]), []) }] : []);
    const wide: GroupSpec['links'] = [];
    for (let i = 0; i < 700; i++) wide.push([`w${(i * 389) % 700}`, i % 2 ? grp() : ds(num('int16', new Int16Array([i]), []))]);
    return grp([['chain', chain], ['wide', grp(wide)], ['empty_group', grp()]]);
  })(),

  big_object_headers: grp([
    // two largest-possible attributes: one object header chunk of 128 KiB
    ['g', grp([], Array.from({ length: 2 }, (_, i) => ({ name: `max${i}`, value: num('uint8', new Uint8Array(65472).fill(i)) })))],
    ['d', ds(num('float32', new Float32Array([1, 2, 3])), {
      attrs: Array.from({ length: 300 }, (_, i) => ({ name: `attr_${i}`, value: i % 2 ? num('int32', new Int32Array([i]), []) : str([`v${i}`], { shape: [] }) })),
    })],
  ]),

  unicode_names: grp([
    ['é', grp()], ['e', grp()], ['E', grp()], ['z', grp()], ['😀', ds(num('uint8', new Uint8Array([1])))],
    ['\uffff', grp()], ['日本', grp([['名前 with spaces', ds(str(['v'], { shape: [] }))]])],
    ['a:b;c=d', grp()], ['name.with.dots', grp()], ['<&>"\'', grp()], ['\u00a0nbsp', grp()],
    ['𝔘𝔫𝔦𝔠𝔬𝔡𝔢', grp()], ['ﬀ', grp()], ['a', grp()], ['aa', grp()], ['a a', grp()], ['~', grp()],
  ], [{ name: 'ключ', value: str(['значение'], { shape: [] }) }, { name: '😀', value: num('uint8', new Uint8Array([9]), []) }]),
};

describe.skipIf(!py || !dump)('writer output read by h5py and h5dump', () => {
  let tmp: ReturnType<typeof scratch>;
  const paths: Record<string, string> = {};
  const bytes: Record<string, Uint8Array> = {};
  let trees: Record<string, PyTree> = {};
  let emptyRef = '';

  beforeAll(() => {
    tmp = scratch();
    for (const [name, spec] of Object.entries(CASES)) {
      bytes[name] = buildFile(spec).toBytes();
      paths[name] = tmp.file(`${name}.h5`, bytes[name]);
    }
    paths.empty = tmp.file('empty.h5', new H5File().toBytes());
    emptyRef = `${tmp.dir}/h5py_empty.h5`;
    runPython(['-c', `import h5py, json, sys\nh5py.File(${JSON.stringify(emptyRef)}, 'w').close()\nprint('{}')`]);
    trees = h5pyDump(Object.values(paths)).trees;
  });
  afterAll(() => tmp?.done());

  it('writes an empty file byte for byte as h5py does', () => {
    const ours = readFileSync(paths.empty!);
    const theirs = readFileSync(emptyRef);
    expect(ours.length).toBe(800);
    expect(Buffer.compare(ours, theirs)).toBe(0);
  });

  for (const name of Object.keys(CASES)) {
    it(`${name}: h5py reads exactly the tree that was written`, () => {
      const t = trees[paths[name]!]!;
      expect(t.superblock).toBe(0);
      expect(t.eof).toBe(bytes[name]!.length);
      expect(comparable(t)).toEqual(expectedTree(CASES[name]!));
    });

    it(`${name}: h5dump exits 0 and prints the same values`, () => {
      expectDumpTree(h5dumpTree(paths[name]!), CASES[name]!);
    });

    it(`${name}: our reader reads exactly the tree that was written`, () => {
      expect(readerTree(bytes[name]!)).toEqual(expectedReaderTree(CASES[name]!));
    });
  }

  it('stores chunked datasets as asked: layout, chunk shape, filters, allocation', () => {
    const links = Object.fromEntries(trees[paths.chunked!]!.links!);
    expect(links.gzip_shuffle!.layout).toMatchObject({ kind: 'chunked', chunks: [4, 30], compression: 'gzip', compression_opts: 4, shuffle: true, alloc_time: 3 });
    expect(links.plain!.layout).toMatchObject({ kind: 'chunked', chunks: [3, 2], compression: null, shuffle: false });
    expect(links.many_chunks!.layout).toMatchObject({ chunks: [1, 1], storage_size: 5000 * 4 });
    // compressed chunks are smaller than the raw data; the incompressible one is stored raw (filter skipped)
    expect(links.gzip9_int!.layout!.storage_size as number).toBeLessThan(999 * 4 / 4);
    expect(links.incompressible!.layout!.storage_size).toBe(256);
    const flat = Object.fromEntries(trees[paths.keras_legacy_profile!]!.links!);
    const mw = Object.fromEntries(flat.model_weights!.links!);
    const dense = Object.fromEntries(Object.fromEntries(mw.dense!.links!).dense!.links!);
    expect(dense['kernel:0']!.layout).toMatchObject({ kind: 'contiguous', chunks: null, alloc_time: 2, storage_size: 24 });
  });
});

describe.skipIf(!py || !dump)('libhdf5 can keep editing what we wrote', () => {
  it('adds hundreds of links, attributes and data, deletes links, then h5dump and h5py still read it', () => {
    const tmp = scratch();
    try {
      const spec = CASES.deep_and_wide!;
      const path = tmp.file('edit.h5', buildFile(spec).toBytes());
      const out = runPython<{ wide: number; names: string[]; value: number[] }>(['-c', `
import h5py, json, numpy as np
p = ${JSON.stringify(path)}
with h5py.File(p, 'a') as f:
    w = f['wide']
    for i in range(400):
        w.create_group('added%03d' % i)
    del w['w5']
    del w['w6']
    f['chain/level0'].attrs['note'] = 'added by h5py'
    f.create_dataset('new_data', data=np.arange(10.0))
    for i in range(30):
        f['empty_group'].attrs['a%d' % i] = np.arange(i)
with h5py.File(p, 'r') as f:
    print(json.dumps({'wide': len(f['wide']), 'names': sorted(f['empty_group'].attrs.keys())[:3],
                      'value': f['new_data'][()].tolist()}))
`]);
      expect(out.wide).toBe(700 + 400 - 2);
      expect(out.names).toEqual(['a0', 'a1', 'a10']);
      expect(out.value).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const tree = h5dumpTree(path);
      expect(Object.keys(tree.links.wide!.links).length).toBe(1098);
    } finally {
      tmp.done();
    }
  });
});

describe.skipIf(!py)('a group with 10,000 links (a three-level B-tree)', () => {
  it('h5py iterates all of them in strcmp order and finds each by name', () => {
    const tmp = scratch();
    try {
      const f = new H5File();
      const g = f.createGroup('big');
      const names: string[] = [];
      for (let i = 0; i < 10000; i++) {
        const n = `n${((i * 7919) % 10000).toString(36)}${i % 3 === 0 ? 'é' : ''}`;
        names.push(n);
        g.createGroup(n);
      }
      const path = tmp.file('big.h5', f.toBytes());
      const r = runPython<{ n: number; sorted: boolean; found: number }>(['-c', `
import h5py, json
with h5py.File(${JSON.stringify(path)}, 'r') as f:
    g = f['big']
    names = []
    g.id.links.iterate(lambda n: names.append(n) and None)
    want = json.loads(${JSON.stringify(JSON.stringify(names))})
    print(json.dumps({'n': len(names), 'sorted': names == sorted(names), 'found': sum(1 for w in want if w in g)}))
`]);
      expect(r).toEqual({ n: 10000, sorted: true, found: 10000 });
    } finally {
      tmp.done();
    }
  });
});

describe.skipIf(!py)('conversions checked against NumPy', () => {
  it('float16Bits rounds doubles as NumPy astype(float16) does', () => {
    const special = [0, -0, 1, -1, 65504, 65519.99, 65520, 65536, 1e-8, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -14,
      2 ** -14 - 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -40, 0.1, 1 / 3, Infinity, -Infinity, NaN, 5e-324, 1e308];
    const random = fc.sample(fc.oneof(
      fc.double({ min: -70000, max: 70000 }),
      fc.double({ min: -1e-3, max: 1e-3 }),
      fc.integer({ min: -100000, max: 100000 }).map((k) => k * 2 ** -25),
      fc.double(),
    ), { numRuns: 3000, seed: 5 });
    const values = [...special, ...random];
    const hex = values.map((v) => Buffer.from(new Float64Array([v]).buffer).toString('hex'));
    const numpy = h5pyDump([], hex).float16!;
    const ours = values.map((v) => Buffer.from(new Uint16Array([float16Bits(v)]).buffer).toString('hex'));
    const mismatches = values.filter((_, i) => numpy[i] !== ours[i] && !(Number.isNaN(values[i]!)));
    expect(mismatches).toEqual([]);
    expect(ours[values.findIndex(Number.isNaN)]).toBe('007e');
  });

  it('guessChunks picks the chunk shapes h5py picks', () => {
    const shapes = [[10], [1000], [100000], [1000, 1000], [3, 4, 5], [50, 50, 50, 5], [7], [1, 1], [12345, 3], [4096, 4096]];
    const sizes = [1, 4, 8];
    const cases = shapes.flatMap((s) => sizes.map((e) => [s, e] as const));
    const theirs = runPython<number[][]>(['-c', `
import json, sys
from h5py._hl.filters import guess_chunk
cases = json.loads(sys.stdin.read())
print(json.dumps([list(guess_chunk(tuple(s), None, e)) for s, e in cases]))
`], cases);
    expect(cases.map(([s, e]) => guessChunks(s, e))).toEqual(theirs);
  });
});
