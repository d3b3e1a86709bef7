"""Oracle commands for the Keras-format tests (test/keras). JSON on stdin,
JSON on stdout; one process per test file.

Run: .venv/bin/python scripts/gen_keras_oracle.py COMMAND < input.json
  (KERAS_BACKEND=jax is set by the tests)

Commands:
  attrs     {"files": [...]} -> per file: root attrs keras_version, backend,
            model_config, training_config (strings) and whether the file has
            model_weights / optimizer_weights; string storage per attribute.
  functional {} -> to_json() of Keras 3 functional models: a chain, a branch,
            a merge, a shared layer, two inputs.
  forward   {"files": [...], "inputs": {file: {shape, values}}} -> an
            independent numpy forward pass over the h5py-read weights and the
            model_config (Dense / Activation / Dropout / Flatten / Reshape /
            InputLayer, Keras 1/2/3 config spellings), for files Keras 3
            cannot load.
  keras_predict {"files": [...], "inputs": ...} -> keras.models.load_model
            (compile=False) predictions, for files Keras 3 can load.
  layer_weights {"file": ..., "group": "" | "model_weights"} -> every
            layer's weights as h5py reads them (name, shape, values);
            {"files": [...]} -> the same per file.
  check_ours {"cases": [...]} -> how real Keras 3 reads files this library
            wrote: load_model with and without compile, model_from_json,
            load_weights (legacy .h5, also by_name; Keras 3 .weights.h5),
            predictions of each, and the trajectory of Keras continuing
            training from our file (compiled from its training_config, the
            optimizer built over the model's variables and set from
            optimizer_weights, since Keras 3.15's own compile=True path
            builds it over no variables).
  optimizer_weights {"file": ...} -> optimizer_weights in stored order
            (name, shape, values) as h5py reads them; {"files": [...]} -> per file.
  split_attrs {"file": ..., "names": [...]} -> how Keras reads the split
            `layer_names` of our file (load_attributes_from_hdf5_group), and
            the attribute names and lengths Keras's own
            save_attributes_to_hdf5_group writes for the same list.
  storage   {"files": [...]} -> per file, every attribute of the Keras
            layout (root, model_weights, layer groups, optimizer_weights) with
            its storage kind: vlen-ascii, vlen-utf8, fixed-ascii, float64, …
  batch     {"commands": [[name, input], ...]} -> the list of their results
            (one process, so Keras is imported once per test file).
  yaml_read {"cases": [{"name", "yaml", "legacy_weights", "x_predict"}]} ->
            PyYAML's FullLoader reading of our to_yaml text (what Keras
            2.2-2.5's model_from_yaml did), safe_load's verdict, and Keras 3's
            legacy model_from_config of it with our weights: predictions.
  yaml_write {"configs": {name: json}} -> yaml.dump of each Keras 2 style
            config with shapes as tuples, in PyYAML's block style and in its
            pre-5.1 default flow style.
  json_dumps {"values": [...]} -> json.dumps of each value (Python's default
            separators and ensure_ascii), where {"$f": x} stands for the float
            x and {"$i": n} for the int n (JSON on stdin cannot say which).
  structure {"files": [...]} -> per file, the Keras layout as h5py sees it:
            every attribute of the root, model_weights, its layer groups and
            optimizer_weights with its storage kind; model_config and
            training_config as parsed (key order kept), raw, and as
            json.dumps writes the parsed document again; layer_names,
            weight_names, every dataset (path, dtype, shape, layout, filters,
            fill value); optimizer weight names in stored order with dtype and
            shape; whether top_level_model_weights exists.
  keras2_check {"cases": [{"name", "h5", "x_predict"}]} -> how real Keras 3
            loads a tf.keras 2-style file: load_model without and with
            compile (predictions, compiled, optimizer class and config,
            its iteration count after loading, the warnings it logs).
"""
import json
import sys
import os
import warnings

warnings.filterwarnings('ignore')

import numpy as np  # noqa: E402


def _s(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        return v.decode('utf8')
    return str(v)


def cmd_attrs(inp):
    import h5py
    out = {}
    for path in inp['files']:
        with h5py.File(path, 'r') as f:
            d = {k: _s(f.attrs.get(k)) for k in ('keras_version', 'backend', 'model_config', 'training_config')}
            d['has_model_weights'] = 'model_weights' in f
            d['has_optimizer_weights'] = 'optimizer_weights' in f
            g = f['model_weights'] if 'model_weights' in f else f
            names = [_s(n) for n in g.attrs['layer_names']] if 'layer_names' in g.attrs else []
            d['layer_names'] = names
            d['weight_names'] = {n: [_s(w) for w in g[n].attrs['weight_names']] for n in names if n in g}
            if 'optimizer_weights' in f:
                d['optimizer_weight_names'] = [_s(w) for w in f['optimizer_weights'].attrs['weight_names']]
            out[path] = d
    return out


def cmd_functional(inp):
    import keras
    from keras import layers
    res = {}
    x = keras.Input((4,), name='in')
    h = layers.Dense(3, activation='relu', name='d1')(x)
    h = layers.Dropout(0.1, name='drop')(h)
    y = layers.Dense(2, name='d2')(h)
    res['chain'] = keras.Model(x, y, name='chain').to_json()
    x = keras.Input((4,), name='in')
    a = layers.Dense(3, name='a')(x)
    b = layers.Dense(3, name='b')(x)
    res['branch'] = keras.Model(x, [a, b], name='branch').to_json()
    x = keras.Input((4,), name='in')
    a = layers.Dense(3, name='a')(x)
    b = layers.Dense(3, name='b')(x)
    res['merge'] = keras.Model(x, layers.Add(name='add')([a, b]), name='merge').to_json()
    x = keras.Input((4,), name='in')
    shared = layers.Dense(4, name='shared')
    res['shared'] = keras.Model(x, shared(shared(x)), name='shared_model').to_json()
    x1 = keras.Input((4,), name='in1')
    x2 = keras.Input((4,), name='in2')
    res['two_inputs'] = keras.Model([x1, x2], layers.Concatenate(name='cat')([x1, x2]), name='two').to_json()
    return res


ACT = {
    'linear': lambda x: x,
    'relu': lambda x: np.maximum(x, 0),
    'tanh': np.tanh,
    'sigmoid': lambda x: 1 / (1 + np.exp(-x)),
    'hard_sigmoid_keras2': lambda x: np.clip(0.2 * x + 0.5, 0, 1),
    'elu': lambda x: np.where(x > 0, x, np.exp(x) - 1),
    'softplus': lambda x: np.log1p(np.exp(x)),
    'softsign': lambda x: x / (1 + np.abs(x)),
}


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def activate(name, x, era):
    if name == 'softmax':
        return softmax(x)
    if name == 'hard_sigmoid' and era < 3:
        name = 'hard_sigmoid_keras2'
    return ACT[name](x)


def cmd_forward(inp):
    import h5py
    out = {}
    for path in inp['files']:
        with h5py.File(path, 'r') as f:
            version = _s(f.attrs.get('keras_version')) or '1'
            era = int(version.split('.')[0])
            cfg = json.loads(_s(f.attrs['model_config']))
            g = f['model_weights']
            conf = cfg['config']
            layer_list = conf if isinstance(conf, list) else conf['layers']

            def weights(name):
                lg = g[name]
                return [np.asarray(lg[_s(w)], dtype=np.float64) for w in lg.attrs['weight_names']]
            x = np.asarray(inp['inputs'][path]['values'], dtype=np.float64).reshape(inp['inputs'][path]['shape'])
            for layer in layer_list:
                c = layer['config']
                cls = layer['class_name']
                if cls == 'InputLayer':
                    continue
                if cls == 'Dense':
                    ws = weights(c['name'])
                    x = x @ ws[0]
                    if len(ws) > 1:
                        x = x + ws[1]
                    x = activate(c.get('activation', 'linear'), x, era)
                elif cls == 'Activation':
                    x = activate(c['activation'], x, era)
                elif cls == 'Dropout':
                    pass
                elif cls == 'Flatten':
                    x = x.reshape(x.shape[0], -1)
                elif cls == 'Reshape':
                    x = x.reshape((x.shape[0],) + tuple(c['target_shape']))
                else:
                    raise ValueError(f'{path}: no numpy forward for {cls}')
            out[path] = {'shape': list(x.shape), 'values': [float(v) for v in x.reshape(-1)]}
    return out


def cmd_keras_predict(inp):
    import keras
    out = {}
    for path in inp['files']:
        m = keras.models.load_model(path, compile=False)
        x = np.asarray(inp['inputs'][path]['values'], dtype=np.float32).reshape(inp['inputs'][path]['shape'])
        y = np.asarray(m.predict(x, verbose=0), dtype=np.float64)
        out[path] = {'shape': list(y.shape), 'values': [float(v) for v in y.reshape(-1)]}
    return out


def cmd_layer_weights(inp):
    if 'files' in inp:
        return {p: cmd_layer_weights({'file': p, 'group': inp.get('group')}) for p in inp['files']}
    import h5py
    out = {}
    with h5py.File(inp['file'], 'r') as f:
        g = f[inp['group']] if inp.get('group') else f
        for name in [_s(n) for n in g.attrs['layer_names']]:
            lg = g[name]
            out[name] = [{'name': _s(w), 'shape': list(lg[_s(w)].shape),
                          'values': [float(v) for v in np.asarray(lg[_s(w)], dtype=np.float64).reshape(-1)]}
                         for w in lg.attrs['weight_names']]
    return out


def _arr(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'values': [float(v) for v in a.reshape(-1)]}


def _np(d, dtype='float32'):
    return np.asarray(d['values'], dtype=dtype).reshape(d['shape'])


def cmd_check_ours(inp):
    import keras
    import h5py
    from keras.src.legacy.saving import legacy_h5_format, saving_utils, json_utils
    out = {}
    for c in inp['cases']:
        r = {}
        xp = _np(c['x_predict'])
        m = keras.models.load_model(c['h5'], compile=False)
        r['nocompile_predict'] = _arr(m.predict(xp, verbose=0))
        r['nocompile_compiled'] = bool(getattr(m, 'compiled', False))
        try:
            m2 = keras.models.load_model(c['h5'])
            r['compile_predict'] = _arr(m2.predict(xp, verbose=0))
            r['compile_compiled'] = bool(m2.compiled)
            r['compile_optimizer'] = type(m2.optimizer).__name__ if m2.compiled else None
            r['compile_loss'] = str(m2.loss)
        except Exception as e:
            r['compile_error'] = f'{type(e).__name__}: {e}'[:300]
        m3 = keras.models.model_from_json(open(c['json']).read())
        r['json_class'] = type(m3).__name__
        r['json_layers'] = [l.name for l in m3.layers]
        m3.load_weights(c['legacy_weights'])
        r['legacy_weights_predict'] = _arr(m3.predict(xp, verbose=0))
        m4 = keras.models.model_from_json(open(c.get('json_by_name') or c['json']).read())
        m4.load_weights(c['legacy_weights'], by_name=True)
        r['by_name_weights'] = {l.name: [_arr(v.numpy()) for v in l.weights] for l in m4.layers}
        m5 = keras.models.model_from_json(open(c['json']).read())
        m5.load_weights(c['keras3_weights'])
        r['keras3_weights_predict'] = _arr(m5.predict(xp, verbose=0))
        if c.get('steps'):
            x = _np(c['x'])
            y = _np(c['y'])
            mt = keras.models.load_model(c['h5'], compile=False)
            with h5py.File(c['h5'], 'r') as f:
                tc = f.attrs['training_config']
                tc = json_utils.decode(tc.decode('utf8') if hasattr(tc, 'decode') else tc)
                mt.compile(**saving_utils.compile_args_from_training_config(tc))
                mt.optimizer.build(mt.trainable_variables)
                values = legacy_h5_format.load_optimizer_weights_from_hdf5_group(f)
                mt.optimizer.set_weights([np.asarray(v) for v in values])
            r['optimizer_variables_loaded'] = [{'path': v.path, **_arr(v.numpy())} for v in mt.optimizer.variables]
            losses = []
            for _ in range(c['steps']):
                lr = mt.train_on_batch(x, y)
                losses.append([float(v) for v in (lr if isinstance(lr, (list, tuple)) else [lr])])
            r['continued_losses'] = losses
            r['continued_weights'] = [_arr(v.numpy()) for v in mt.weights]
        out[c['name']] = r
    return out


TUPLE_KEYS = ('batch_input_shape', 'target_shape', 'noise_shape', 'build_input_shape')


def _tuples(v, key=None):
    if isinstance(v, dict):
        return {k: _tuples(x, k) for k, x in v.items()}
    if isinstance(v, list):
        items = [_tuples(x) for x in v]
        return tuple(items) if key in TUPLE_KEYS else items
    return v


def _lists(v):
    if isinstance(v, dict):
        return {k: _lists(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_lists(x) for x in v]
    return v


def cmd_optimizer_weights(inp):
    if 'files' in inp:
        return {p: cmd_optimizer_weights({'file': p}) for p in inp['files']}
    import h5py
    with h5py.File(inp['file'], 'r') as f:
        g = f['optimizer_weights']
        return [{'name': _s(n), 'shape': list(g[_s(n)].shape),
                 'values': [float(v) for v in np.asarray(g[_s(n)], dtype=np.float64).reshape(-1)]}
                for n in g.attrs['weight_names']]


def cmd_split_attrs(inp):
    import h5py
    import tempfile
    from keras.src.legacy.saving import legacy_h5_format
    out = {}
    with h5py.File(inp['file'], 'r') as f:
        out['keras_reads'] = legacy_h5_format.load_attributes_from_hdf5_group(f, 'layer_names')
        out['ours'] = {k: len(f.attrs[k]) for k in f.attrs if k.startswith('layer_names')}
    with tempfile.TemporaryDirectory() as d:
        with h5py.File(os.path.join(d, 'k.h5'), 'w') as f:
            legacy_h5_format.save_attributes_to_hdf5_group(f, 'layer_names', [n.encode('utf8') for n in inp['names']])
            out['keras_writes'] = {k: len(f.attrs[k]) for k in f.attrs}
    return out


def _storage(attr_id):
    t = attr_id.get_type()
    if isinstance(t, h5py.h5t.TypeStringID):
        cs = 'utf8' if t.get_cset() == h5py.h5t.CSET_UTF8 else 'ascii'
        return ('vlen-' if t.is_variable_str() else 'fixed-') + cs
    return str(attr_id.dtype)


def cmd_storage(inp):
    global h5py
    import h5py
    out = {}
    for path in inp['files']:
        kinds = {}
        with h5py.File(path, 'r') as f:
            def note(obj, where):
                for name in obj.attrs:
                    kind = _storage(h5py.h5a.open(obj.id, name.encode()))
                    if where.endswith('<layer>') and kind == 'float64':
                        continue  # an empty name list, which Keras stores as float64
                    kinds[f'{where}@{name}'] = kind
            note(f, '')
            for top in ('model_weights', 'optimizer_weights'):
                if top in f:
                    note(f[top], top)
                    for k in f[top]:
                        if isinstance(f[top][k], h5py.Group) and 'weight_names' in f[top][k].attrs:
                            note(f[top][k], f'{top}/<layer>')
        out[path] = kinds
    return out


def _untag(v):
    if isinstance(v, dict):
        if set(v) == {'$f'}:
            return float(v['$f'])
        if set(v) == {'$i'}:
            return int(v['$i'])
        return {k: _untag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_untag(x) for x in v]
    return v


def cmd_json_dumps(inp):
    return [json.dumps(_untag(v)) for v in inp['values']]


def cmd_structure(inp):
    global h5py
    import h5py
    out = {}
    for path in inp['files']:
        r = {'attrs': {}, 'datasets': {}, 'optimizer_weights': None}
        with h5py.File(path, 'r') as f:
            def note(obj, where):
                for name in obj.attrs:
                    kind = _storage(h5py.h5a.open(obj.id, name.encode()))
                    v = obj.attrs[name]
                    if isinstance(v, bytes):
                        v = v.decode('utf8')
                    elif isinstance(v, np.ndarray):
                        v = [_s(x) if isinstance(x, (bytes, str)) else float(x) for x in v.reshape(-1)]
                    r['attrs'][f'{where}@{name}'] = {'kind': kind, 'value': v if not isinstance(v, np.generic) else v.item()}
            note(f, '')
            for k in ('model_config', 'training_config'):
                if k in f.attrs:
                    raw = f.attrs[k]
                    raw = raw.decode('utf8') if isinstance(raw, bytes) else raw
                    r[k + '_raw'] = raw
                    r[k] = json.loads(raw)
                    r[k + '_redumped'] = json.dumps(r[k])
            def visit(name, obj):
                if isinstance(obj, h5py.Group):
                    note(obj, name)
                else:
                    dcpl = obj.id.get_create_plist()
                    layout = {h5py.h5d.CONTIGUOUS: 'contiguous', h5py.h5d.CHUNKED: 'chunked', h5py.h5d.COMPACT: 'compact'}.get(dcpl.get_layout(), '?')
                    r['datasets'][name] = {'dtype': str(obj.dtype), 'shape': list(obj.shape), 'layout': layout,
                                           'filters': dcpl.get_nfilters(), 'fillvalue': float(obj.fillvalue) if obj.dtype.kind in 'fiu' else None}
                    note(obj, name)
            f.visititems(visit)
            r['top_level_model_weights'] = 'model_weights' in f and 'top_level_model_weights' in f['model_weights']
            if 'optimizer_weights' in f:
                g = f['optimizer_weights']
                r['optimizer_weights'] = [{'name': _s(n), 'dtype': str(g[_s(n)].dtype), 'shape': list(g[_s(n)].shape)}
                                          for n in g.attrs['weight_names']]
        out[path] = r
    return out


def cmd_keras2_check(inp):
    import keras
    import logging
    out = {}

    class Grab(logging.Handler):
        def __init__(self):
            super().__init__()
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    for c in inp['cases']:
        r = {}
        xp = _np(c['x_predict'])
        grab = Grab()
        logging.getLogger('absl').addHandler(grab)
        try:
            m = keras.models.load_model(c['h5'], compile=False)
            r['nocompile_predict'] = _arr(m.predict(xp, verbose=0))
            r['layers'] = [[type(l).__name__, l.name] for l in m.layers]
            try:
                m2 = keras.models.load_model(c['h5'])
                r['compile_predict'] = _arr(m2.predict(xp, verbose=0))
                r['compile_compiled'] = bool(m2.compiled)
                if not m2.compiled:
                    raise StopIteration
                r['optimizer'] = type(m2.optimizer).__name__
                oc = m2.optimizer.get_config()
                r['optimizer_config'] = {k: (v if isinstance(v, (int, float, str, bool, type(None))) else str(v)) for k, v in oc.items()}
                r['loss'] = str(m2.loss)
                r['iterations'] = int(m2.optimizer.iterations.numpy())
            except StopIteration:
                pass
            except Exception as e:
                r['compile_error'] = f'{type(e).__name__}: {e}'[:300]
        finally:
            logging.getLogger('absl').removeHandler(grab)
        r['log'] = grab.messages
        out[c['name']] = r
    return out


def cmd_batch(inp):
    return [globals()['cmd_' + name](arg) for name, arg in inp['commands']]


def cmd_yaml_read(inp):
    import yaml
    import keras
    from keras.src.legacy.saving import saving_utils, saving_options
    out = {}
    for c in inp['cases']:
        r = {}
        d = yaml.load(c['yaml'], Loader=yaml.FullLoader)
        r['full_load'] = _lists(d)
        r['tuple_keys'] = sorted({k for k in _walk_keys(d) if k[1]})
        try:
            yaml.safe_load(c['yaml'])
            r['safe_load'] = 'ok'
        except Exception as e:
            r['safe_load'] = type(e).__name__
        try:
            with saving_options.keras_option_scope(use_legacy_config=True):
                m = saving_utils.model_from_config(d)
            m.load_weights(c['legacy_weights'])
            r['keras_predict'] = _arr(m.predict(_np(c['x_predict']), verbose=0))
        except Exception as e:
            r['keras_error'] = f'{type(e).__name__}: {e}'[:300]
        out[c['name']] = r
    return out


def _walk_keys(v, key=None):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _walk_keys(x, k)
    elif isinstance(v, (list, tuple)):
        yield (key, isinstance(v, tuple))
        for x in v:
            yield from _walk_keys(x, key)


def cmd_yaml_write(inp):
    import yaml
    out = {}
    for name, text in inp['configs'].items():
        d = _tuples(json.loads(text))
        out[name] = {'block': yaml.dump(d, default_flow_style=False), 'flow_leaves': yaml.dump(d, default_flow_style=None)}
    return out


if __name__ == '__main__':
    os.environ.setdefault('KERAS_BACKEND', 'jax')
    command = sys.argv[1]
    data = sys.stdin.read()
    inp = json.loads(data) if data.strip() else {}
    result = globals()['cmd_' + command](inp)
    json.dump(result, sys.stdout)
