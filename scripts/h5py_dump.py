#!/usr/bin/env python3
"""Dump HDF5 files as JSON with h5py: the oracle for the TypeScript HDF5 reader.

Run:  .venv/bin/python scripts/h5py_dump.py FILE [FILE ...]
  or: echo '["a.h5", "b.h5"]' | .venv/bin/python scripts/h5py_dump.py -
Prints one JSON object: {path: dump | {"error": message}}.

A dump lists every object reachable from "/" (hard links recursively, each
object once; soft and external links as entries): groups with their keys in
h5py's iteration order, datasets with dtype, shape and all values flattened in
row-major order, every object's attributes in h5py's order, and last the
order in which h5py's visit() reaches objects.
Values are encoded so JSON loses nothing:
  floats that are NaN/Inf -> {"$float": "NaN" | "Infinity" | "-Infinity"}
  integers beyond +-2**53 -> {"$int": "decimal digits"}
  bytes (fixed strings)   -> decoded as UTF-8 with U+FFFD for bad bytes
  opaque / references     -> {"$raw": "<hex>"} or {"$ref": true}
  compound elements       -> {"member": value, ...}
  h5py.Empty              -> {"$empty": true}
"""
import json
import math
import sys

import h5py
import numpy as np


def enc_scalar(v):
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).decode('utf-8', 'replace')
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return int(bool(v))
    if isinstance(v, (int, np.integer)):
        i = int(v)
        return i if abs(i) <= 2**53 else {'$int': str(i)}
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return {'$float': 'NaN'}
        if math.isinf(f):
            return {'$float': 'Infinity' if f > 0 else '-Infinity'}
        return f
    if isinstance(v, (complex, np.complexfloating)):
        return [enc_scalar(v.real), enc_scalar(v.imag)]
    if isinstance(v, h5py.h5r.Reference) or isinstance(v, h5py.h5r.RegionReference):
        return {'$ref': True}
    if isinstance(v, np.void):
        if v.dtype.names:
            return {n: enc_value(v[n]) for n in v.dtype.names}
        return {'$raw': bytes(v).hex()}
    if isinstance(v, np.ndarray):
        return enc_value(v)
    return {'$unknown': repr(v)}


def enc_value(v):
    """Flattens arrays row-major; vlen elements become nested lists."""
    if isinstance(v, h5py.Empty):
        return {'$empty': True}
    if isinstance(v, np.ndarray):
        if v.dtype.kind == 'V' and not v.dtype.names:
            return {'$raw': v.tobytes().hex()}
        return [enc_elem(x) for x in v.reshape(-1)] if v.dtype.kind != 'O' or True else None
    return enc_scalar(v)


def enc_elem(x):
    if isinstance(x, np.ndarray):
        return enc_value(x)
    return enc_scalar(x)


def describe_dtype(dt):
    """h5py's view of a dtype as plain JSON (class, size, order, charset, members, ...)."""
    order = 'big' if dt.byteorder == '>' else 'little'
    st = h5py.check_string_dtype(dt)
    if st is not None:
        return {'class': 'string', 'charset': st.encoding, 'length': st.length}
    vl = h5py.check_vlen_dtype(dt)
    if vl is not None:
        return {'class': 'vlen', 'base': describe_dtype(np.dtype(vl))}
    if h5py.check_ref_dtype(dt) is not None:
        return {'class': 'reference'}
    if dt.kind == 'b':
        return {'class': 'bool'}
    en = h5py.check_enum_dtype(dt)
    if en is not None:
        return {'class': 'enum', 'members': {k: int(v) for k, v in en.items()}, 'base': describe_dtype(np.dtype(dt.str))}
    if dt.subdtype is not None:
        base, shape = dt.subdtype
        return {'class': 'array', 'dims': list(shape), 'base': describe_dtype(base)}
    if dt.names:
        if dt.hasobject:  # vlen members are pointers in memory: sizes and offsets are h5py's, not the file's
            return {'class': 'compound', 'members': [{'name': n, 'dtype': describe_dtype(dt.fields[n][0])} for n in dt.names]}
        return {'class': 'compound', 'size': dt.itemsize,
                'members': [{'name': n, 'offset': dt.fields[n][1], 'dtype': describe_dtype(dt.fields[n][0])} for n in dt.names]}
    if dt.kind in 'iu':
        return {'class': 'integer', 'signed': dt.kind == 'i', 'size': dt.itemsize, 'order': order if dt.itemsize > 1 else 'little'}
    if dt.kind == 'f':
        return {'class': 'float', 'size': dt.itemsize, 'order': order}
    if dt.kind == 'c':
        return {'class': 'complex', 'size': dt.itemsize, 'order': order}
    if dt.kind == 'V':
        return {'class': 'opaque', 'size': dt.itemsize}
    return {'class': 'unknown', 'str': str(dt)}


def dump_attrs(obj):
    out = []
    for name in obj.attrs.keys():
        try:
            a = obj.attrs.get_id(name)
            shape = None if a.shape is None else list(a.shape)
            v = obj.attrs[name]
            out.append({'name': name, 'shape': shape, 'dtype': describe_dtype(a.dtype), 'value': enc_value(v)})
        except Exception as e:  # noqa: BLE001 - report, do not stop
            out.append({'name': name, 'error': f'{type(e).__name__}: {e}'})
    return out


def dump_file(path):
    entries = []
    seen = set()
    with h5py.File(path, 'r') as f:
        def walk(group, gpath):
            keys = list(group.keys())
            entries.append({'path': gpath, 'kind': 'group', 'keys': keys, 'attrs': dump_attrs(group)})
            for k in keys:
                p = (gpath.rstrip('/') + '/' + k)
                link = group.get(k, getlink=True)
                if isinstance(link, h5py.SoftLink):
                    entries.append({'path': p, 'kind': 'soft', 'target': link.path})
                    continue
                if isinstance(link, h5py.ExternalLink):
                    entries.append({'path': p, 'kind': 'external', 'file': link.filename, 'target': link.path})
                    continue
                try:
                    obj = group[k]
                except Exception as e:  # noqa: BLE001
                    entries.append({'path': p, 'kind': 'error', 'error': f'{type(e).__name__}: {e}'})
                    continue
                addr = h5py.h5o.get_info(obj.id).token if hasattr(h5py.h5o.get_info(obj.id), 'token') else h5py.h5o.get_info(obj.id).addr
                if addr in seen:
                    entries.append({'path': p, 'kind': 'hardlink-seen'})
                    continue
                seen.add(addr)
                if isinstance(obj, h5py.Group):
                    walk(obj, p)
                elif isinstance(obj, h5py.Dataset):
                    e = {'path': p, 'kind': 'dataset', 'shape': None if obj.shape is None else list(obj.shape),
                         'dtype': describe_dtype(obj.dtype), 'attrs': dump_attrs(obj)}
                    try:
                        e['value'] = enc_value(obj[()])
                    except Exception as ex:  # noqa: BLE001
                        e['error'] = f'{type(ex).__name__}: {ex}'
                    entries.append(e)
                else:
                    entries.append({'path': p, 'kind': 'datatype', 'dtype': describe_dtype(obj.dtype),
                                    'attrs': dump_attrs(obj)})
        root_addr = h5py.h5o.get_info(f['/'].id)
        seen.add(getattr(root_addr, 'token', None) or root_addr.addr)
        walk(f['/'], '/')
        order = []
        f.visit(order.append)
        entries.append({'kind': 'visit', 'order': order})
    return entries


def main():
    args = sys.argv[1:]
    if args == ['-'] or not args:
        args = json.load(sys.stdin)
    result = {}
    for p in args:
        try:
            result[p] = dump_file(p)
        except Exception as e:  # noqa: BLE001
            result[p] = {'error': f'{type(e).__name__}: {e}'}
    json.dump(result, sys.stdout, allow_nan=False)


if __name__ == '__main__':
    main()
