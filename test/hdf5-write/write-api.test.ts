/**
 * The writer's API: building trees, the defaults it picks (checked by h5py),
 * zero-copy data, determinism, and the typed errors (code + structure +
 * offset -1) for everything it refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PureKerasError } from '../../src/errors.js';
import fc from 'fast-check';
import { H5File, Hdf5Dataset, Hdf5Error, createHdf5, hdf5ByteLength, openHdf5, writeHdf5 } from '../../src/hdf5/index.js';
import { encodeUtf8 } from '../../src/hdf5/write/utf8.js';
import { oracle, runPython } from '../helpers/oracles.js';
import { h5pyDump, scratch, type PyTree } from './oracle.js';

/** Runs `fn`, expecting an Hdf5Error with `code`; returns it for further checks. */
function refuses(fn: () => unknown, code: string): Hdf5Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e).toBeInstanceOf(PureKerasError);
    const err = e as Hdf5Error;
    expect(err.code).toBe(code);
    expect(err.offset).toBe(-1);
    return err;
  }
  throw new Error(`expected Hdf5Error ${code}, nothing was thrown`);
}

describe('building the tree', () => {
  it('creates intermediate groups and resolves relative and absolute paths', () => {
    const f = createHdf5();
    const d = f.createDataset('model_weights/dense/dense/kernel:0', new Float32Array(6), { shape: [3, 2] });
    expect(d.name).toBe('/model_weights/dense/dense/kernel:0');
    expect(d.shape).toEqual([3, 2]);
    expect(d.dtype).toBe('float32');
    const mw = f.get('model_weights');
    expect(mw?.name).toBe('/model_weights');
    expect(f.requireGroup('model_weights/dense')).toBe(f.get('/model_weights/dense'));
    const dense = f.requireGroup('model_weights/dense');
    expect(dense.get('/model_weights')).toBe(mw);
    expect(dense.createGroup('/abs/x').name).toBe('/abs/x');
    expect(f.keys()).toEqual(['model_weights', 'abs']);
    expect(f.has('model_weights/dense/dense/kernel:0')).toBe(true);
    expect(f.has('model_weights/nope')).toBe(false);
    expect(f.get('model_weights/dense/dense/kernel:0/deeper')).toBeUndefined();
  });

  it('replaces an attribute set twice and keeps insertion order', () => {
    const f = new H5File();
    f.attrs.set('b', 1).set('a', 'x').set('b', 'again');
    expect(f.attrs.keys()).toEqual(['b', 'a']);
    expect(f.attrs.get('b')).toBe('again');
    expect(f.attrs.size).toBe(2);
    expect(f.attrs.delete('a')).toBe(true);
    expect(f.attrs.has('a')).toBe(false);
    const root = openHdf5(f.toBytes());
    expect(root.attrs.b).toBe('again');
    expect(Object.keys(root.attrs)).toEqual(['b']);
  });

  it('writes the same bytes every time (no timestamps, no randomness)', () => {
    const make = () => {
      const f = new H5File();
      f.attrs.set('s', ['a', 'b']);
      f.createDataset('x/y', new Float64Array([1, 2, 3]), { chunks: [2], compression: 'gzip' });
      return f;
    };
    expect(Buffer.compare(make().toBytes(), make().toBytes())).toBe(0);
    const f = make();
    expect(Buffer.compare(f.toBytes(), writeHdf5(f))).toBe(0);
  });

  it('references typed arrays instead of copying them: later changes show in the next toBytes', () => {
    const data = new Float32Array([1, 2, 3]);
    const f = new H5File();
    f.createDataset('d', data);
    const before = (openHdf5(f.toBytes()).get('d') as Hdf5Dataset).read();
    data[1] = 42;
    const after = (openHdf5(f.toBytes()).get('d') as Hdf5Dataset).read();
    expect(Array.from(before as Float32Array)).toEqual([1, 2, 3]);
    expect(Array.from(after as Float32Array)).toEqual([1, 42, 3]);
  });

  it('writes into a caller\'s dirty buffer exactly the bytes it would allocate', () => {
    const f = new H5File();
    f.attrs.set('names', ['a', 'bb'], { stringType: 'fixed' }).set('v', 'vlen');
    f.createDataset('odd', new Uint8Array([1, 2, 3]));
    f.createDataset('edge', new Int16Array(35).map((_, i) => i), { shape: [5, 7], chunks: [2, 3] });
    f.createDataset('packed', new Float32Array(64).fill(0.5), { chunks: [10], compression: 'gzip', shuffle: true });
    f.createDataset('s', ['x', 'yy', 'zzz']);
    const fresh = f.toBytes();
    expect(f.byteLength()).toBe(fresh.length);
    expect(hdf5ByteLength(f)).toBe(fresh.length);
    const dirty = new Uint8Array(fresh.length + 100).fill(0xa5);
    const got = f.toBytes({ into: dirty });
    expect(got.buffer).toBe(dirty.buffer);
    expect(got.length).toBe(fresh.length);
    expect(Buffer.compare(got, fresh)).toBe(0);
    expect(dirty[fresh.length]).toBe(0xa5);
    refuses(() => writeHdf5(f, { into: new Uint8Array(fresh.length - 1) }), 'BUFFER_TOO_SMALL');
  });

  it('gives the same file as segments, with large datasets as views of the caller\'s arrays', () => {
    const big = new Float32Array(100_000).map((_, i) => i);
    const f = new H5File();
    f.attrs.set('s', ['a', 'b']);
    f.createDataset('small', new Uint8Array([1, 2, 3]));
    f.createDataset('big', big, { shape: [1000, 100] });
    f.createDataset('tail', new Int8Array([5]));
    f.createDataset('strings', ['p', 'q']);
    f.createDataset('chunked', new Float64Array(20000), { chunks: [5000] });
    const segments = f.toSegments();
    expect(Buffer.compare(Buffer.concat(segments), f.toBytes())).toBe(0);
    const view = segments.find((s) => s.buffer === big.buffer);
    expect(view?.byteLength).toBe(big.byteLength);
    expect(new H5File().toSegments().map((s) => s.length)).toEqual([800]);
  });

  it('encodes names and strings as UTF-8 exactly as Node does, refusing lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const wellFormed = !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
      if (!wellFormed) {
        try {
          encodeUtf8(s, 'test', 'value');
          return false;
        } catch (e) {
          return e instanceof Hdf5Error && e.code === 'INVALID_STRING';
        }
      }
      return Buffer.compare(Buffer.from(encodeUtf8(s, 'test', 'value')), Buffer.from(s, 'utf8')) === 0;
    }), { numRuns: 1000 });
  });

  it('puts the end-of-file address at the file length and aligns data to 8 bytes', () => {
    const f = new H5File();
    f.createDataset('odd', new Uint8Array([1, 2, 3]));
    f.createDataset('f', new Float64Array([1.5]));
    const bytes = f.toBytes();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getBigUint64(40, true)).toBe(BigInt(bytes.length));
    const root = openHdf5(bytes);
    const fd = root.get('f') as Hdf5Dataset;
    // read() returns a zero-copy view when the data is aligned
    const v = fd.read() as Float64Array;
    expect(v.buffer).toBe(bytes.buffer);
    expect(v[0]).toBe(1.5);
  });
});

describe('refusals', () => {
  it('refuses taken names and paths through datasets', () => {
    const f = new H5File();
    f.createGroup('g');
    f.createDataset('d', 1);
    expect(refuses(() => f.createGroup('g'), 'NAME_EXISTS').message).toContain('/g');
    refuses(() => f.createDataset('d', 2), 'NAME_EXISTS');
    refuses(() => f.createGroup('d'), 'NAME_EXISTS');
    refuses(() => f.requireGroup('d'), 'NOT_A_GROUP');
    const e = refuses(() => f.createDataset('d/x', 1), 'NOT_A_GROUP');
    expect(e.structure).toBe('dataset');
    refuses(() => f.createGroup('d/x/y'), 'NOT_A_GROUP');
    expect(f.keys()).toEqual(['g', 'd']);
  });

  it('refuses bad link and attribute names', () => {
    const f = new H5File();
    for (const bad of ['', 'a//b', 'a/', '.', '..', 'a/./b', 'a\0b', '/']) refuses(() => f.createGroup(bad), 'INVALID_NAME');
    refuses(() => f.createGroup('bad\ud800'), 'INVALID_STRING');
    refuses(() => f.attrs.set('', 1), 'INVALID_NAME');
    refuses(() => f.attrs.set('a\0', 1), 'INVALID_NAME');
    refuses(() => f.attrs.set('\udc00', 1), 'INVALID_STRING');
    expect(f.size).toBe(0);
  });

  it('does not leave intermediate groups behind when the data is refused', () => {
    const f = new H5File();
    refuses(() => f.createDataset('a/b/c', [1, 'x'] as never), 'INVALID_VALUE');
    expect(f.keys()).toEqual([]);
  });

  it('refuses values it cannot store exactly', () => {
    const f = new H5File();
    refuses(() => f.createDataset('a', [300], { dtype: 'int8' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', [-1], { dtype: 'uint8' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', [1.5], { dtype: 'int32' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', [-1n], { dtype: 'uint64' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', [2n ** 63n], { dtype: 'int64' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', new Float32Array([0.5]), { dtype: 'int16' }), 'VALUE_OUT_OF_RANGE');
    refuses(() => f.createDataset('a', [1, 'x'] as never), 'INVALID_VALUE');
    refuses(() => f.createDataset('a', [1, 2n] as never), 'INVALID_VALUE');
    refuses(() => f.createDataset('a', null as never), 'INVALID_VALUE');
    refuses(() => f.createDataset('a', { length: 1 } as never), 'INVALID_VALUE');
    refuses(() => f.createDataset('a', new DataView(new ArrayBuffer(4)) as never), 'INVALID_VALUE');
    refuses(() => f.createDataset('a', [1, 2], { dtype: 'float128' as never }), 'INVALID_DTYPE');
    refuses(() => f.createDataset('a', ['x'], { dtype: 'int8' }), 'INVALID_DTYPE');
    refuses(() => f.createDataset('a', ['é'], { charset: 'ascii' }), 'NOT_ASCII');
    refuses(() => f.createDataset('a', ['a\0b']), 'INVALID_STRING');
    refuses(() => f.createDataset('a', ['\ud83d']), 'INVALID_STRING');
    refuses(() => f.createDataset('a', ['abcd'], { stringType: 'fixed', stringSize: 3 }), 'STRING_TOO_LONG');
    refuses(() => f.createDataset('a', ['abc'], { stringType: 'fixed', padding: 'nullterm', stringSize: 3 }), 'STRING_TOO_LONG');
    refuses(() => f.createDataset('a', ['abc'], { padding: 'spacepad' }), 'INVALID_VALUE');
    expect(f.size).toBe(0);
  });

  it('refuses shapes that do not fit the data', () => {
    const f = new H5File();
    refuses(() => f.createDataset('a', new Float32Array(6), { shape: [4, 2] }), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', new Float32Array(1), { shape: [-1] }), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', new Float32Array(1), { shape: [0.5] as never }), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', new Float32Array(1), { shape: new Array(33).fill(1) }), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', [[1, 2], [3]]), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', [1, [2]] as never), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', [[1], 2] as never), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', [[[1, 2]], [[3], [4]]] as never), 'INVALID_SHAPE');
    refuses(() => f.createDataset('a', 5, { shape: [2] }), 'INVALID_SHAPE');
  });

  it('refuses chunking that HDF5 cannot express', () => {
    const f = new H5File();
    const data = new Float32Array(12);
    refuses(() => f.createDataset('a', 1.5, { chunks: [1] }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { shape: [3, 4], chunks: [4, 4] }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { shape: [3, 4], chunks: [3] }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { shape: [3, 4], chunks: [0, 4] }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { compression: 'lzf' as never }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { compression: 'gzip', compressionOpts: 10 }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', data, { compressionOpts: 4 }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', ['x', 'y'], { chunks: [1] }), 'INVALID_CHUNKS');
    refuses(() => f.createDataset('a', new Float32Array(0), { shape: [0, 3], compression: 'gzip' }), 'INVALID_CHUNKS');
  });

  it('refuses an attribute past the 64 KiB object header message limit, naming it', () => {
    const f = new H5File();
    const g = f.createGroup('model_weights');
    // 56 bytes of message around a uint8 array named 'x': 65,472 elements fill the largest message exactly
    g.attrs.set('x', new Uint8Array(65472));
    const e = refuses(() => g.attrs.set('x', new Uint8Array(65473)), 'ATTRIBUTE_TOO_LARGE');
    expect(e.structure).toBe('attribute message');
    expect(e.message).toContain("'x'");
    expect(e.message).toContain('/model_weights');
    const names = Array.from({ length: 4000 }, (_, i) => `layer_with_a_long_name_${i}`);
    refuses(() => g.attrs.set('layer_names', names, { stringType: 'fixed' }), 'ATTRIBUTE_TOO_LARGE');
    // variable-length strings keep only 16-byte references in the message
    g.attrs.set('layer_names', names);
    expect(g.attrs.get('x')).toHaveLength(65472);
  });

  it('refuses to write a typed array whose buffer was transferred away', () => {
    const data = new Float32Array(4);
    const f = new H5File();
    f.createDataset('d', data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    refuses(() => f.toBytes(), 'DATA_DETACHED');
  });
});

describe.skipIf(!oracle.python)('defaults, as h5py sees them', () => {
  let tmp: ReturnType<typeof scratch>;
  let tree: PyTree;
  let limitOk = false;
  let h5pyChunks: number[] = [];
  const attrs = (t: PyTree) => t.attrs as Record<string, { type: Record<string, unknown>; shape: number[]; data: unknown }>;
  const link = (t: PyTree, n: string) => t.links!.find(([k]) => k === n)![1];

  beforeAll(() => {
    tmp = scratch();
    const f = new H5File();
    f.attrs.set('num', 0.1).set('big', 12345678901234567890n, { dtype: 'uint64' }).set('bi', -5n)
      .set('str', 'héllo').set('strs', ['a', 'bc']).set('fixed', ['ab', 'c'], { stringType: 'fixed' })
      .set('fixed_term', 'ab', { stringType: 'fixed', padding: 'nullterm' })
      .set('fixed_space', 'ab', { stringType: 'fixed', padding: 'spacepad', stringSize: 4 })
      .set('nested', [[1, 2, 3], [4, 5, 6]], { dtype: 'int16' })
      .set('half', [1 / 3, 65504, 1e-7], { dtype: 'float16' })
      .set('raw_half', new Uint16Array([0x3c00]), { dtype: 'float16' })
      .set('conv', new Float32Array([0.5, 1.5]), { dtype: 'float64' })
      .set('empty_list', [])
      .set('limit', new Uint8Array(65472));
    f.createDataset('iter', 3, { dtype: 'int64' });
    f.createDataset('lr', 0.01, { dtype: 'float32' });
    f.createDataset('auto', new Float32Array(300000), { compression: 'gzip' });
    f.createDataset('bools_as_u8', new Uint8ClampedArray([0, 1, 255]));
    const path = tmp.file('defaults.h5', f.toBytes());
    tree = h5pyDump([path]).trees[path]!;
    h5pyChunks = runPython<number[]>(['-c', 'import json\nfrom h5py._hl.filters import guess_chunk\nprint(json.dumps(list(guess_chunk((300000,), None, 4))))']);
    limitOk = runPython<boolean>(['-c', `import h5py, json\nwith h5py.File(${JSON.stringify(path)}, 'r') as f: print(json.dumps(f.attrs['limit'].shape == (65472,)))`]);
  });
  afterAll(() => tmp?.done());

  it('numbers are float64, bigints int64, strings variable-length UTF-8', () => {
    const a = attrs(tree);
    expect(a.num).toEqual({ shape: [], type: { class: 'float', size: 8, order: 'LE' }, data: Buffer.from(new Float64Array([0.1]).buffer).toString('hex') });
    expect(a.big!.data).toBe(Buffer.from(new BigUint64Array([12345678901234567890n]).buffer).toString('hex'));
    expect(a.bi!.type).toEqual({ class: 'int', size: 8, signed: true, order: 'LE' });
    expect(a.str).toEqual({ shape: [], type: { class: 'string', vlen: true, size: null, charset: 'utf8', padding: 'nullterm' }, data: ['héllo'] });
    expect(a.strs!.shape).toEqual([2]);
    expect(a.empty_list).toEqual({ shape: [0], type: { class: 'float', size: 8, order: 'LE' }, data: '' });
  });

  it('fixed-length strings are NumPy-style null-padded, sized to the longest', () => {
    const a = attrs(tree);
    expect(a.fixed).toEqual({ shape: [2], type: { class: 'string', vlen: false, size: 2, charset: 'utf8', padding: 'nullpad' }, data: ['ab', 'c'] });
    expect(a.fixed_term!.type).toMatchObject({ size: 3, padding: 'nullterm' });
    expect(a.fixed_term!.data).toEqual(['ab']);
    expect(a.fixed_space!.type).toMatchObject({ size: 4, padding: 'spacepad' });
    expect(a.fixed_space!.data).toEqual(['ab  ']);
  });

  it('nested arrays give the shape; conversions match NumPy', () => {
    const a = attrs(tree);
    expect(a.nested!.shape).toEqual([2, 3]);
    expect(a.nested!.data).toBe(Buffer.from(new Int16Array([1, 2, 3, 4, 5, 6]).buffer).toString('hex'));
    // NumPy: np.array([1/3, 65504, 1e-7]).astype(np.float16).tobytes().hex()
    expect(a.half!.data).toBe(h5pyDump([], [1 / 3, 65504, 1e-7].map((v) => Buffer.from(new Float64Array([v]).buffer).toString('hex'))).float16!.join(''));
    expect(a.raw_half!.data).toBe('003c');
    expect(a.conv!.data).toBe(Buffer.from(new Float64Array([0.5, 1.5]).buffer).toString('hex'));
  });

  it('scalars, automatic chunks for compression, and the largest attribute libhdf5 can store', () => {
    const iter = link(tree, 'iter');
    expect(iter.shape).toEqual([]);
    expect(iter.type).toEqual({ class: 'int', size: 8, signed: true, order: 'LE' });
    expect(iter.data).toBe('0300000000000000');
    expect(link(tree, 'lr').data).toBe(Buffer.from(new Float32Array([0.01]).buffer).toString('hex'));
    const auto = link(tree, 'auto');
    expect(auto.layout).toMatchObject({ kind: 'chunked', compression: 'gzip', compression_opts: 4, chunks: h5pyChunks });
    expect(link(tree, 'bools_as_u8').data).toBe('0001ff');
    expect(limitOk).toBe(true);
  });
});
