#!/usr/bin/env python3
"""Small HDF5 files for the reader's unit tests, written by h5py.

Run: .venv/bin/python scripts/h5py_make_fixtures.py   (writes test/fixtures/hdf5/*.h5)
Each file is tiny; together they stay far below the 2 MB fixture budget.
"""
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'hdf5')


def links(path, libver):
    with h5py.File(path, 'w', libver=libver) as f:
        g = f.create_group('a/b')
        g.create_dataset('data', data=np.arange(6, dtype='<f4').reshape(2, 3))
        f['soft'] = h5py.SoftLink('/a/b/data')
        f['soft_to_soft'] = h5py.SoftLink('/soft')
        f['relative'] = h5py.SoftLink('a/b')
        f['dangling'] = h5py.SoftLink('/nowhere')
        f['loop1'] = h5py.SoftLink('/loop2')
        f['loop2'] = h5py.SoftLink('/loop1')
        f['ext'] = h5py.ExternalLink('other.h5', '/x/y')
        g['up'] = f['a']  # a hard link back to an ancestor: a cycle
        f['a'].attrs['note'] = 'cycle'


def misc(path):
    with h5py.File(path, 'w') as f:
        f.create_dataset('scalar_f8', data=np.float64(2.5))
        f.create_dataset('scalar_str', data='hello', dtype=h5py.string_dtype('utf-8'))
        f.create_dataset('empty', shape=(0, 3), dtype='<i4')
        f.create_dataset('null', data=h5py.Empty('f4'))
        f.attrs['null_attr'] = h5py.Empty('f4')
        f.attrs['i64'] = np.int64(-(2**62))
        f.attrs['strings'] = np.array([b'ab', b'cde'], dtype='S3')
        f.attrs['vstrings'] = np.array(['x', 'yz'], dtype=h5py.string_dtype('utf-8'))
        f.create_dataset('aligned', data=np.arange(8, dtype='<f4'))
        f.create_dataset('big_endian', data=np.arange(8, dtype='>f4'))
        f.create_dataset('lzf', data=np.repeat(np.array([1, 2], dtype='<i4'), 50), chunks=(50,), compression='lzf')
        f.create_dataset('fletcher', data=np.arange(1000, 1100, dtype='<i4'), chunks=(100,), fletcher32=True)
        f.create_dataset('filled', shape=(4, 4), dtype='<f4', chunks=(2, 2), fillvalue=7.5)
        f['filled'][0:2, 0:2] = 1.0


def main():
    os.makedirs(OUT, exist_ok=True)
    links(os.path.join(OUT, 'links-earliest.h5'), 'earliest')
    links(os.path.join(OUT, 'links-latest.h5'), 'latest')
    misc(os.path.join(OUT, 'misc.h5'))


if __name__ == '__main__':
    main()
