#!/usr/bin/env python3
"""Write random HDF5 trees with h5py from JSON specs, then dump them with h5py.

The oracle for the reader's property test (test/hdf5/property.test.ts): the
test generates specs with fast-check, this script writes every file in one
process and dumps each with scripts/h5py_dump.py's dump_file.

Run:  echo '{"dir": "/tmp/x", "specs": [...]}' | .venv/bin/python scripts/h5py_make_trees.py
Prints {"<index>": dump | {"error": message}}.

Spec: {"libver": "earliest"|"latest", "track_order": bool, "root": GROUP}
GROUP: {"attrs": [ATTR], "children": [{"name", "kind": "group", ...GROUP}
        | {"name", "kind": "dataset", ...DATASET} | {"name", "kind": "soft", "target"}]}
DATASET: {"dtype": DTYPE, "shape": [int] | null (scalar), "layout": "contiguous"|"compact"|"chunked",
          "chunks": [int], "maxshape": [int|null], "gzip": int|null, "shuffle": bool,
          "fletcher32": bool, "fill": number|null, "partial": bool, "seed": int, "attrs": [ATTR]}
ATTR: {"name", "dtype": DTYPE, "shape": [int] | null, "seed": int}
DTYPE: a numpy dtype string ("<f4", ">i8", "|b1", "S7", "(2,3)<f4"), or "vstr-ascii", "vstr-utf8",
       "vlen-<i4", "compound", "enum"
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h5py_dump import dump_file  # noqa: E402

WORDS = ['a', 'keras', 'dense_1', 'kernel:0', 'héllo', '中文', 'emoji🙂', '', 'x' * 40, 'tab\tsep']


def make_dtype(d):
    if d == 'vstr-ascii':
        return h5py.string_dtype('ascii')
    if d == 'vstr-utf8':
        return h5py.string_dtype('utf-8')
    if d.startswith('vlen-'):
        return h5py.vlen_dtype(np.dtype(d[5:]))
    if d == 'compound':
        return np.dtype([('x', '<f4'), ('n', '>i2'), ('s', 'S3'), ('v', '<f8', (2,))])
    if d == 'enum':
        return h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 42}, basetype='i1')
    return np.dtype(d)


def make_values(d, shape, seed):
    rng = np.random.RandomState(seed)
    n = int(np.prod(shape)) if shape else 1
    dt = make_dtype(d)
    if d in ('vstr-ascii', 'vstr-utf8'):
        words = [w for w in WORDS if d == 'vstr-utf8' or w.isascii()]
        vals = np.array([words[rng.randint(len(words))] + str(rng.randint(100)) for _ in range(n)], dtype=object)
    elif d.startswith('vlen-'):
        base = np.dtype(d[5:])
        vals = np.empty(n, dtype=object)
        for i in range(n):
            vals[i] = (rng.randint(-50, 50, size=rng.randint(0, 5))).astype(base)
    elif d == 'compound':
        vals = np.zeros(n, dtype=dt)
        vals['x'] = rng.randn(n).astype('<f4')
        vals['n'] = rng.randint(-1000, 1000, size=n)
        vals['s'] = [('abc'[: rng.randint(0, 4)]).encode() for _ in range(n)]
        vals['v'] = rng.randn(n, 2)
    elif d == 'enum':
        vals = rng.choice([0, 1, 42], size=n).astype('i1')
    elif dt.kind == 'S':
        vals = np.array([(('k' * rng.randint(0, dt.itemsize + 1))[: dt.itemsize]).encode() for _ in range(n)], dtype=dt)
    elif dt.kind == 'V' and dt.subdtype is None and not dt.names:
        vals = np.frombuffer(rng.bytes(n * dt.itemsize), dtype=dt).copy()
    elif dt.kind == 'b':
        vals = rng.randint(0, 2, size=n).astype(bool)
    elif dt.subdtype is not None:
        base, sub = dt.subdtype
        vals = rng.randn(n, *sub).astype(base)
        return vals.reshape(tuple(shape) + sub) if shape else vals[0]
    elif dt.kind == 'f':
        vals = (rng.randn(n) * 100).astype(dt)
        if n > 2:
            vals[0] = np.nan
            vals[1] = np.inf
    elif dt.kind == 'c':
        vals = (rng.randn(n) + 1j * rng.randn(n)).astype(dt)
    elif dt.kind in 'iu':
        info = np.iinfo(dt)
        lo, hi = max(info.min, -2**62), min(info.max, 2**62)
        vals = rng.randint(lo, hi, size=n, dtype=np.int64).astype(dt) if dt.itemsize < 8 else \
            rng.randint(-2**62 if dt.kind == 'i' else 0, 2**62, size=n, dtype=np.int64).astype(dt)
        if n > 1 and dt.itemsize == 8:
            vals[-1] = info.max
    else:
        raise ValueError(f'dtype {d}')
    if shape is None:
        return vals[0] if vals.dtype == object else vals.reshape(())
    return vals.reshape(shape)


def build_group(g, spec, track):
    for a in spec.get('attrs', []):
        shape = None if a['shape'] is None else tuple(a['shape'])
        v = make_values(a['dtype'], shape, a['seed'])
        try:
            g.attrs.create(a['name'], v, dtype=make_dtype(a['dtype']))
        except Exception as e:
            raise RuntimeError(f'attribute {a} on {g.name}: {e!r} value {v!r}') from e
    for c in spec.get('children', []):
        if c['kind'] == 'group':
            sub = g.create_group(c['name'], track_order=track)
            build_group(sub, c, track)
        elif c['kind'] == 'soft':
            g[c['name']] = h5py.SoftLink(c['target'])
        else:
            try:
                build_dataset(g, c, track)
            except Exception as e:
                raise RuntimeError(f'dataset {c} in {g.name}: {e!r}') from e


def build_dataset(g, c, track):
    shape = None if c['shape'] is None else tuple(c['shape'])
    dt = make_dtype(c['dtype'])
    kw = {'dtype': dt, 'track_order': track}
    if shape is None:
        ds = g.create_dataset(c['name'], data=make_values(c['dtype'], None, c['seed']), **kw)
    else:
        if c['layout'] == 'chunked':
            kw['chunks'] = tuple(c['chunks'])
            if c.get('maxshape'):
                kw['maxshape'] = tuple(c['maxshape'])
            if c.get('gzip') is not None:
                kw['compression'] = 'gzip'
                kw['compression_opts'] = c['gzip']
            if c.get('shuffle'):
                kw['shuffle'] = True
            if c.get('fletcher32'):
                kw['fletcher32'] = True
        if c['layout'] == 'compact':
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_layout(h5py.h5d.COMPACT)
            ds = g.create_dataset(c['name'], shape=shape, dtype=dt, dcpl=dcpl)
        else:
            if c.get('fill') is not None and dt.kind in 'fiu':
                kw['fillvalue'] = c['fill']
            ds = g.create_dataset(c['name'], shape=shape, **kw)
        vals = make_values(c['dtype'], shape, c['seed'])
        partial = c.get('partial') and len(shape) > 0 and shape[0] > 1 and 0 not in shape
        end = shape[0] // 2 if partial else (shape[0] if shape else 0)
        if int(np.prod(shape)) > 0:
            if dt.kind == 'O':
                # h5py turns an object array of equal-length sequences into a 2-D
                # array and refuses it; write element by element instead.
                for idx in np.ndindex(*shape):
                    if idx[0] < end:
                        ds[idx] = vals[idx]
            else:
                ds[:end] = vals[:end]
    for a in c.get('attrs', []):
        ashape = None if a['shape'] is None else tuple(a['shape'])
        ds.attrs.create(a['name'], make_values(a['dtype'], ashape, a['seed']), dtype=make_dtype(a['dtype']))


def main():
    req = json.load(sys.stdin)
    out = {}
    for i, spec in enumerate(req['specs']):
        path = os.path.join(req['dir'], f'{i}.h5')
        try:
            track = spec['track_order']
            with h5py.File(path, 'w', libver=spec['libver'], track_order=track) as f:
                build_group(f, spec['root'], track)
            out[str(i)] = dump_file(path)
        except Exception as e:  # noqa: BLE001 - report per spec
            out[str(i)] = {'error': f'{type(e).__name__}: {e}'}
    json.dump(out, sys.stdout, allow_nan=False)


if __name__ == '__main__':
    main()
