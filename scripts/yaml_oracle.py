"""PyYAML as the oracle for the YAML codec tests (src/yaml).

Run by the tests through runPython (test/helpers/oracles.ts), one process per
test file:

    .venv/bin/python scripts/yaml_oracle.py < ops.json > results.json

stdin:  {"ops": [op, ...]}   stdout: {"results": [result, ...]}, one per op.

Ops (all with PyYAML's pure-Python classes, as Keras used them):
  {"op": "load", "text": s}        yaml.load(s, Loader=yaml.SafeLoader)
  {"op": "load_all", "text": s}    list(yaml.load_all(s, Loader=yaml.SafeLoader))
  {"op": "full_load", "text": s}   yaml.load(s, Loader=yaml.FullLoader)  (reads !!python/tuple)
  {"op": "dump", "value": v, "options": {...}}
                                   yaml.dump(v, Dumper=yaml.Dumper, **options)
  {"op": "repr", "value": v}       repr() of a float (checks our Python float spelling)
  {"op": "h5_config", "path": p, "attr": "model_config"}
                                   the JSON text of an HDF5 file's root attribute (h5py)
  {"op": "keras_dump", "path": p | "text": s, "tuple_keys": [...], "options": [{...}, ...]}
                                   a Keras config (an HDF5 file's model_config, or JSON
                                   text) as Keras 2 held it in memory: json.loads, then
                                   lists under tuple_keys (and lists inside them) made
                                   tuples; answers its value and one yaml.dump per options

A load answers {"ok": true, "value": v} or {"ok": false, "error": type,
"line": l, "column": c} (1-based mark of the problem, 0 when PyYAML gives
none). A dump answers {"ok": true, "text": s}.

Values travel as JSON with tags for what JSON cannot say, so no type is lost:
  {"\\u0001float": "repr"}   a float       {"\\u0001int": "digits"}  an int beyond 2**53-1
  {"\\u0001tuple": [...]}    a tuple       {"\\u0001map": [[k, v], ...]}  a dict, in order
  {"\\u0001shared": n, "value": v} then {"\\u0001shared": n}: one object met twice
Dict keys that are not strings travel as json.dumps spells them.
"""
import json
import math
import sys

import yaml

F, I, T, M, S = '\u0001float', '\u0001int', '\u0001tuple', '\u0001map', '\u0001shared'
SAFE = (1 << 53) - 1


def key_text(k):
    if isinstance(k, str):
        return k
    if isinstance(k, bool):
        return 'true' if k else 'false'
    if k is None:
        return 'null'
    if isinstance(k, float):
        if math.isnan(k):
            return 'NaN'
        if math.isinf(k):
            return 'Infinity' if k > 0 else '-Infinity'
        return repr(k)
    if isinstance(k, int):
        return str(k)
    raise TypeError('unsupported key type %s' % type(k).__name__)


def encode(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -SAFE <= v <= SAFE else {I: str(v)}
    if isinstance(v, float):
        return {F: repr(v)}
    if isinstance(v, tuple):
        return {T: [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {M: [[key_text(k), encode(x)] for k, x in v.items()]}
    raise TypeError('cannot encode %s' % type(v).__name__)


def decode(v, shared=None):
    if shared is None:
        shared = {}
    if isinstance(v, list):
        return [decode(x, shared) for x in v]
    if isinstance(v, dict):
        if S in v:  # a value met more than once: the same Python object each time
            if 'value' in v:
                shared[v[S]] = decode(v['value'], shared)
            return shared[v[S]]
        if F in v:
            return float(v[F])
        if I in v:
            return int(v[I])
        if T in v:
            return tuple(decode(x, shared) for x in v[T])
        if M in v:
            return {k: decode(x, shared) for k, x in v[M]}
        raise ValueError('untagged object in oracle input')
    return v


def tuplify(v, tuple_keys, inside=False):
    """Lists under a key in tuple_keys, and the lists inside them, become tuples."""
    if isinstance(v, dict):
        return {k: tuplify(x, tuple_keys, k in tuple_keys) for k, x in v.items()}
    if isinstance(v, list):
        items = [tuplify(x, tuple_keys, inside) for x in v]
        return tuple(items) if inside else items
    return v


def read_attr(path, attr):
    import h5py
    with h5py.File(path, 'r') as f:
        raw = f.attrs[attr]
    return raw.decode('utf-8') if isinstance(raw, bytes) else str(raw)


def failure(e):
    mark = getattr(e, 'problem_mark', None) or getattr(e, 'context_mark', None)
    return {
        'ok': False,
        'error': type(e).__name__,
        'message': str(e)[:500],
        'line': mark.line + 1 if mark is not None else 0,
        'column': mark.column + 1 if mark is not None else 0,
    }


def run(op):
    kind = op['op']
    try:
        if kind == 'load':
            return {'ok': True, 'value': encode(yaml.load(op['text'], Loader=yaml.SafeLoader))}
        if kind == 'load_all':
            return {'ok': True, 'value': [encode(d) for d in yaml.load_all(op['text'], Loader=yaml.SafeLoader)]}
        if kind == 'full_load':
            return {'ok': True, 'value': encode(yaml.load(op['text'], Loader=yaml.FullLoader))}
        if kind == 'dump':
            options = dict(op.get('options', {}))
            if options.get('width') == 'inf':
                options['width'] = float('inf')
            return {'ok': True, 'text': yaml.dump(decode(op['value']), Dumper=yaml.Dumper, **options)}
        if kind == 'repr':
            return {'ok': True, 'text': repr(float(op['value']))}
        if kind == 'h5_config':
            return {'ok': True, 'text': read_attr(op['path'], op['attr'])}
        if kind == 'keras_dump':
            text = read_attr(op['path'], 'model_config') if 'path' in op else op['text']
            config = tuplify(json.loads(text), set(op.get('tuple_keys', [])))
            texts = [yaml.dump(config, Dumper=yaml.Dumper, **o) for o in op['options']]
            return {'ok': True, 'value': encode(config), 'texts': texts}
    except Exception as e:  # an oracle answer, not a crash: the test compares it
        return failure(e)
    raise ValueError('unknown op %r' % kind)


def main():
    ops = json.load(sys.stdin)['ops']
    json.dump({'results': [run(op) for op in ops]}, sys.stdout)


if __name__ == '__main__':
    main()
