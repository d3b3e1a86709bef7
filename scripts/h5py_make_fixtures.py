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
        # Storage a reader of bytes cannot reach: external raw data files and a virtual dataset.
        f.create_dataset('external', shape=(10,), dtype='<i4', external=[('misc-external.bin', 0, 40)])
        layout = h5py.VirtualLayout(shape=(4,), dtype='<i4')
        layout[:] = h5py.VirtualSource('other.h5', 'data', shape=(4,))
        f.create_virtual_dataset('virtual', layout, fillvalue=-1)


def sohm(path):
    """Shared object header messages in the file's shared-message heap.

    h5py does not expose the SOHM settings, so call libhdf5 (the copy h5py
    ships) through ctypes on h5py's file-creation property list.
    """
    import ctypes
    import glob
    libs = glob.glob(os.path.join(os.path.dirname(h5py.__file__), '..', 'h5py.libs', 'libhdf5-*'))
    lib = ctypes.CDLL(libs[0]) if libs else ctypes.CDLL('libhdf5.so')
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    assert lib.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(1)) >= 0
    # All message types (0xff) of 8 bytes or more go to the shared heap.
    assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(0xff), ctypes.c_uint(8)) >= 0
    fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
    with h5py.File(fid) as f:
        dt = np.dtype([('a', '<f8'), ('b', '<i4'), ('c', 'S10')])
        for i in range(4):
            d = f.create_dataset(f'd{i}', shape=(3, 4), dtype=dt)
            v = np.zeros((3, 4), dtype=dt)
            v['a'] = np.arange(12).reshape(3, 4) * (i + 1)
            v['b'] = i
            v['c'] = b'shared'
            d[...] = v
            d.attrs.create('shared_attr', np.arange(12).reshape(3, 4), dtype='<f8')
            d.attrs['s'] = 'x' * 20


def _libhdf5():
    import ctypes
    import glob
    libs = glob.glob(os.path.join(os.path.dirname(h5py.__file__), '..', 'h5py.libs', 'libhdf5-*'))
    return ctypes.CDLL(libs[0]) if libs else ctypes.CDLL('libhdf5.so')


def small_offsets(path):
    """Superblock version 1: 4-byte offsets and lengths, non-default K values."""
    import ctypes
    lib = _libhdf5()
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_sizes(4, 4)
    assert lib.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(8)) >= 0
    assert lib.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(2), ctypes.c_uint(2)) >= 0
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_libver_bounds(h5py.h5f.LIBVER_EARLIEST, h5py.h5f.LIBVER_LATEST)
    fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
    with h5py.File(fid) as f:
        for i in range(12):  # more entries than one symbol table node holds (2K = 4)
            f.create_dataset(f'w{i:02d}', data=np.arange(i + 1, dtype='<f4'))
        f.create_dataset('chunked', data=np.arange(300, dtype='<i2').reshape(30, 10), chunks=(4, 3), compression='gzip')
        f.attrs['vlen'] = 'variable-length with 4-byte offsets'


def indexes(path):
    """Chunk indexes at depth: paged extensible array, deep v2 B-tree, dense heap with huge objects."""
    with h5py.File(path, 'w', libver='latest') as f:
        ea = f.create_dataset('ea_paged', shape=(3000,), maxshape=(None,), chunks=(1,), dtype='i1')
        ea[...] = (np.arange(3000) % 251 - 125).astype('i1')
        ea.resize((3100,))  # chunks past the old end stay unallocated (fill value)
        bt = f.create_dataset('btree_deep', shape=(50, 50), maxshape=(None, None), chunks=(1, 1), dtype='i1')
        bt[:40, :] = (np.arange(2000).reshape(40, 50) % 100).astype('i1')
        g = f.create_group('dense_attrs')
        for i in range(20):
            g.attrs[f'a{i:02d}'] = np.arange(i, dtype='<i4')
        g.attrs['huge'] = np.arange(30000, dtype='<f8')  # larger than a managed heap object
        # Edge chunks stored unfiltered (H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS, set through libhdf5).
        import ctypes
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((4, 4))
        dcpl.set_deflate(6)
        assert _libhdf5().H5Pset_chunk_opts(ctypes.c_int64(dcpl.id), ctypes.c_uint(2)) >= 0
        pe = f.create_dataset('partial_edges_unfiltered', shape=(10, 7), dtype='<i4', dcpl=dcpl)
        pe[...] = np.arange(70, dtype='<i4').reshape(10, 7)


def native_complex(path):
    """HDF5 2.0's complex datatype class (11), written through libhdf5: h5py still writes {r, i} compounds."""
    import ctypes
    lib = _libhdf5()
    lib.H5open()
    i64 = ctypes.c_int64
    for fn in ('H5Fcreate', 'H5Screate_simple', 'H5Dcreate2'):
        getattr(lib, fn).restype = i64
    lib.H5Fcreate.argtypes = [ctypes.c_char_p, ctypes.c_uint, i64, i64]
    lib.H5Screate_simple.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_uint64)]
    lib.H5Dcreate2.argtypes = [i64, ctypes.c_char_p, i64, i64, i64, i64, i64]
    lib.H5Dwrite.argtypes = [i64, i64, i64, i64, i64, ctypes.c_void_p]
    fid = lib.H5Fcreate(path.encode(), 2, 0, 0)  # H5F_ACC_TRUNC, default property lists
    assert fid >= 0
    dims = (ctypes.c_uint64 * 1)(3)
    sid = lib.H5Screate_simple(1, dims, None)
    for name, tname, native, dt in (('c64_le', 'H5T_COMPLEX_IEEE_F32LE_g', 'H5T_NATIVE_FLOAT_COMPLEX_g', '<c8'),
                                    ('c128_be', 'H5T_COMPLEX_IEEE_F64BE_g', 'H5T_NATIVE_DOUBLE_COMPLEX_g', '<c16')):
        ftype = i64.in_dll(lib, tname).value
        mtype = i64.in_dll(lib, native).value
        did = lib.H5Dcreate2(fid, name.encode(), ftype, sid, 0, 0, 0)
        assert did >= 0
        data = np.array([1 + 2j, -3.5 + 0.25j, 0 - 1j], dtype=dt)
        assert lib.H5Dwrite(did, mtype, 0, 0, 0, data.ctypes.data) >= 0
        lib.H5Dclose(i64(did))
    lib.H5Sclose(i64(sid))
    lib.H5Fclose(i64(fid))


def userblock(path):
    """A 1 KiB user block before a version 0 superblock: every address is relative to it."""
    with h5py.File(path, 'w', userblock_size=1024, libver='earliest') as f:
        f.create_dataset('x', data=np.arange(5, dtype='<i8'))
        f.attrs['s'] = 'hello'
        f.create_group('g/h').attrs['deep'] = 1.5


def main():
    os.makedirs(OUT, exist_ok=True)
    links(os.path.join(OUT, 'links-earliest.h5'), 'earliest')
    links(os.path.join(OUT, 'links-latest.h5'), 'latest')
    misc(os.path.join(OUT, 'misc.h5'))
    sohm(os.path.join(OUT, 'sohm.h5'))
    small_offsets(os.path.join(OUT, 'small-offsets.h5'))
    indexes(os.path.join(OUT, 'indexes.h5'))
    native_complex(os.path.join(OUT, 'complex.h5'))
    userblock(os.path.join(OUT, 'userblock-v0.h5'))


if __name__ == '__main__':
    main()
