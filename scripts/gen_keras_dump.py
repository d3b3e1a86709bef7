"""Dump the Keras-relevant structure of .h5 files (a study tool, not a fixture
generator): root attributes with their string storage, model_config /
training_config, layer_names / weight_names, every dataset path with shape and
dtype, optimizer_weights names in order.

Run: .venv/bin/python scripts/gen_keras_dump.py FILE.h5 [FILE.h5 ...] [--values]
"""
import json
import sys

import h5py
import numpy as np


def storage(attr_id):
    t = attr_id.get_type()
    if isinstance(t, h5py.h5t.TypeStringID):
        cs = 'utf8' if t.get_cset() == h5py.h5t.CSET_UTF8 else 'ascii'
        if t.is_variable_str():
            return f'vlen-{cs}'
        return f'fixed-{cs}[{t.get_size()}]'
    return str(attr_id.dtype)


def show_attrs(obj, indent, skip_json=False):
    for name in obj.attrs:
        aid = h5py.h5a.open(obj.id, name.encode())
        shape = aid.shape
        val = obj.attrs[name]
        if isinstance(val, bytes):
            val = val.decode()
        if isinstance(val, np.ndarray) and val.dtype.kind in 'SOU':
            val = [v.decode() if isinstance(v, bytes) else v for v in val.tolist()]
        if isinstance(val, str) and val.startswith('{') and not skip_json:
            try:
                val = json.loads(val)
                val = json.dumps(val, indent=1)
            except Exception:
                pass
        print(f'{indent}@{name} <{storage(aid)} shape={shape}> = {val}')


def main():
    values = '--values' in sys.argv
    for path in [a for a in sys.argv[1:] if not a.startswith('--')]:
        print('=' * 80)
        print(path)
        with h5py.File(path, 'r') as f:
            show_attrs(f, '')

            def visit(name, obj):
                depth = name.count('/') + 1
                ind = '  ' * depth
                if isinstance(obj, h5py.Group):
                    print(f'{ind}{name}/')
                    show_attrs(obj, ind + '  ')
                else:
                    v = ''
                    if values:
                        v = ' = ' + np.array2string(obj[()], threshold=8, precision=6)
                    print(f'{ind}{name} {obj.shape} {obj.dtype}{v}')
                    show_attrs(obj, ind + '  ')
            f.visititems(visit)


if __name__ == '__main__':
    main()
