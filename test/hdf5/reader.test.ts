/**
 * Behaviour of the reader's API on small h5py-written files
 * (test/fixtures/hdf5, made by scripts/h5py_make_fixtures.py): links of every
 * kind, scalar/empty/null datasets, attribute value shapes, zero-copy views,
 * filters (unknown ones named, custom ones used, fletcher32 verified), fill
 * values, limits and typed errors with offsets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hdf5Dataset, Hdf5Error, Hdf5Group, openHdf5 } from '../../src/hdf5/index.js';
import { lookup3 } from '../../src/hdf5/structures/lookup3.js';
import { Cursor, UNDEFINED_ADDRESS } from '../../src/hdf5/cursor.js';
import { oracle, repoRoot } from '../helpers/oracles.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'test/fixtures/hdf5', name)));

function thrown(fn: () => unknown): Hdf5Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Hdf5Error);
    return e as Hdf5Error;
  }
  throw new Error('expected an Hdf5Error');
}

describe.each(['links-earliest.h5', 'links-latest.h5'])('links (%s)', (name) => {
  const root = openHdf5(fixture(name));

  it('lists links with their kinds in name order', () => {
    expect(root.keys()).toEqual(['a', 'dangling', 'ext', 'loop1', 'loop2', 'relative', 'soft', 'soft_to_soft']);
    const links = Object.fromEntries(root.links().map((l) => [l.name, l]));
    expect(links.soft).toEqual({ kind: 'soft', name: 'soft', target: '/a/b/data' });
    expect(links.ext).toEqual({ kind: 'external', name: 'ext', file: 'other.h5', target: '/x/y' });
    expect(links.a).toEqual({ kind: 'hard', name: 'a' });
  });

  it('resolves absolute, relative and soft paths', () => {
    const d = root.get('/a/b/data') as Hdf5Dataset;
    expect(d).toBeInstanceOf(Hdf5Dataset);
    expect(d.path).toBe('/a/b/data');
    expect(d.shape).toEqual([2, 3]);
    expect(Array.from(d.read() as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    const a = root.get('a') as Hdf5Group;
    expect(a.get('b/data')?.constructor).toBe(Hdf5Dataset);
    expect(a.get('./b/../b/data')).toBeUndefined(); // '..' is a name like any other, as in HDF5
    const viaSoft = root.get('soft') as Hdf5Dataset;
    expect(viaSoft.path).toBe('/soft');
    expect(viaSoft.address).toBe(d.address);
    expect((root.get('soft_to_soft') as Hdf5Dataset).address).toBe(d.address);
    expect((root.get('relative/data') as Hdf5Dataset).address).toBe(d.address);
    expect(root.has('a/b/data')).toBe(true);
    expect(root.has('a/b/nope')).toBe(false);
    expect(root.get('dangling')).toBeUndefined();
  });

  it('reports soft-link loops and paths through external links', () => {
    const loop = thrown(() => root.get('loop1'));
    expect(loop.code).toBe('LINK_LOOP');
    expect(loop.path).toMatch(/^\/loop[12]$/);
    expect(root.get('ext')).toEqual({ kind: 'external', path: '/ext', file: 'other.h5', target: '/x/y' });
    const ext = thrown(() => root.get('ext/more'));
    expect(ext.code).toBe('EXTERNAL_LINK');
    expect(ext.path).toBe('/ext');
  });

  it('follows hard-link cycles by path but visits each object once', () => {
    const up = root.get('a/b/up/b/up/b/data') as Hdf5Dataset;
    expect(up.path).toBe('/a/b/up/b/up/b/data');
    const seen: string[] = [];
    root.visit((p) => { seen.push(p); return undefined; });
    expect(seen).toEqual(['a', 'a/b', 'a/b/data']);
    expect(root.visit((p) => (p === 'a/b' ? 'stop' : undefined))).toBe('stop');
    expect((root.get('a') as Hdf5Group).attrs.note).toBe('cycle');
  });
});

describe('datasets and attributes', () => {
  const bytes = fixture('misc.h5');
  const root = openHdf5(bytes);
  const ds = (p: string) => root.get(p) as Hdf5Dataset;

  it('reads scalar, empty and null datasets', () => {
    expect(ds('scalar_f8').shape).toEqual([]);
    expect(ds('scalar_f8').readScalar()).toBe(2.5);
    expect(ds('scalar_str').readScalar()).toBe('hello');
    expect(ds('scalar_str').dtype).toEqual({ class: 'string', size: 16, variable: true, padding: 'nullterm', charset: 'utf-8' });
    expect(ds('empty').shape).toEqual([0, 3]);
    expect(Array.from(ds('empty').read() as Int32Array)).toEqual([]);
    expect(ds('null').spaceKind).toBe('null');
    expect(ds('null').size).toBe(0);
    expect(thrown(() => ds('empty').readScalar()).code).toBe('NOT_SCALAR');
  });

  it('decodes attribute values by shape and type', () => {
    const a = root.attrs;
    expect(a.null_attr).toBeNull();
    expect(a.i64).toBe(-(2n ** 62n));
    expect(a.strings).toEqual(['ab', 'cde']);
    expect(a.vstrings).toEqual(['x', 'yz']);
    const described = root.attributes().find((x) => x.name === 'strings')!;
    expect(described.shape).toEqual([2]);
    expect(described.dtype).toEqual({ class: 'string', size: 3, variable: false, padding: 'nullpad', charset: 'ascii' });
    expect(Object.getPrototypeOf(a)).toBeNull();
  });

  it('returns zero-copy views for aligned little-endian data, copies on request', () => {
    const d = ds('aligned');
    const view = d.read() as Float32Array;
    expect(view).toBeInstanceOf(Float32Array);
    expect(view.buffer).toBe(bytes.buffer);
    expect(Array.from(view)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const copy = d.read({ copy: true }) as Float32Array;
    expect(copy.buffer).not.toBe(bytes.buffer);
    expect(Array.from(copy)).toEqual(Array.from(view));
    const be = ds('big_endian').read() as Float32Array;
    expect(be.buffer).not.toBe(bytes.buffer);
    expect(Array.from(be)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ds('big_endian').dtype).toMatchObject({ class: 'float', size: 4, order: 'big' });
  });

  it('fills unallocated chunks with the fill value', () => {
    expect(Array.from(ds('filled').read() as Float32Array)).toEqual([
      1, 1, 7.5, 7.5, 1, 1, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5,
    ]);
    expect(ds('filled').chunks).toEqual([2, 2]);
  });

  it('names an unknown filter by id and name, and uses a decoder passed in', () => {
    const e = thrown(() => ds('lzf').read());
    expect(e.code).toBe('UNKNOWN_FILTER');
    expect(e.message).toContain('32000');
    expect(e.message).toContain('lzf');
    expect(e.offset).toBeGreaterThan(0);
    expect(ds('lzf').filters.map((f) => f.id)).toEqual([32000]);
    const seen: number[] = [];
    const withDecoder = openHdf5(bytes, {
      filters: { 32000: (input, f, ctx) => { seen.push(f.id, ctx.expectedSize); return new Uint8Array(ctx.expectedSize); } },
    });
    expect(Array.from((withDecoder.get('lzf') as Hdf5Dataset).read() as Int32Array)).toEqual(new Array(100).fill(0));
    expect(seen).toEqual([32000, 200, 32000, 200]);
  });

  it('verifies fletcher32 checksums', () => {
    expect(Array.from(ds('fletcher').read() as Int32Array).slice(0, 3)).toEqual([1000, 1001, 1002]);
    // Find the stored chunk (int32 1000, 1001, … little-endian) and corrupt one byte of it.
    const needle = new Uint8Array(new Int32Array([1000, 1001, 1002]).buffer);
    let at = -1;
    for (let i = 0; i + needle.length <= bytes.length && at < 0; i++) {
      if (needle.every((b, k) => bytes[i + k] === b)) at = i;
    }
    expect(at).toBeGreaterThan(0);
    const bad = bytes.slice();
    bad[at + 1] ^= 0x10;
    const e = thrown(() => (openHdf5(bad).get('fletcher') as Hdf5Dataset).read());
    expect(e.code).toBe('BAD_CHECKSUM');
    expect(e.structure).toBe('fletcher32 filter');
    expect(e.offset).toBe(at);
  });

  it('refuses storage a reader of bytes cannot reach, by name', () => {
    const ext = thrown(() => ds('external').read());
    expect(ext.code).toBe('UNSUPPORTED_FEATURE');
    expect(ext.structure).toBe('external data files message');
    expect(ds('virtual').layout).toBe('virtual');
    expect(thrown(() => ds('virtual').read()).code).toBe('UNSUPPORTED_LAYOUT');
  });

  it('insists on kinds with getDataset / getGroup', () => {
    expect(root.getDataset('aligned').shape).toEqual([8]);
    expect(thrown(() => root.getGroup('aligned')).code).toBe('WRONG_KIND');
    expect(thrown(() => root.getDataset('missing')).code).toBe('NOT_FOUND');
    expect(root.getGroup('/').path).toBe('/');
  });

  it('enforces output limits before allocating', () => {
    const small = openHdf5(bytes, { limits: { maxOutputBytes: 32 } });
    expect(thrown(() => (small.get('filled') as Hdf5Dataset).read()).code).toBe('LIMIT_EXCEEDED');
  });
});

describe.skipIf(!oracle.fixtures)('object references', () => {
  it('dereferences to the objects h5py names', () => {
    // h5py: f[ref].name for 1D_object_references on /test_group is ['/', '/test_group'].
    const root = openHdf5(readFileSync(join(oracle.fixtures!, 'hdf5-conformance/jamesmudd__jhdf__test_attribute_earliest.hdf5')));
    const g = root.getGroup('test_group');
    const refs = g.attrs['1D_object_references'] as Uint8Array;
    expect(refs.length).toBe(16);
    expect([0, 8].map((o) => root.dereference(refs.subarray(o, o + 8)).path)).toEqual(['/', '/test_group']);
    expect(thrown(() => root.dereference(new Uint8Array(3))).code).toBe('BAD_REFERENCE');
  });
});

describe('shared object header messages', () => {
  it('reads datatypes and attributes stored in the shared-message heap, twice from one Buffer', () => {
    // Regression: verifying a direct block checksum once zeroed the file's own
    // bytes, because a Node Buffer's slice() is a view, not a copy.
    const buf = readFileSync(join(repoRoot, 'test/fixtures/hdf5/sohm.h5'));
    for (let round = 0; round < 2; round++) {
      const root = openHdf5(buf);
      const d = root.get('d2') as Hdf5Dataset;
      expect(d.dtype).toMatchObject({ class: 'compound', size: 22 });
      const recs = d.read() as Array<Record<string, unknown>>;
      expect(recs[5]).toEqual({ a: 15, b: 2, c: 'shared' });
      expect(Array.from(d.attrs.shared_attr as Float64Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(d.attrs.s).toBe('x'.repeat(20));
    }
  });
});

describe('inputs', () => {
  it('accepts a Uint8Array, a Buffer, a DataView and an ArrayBuffer alike', () => {
    const buf = readFileSync(join(repoRoot, 'test/fixtures/hdf5/links-latest.h5'));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    for (const input of [buf, new Uint8Array(ab), new DataView(ab), ab]) {
      expect(openHdf5(input).keys()).toContain('soft');
    }
    expect(thrown(() => openHdf5('nope' as unknown as Uint8Array)).code).toBe('BAD_INPUT');
  });
});

describe('typed errors with locations', () => {
  it('rejects non-HDF5 input', () => {
    const e = thrown(() => openHdf5(new TextEncoder().encode('not an hdf5 file at all')));
    expect(e.code).toBe('NOT_HDF5');
    expect(e.offset).toBe(0);
  });

  it('reports a truncated file with the structure and offset', () => {
    const bytes = fixture('misc.h5');
    const e = thrown(() => {
      const r = openHdf5(bytes.slice(0, 1200));
      r.keys();
      r.attributes();
    });
    expect(['TRUNCATED', 'OUT_OF_BOUNDS']).toContain(e.code);
    expect(e.offset).toBeGreaterThanOrEqual(0);
  });

  it('verifies v2 metadata checksums (superblock v2/v3)', () => {
    const bytes = fixture('links-latest.h5');
    expect(bytes[8]).toBeGreaterThanOrEqual(2); // superblock version
    const bad = bytes.slice();
    bad[11] ^= 1; // the file consistency flags
    const e = thrown(() => openHdf5(bad));
    expect(e.code).toBe('BAD_CHECKSUM');
    expect(e.structure).toBe('superblock');
    expect(e.offset).toBe(44); // 12 bytes of fields + four 8-byte addresses
    expect(openHdf5(bad, { verifyChecksums: false }).keys()).toContain('a');
  });
});

describe('cursor', () => {
  it('reads an all-ones byte count as 255, and only addresses as undefined', () => {
    // Regression: a v2 object header whose chunk-0 size byte was 0xff read as -1
    // ("needs -1 more bytes"); found by the property test.
    const b = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const c = new Cursor(b, new DataView(b.buffer), 0, b.length, 'test');
    expect(c.uint(1)).toBe(255);
    expect(c.offset()).toBe(UNDEFINED_ADDRESS);
    const big = new Cursor(b, new DataView(b.buffer), 0, b.length, 'test');
    expect(() => big.uint(8)).toThrow(Hdf5Error);
  });
});

describe('lookup3', () => {
  // Test vectors printed by the driver in Bob Jenkins' lookup3.c.
  const text = new TextEncoder().encode('Four score and seven years ago');
  it('matches the reference hashlittle values', () => {
    expect(lookup3(new Uint8Array(0), 0, 0, 0)).toBe(0xdeadbeef);
    expect(lookup3(new Uint8Array(0), 0, 0, 0xdeadbeef)).toBe(0xbd5b7dde);
    expect(lookup3(text, 0, text.length, 0)).toBe(0x17770551);
    expect(lookup3(text, 0, text.length, 1)).toBe(0xcd628161);
  });
});
