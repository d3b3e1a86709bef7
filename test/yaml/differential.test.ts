/**
 * Differential fuzzing against PyYAML: small YAML documents covering the
 * supported constructs, each mutated by up to three random edits (a
 * character inserted, replaced or deleted), are read by PyYAML's SafeLoader
 * (one batched process) and by parseAllYaml. Wherever PyYAML reads a text,
 * we must read the same value; wherever it refuses, we may read or refuse,
 * but only ever with a YamlError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/oracles.js';
import { YamlError, parseAllYaml } from '../../src/yaml/index.js';
import { OracleBatch, difference, fromOracle } from './helpers.js';

/** Seed documents: every supported construct appears in at least one. */
const BASE = [
  'a: 1\nb:\n  - x\n  - y: 2\n    z: [1, 2, {q: r}]\nc: "s\\tt"\nd: |\n  lit\n  eral\ne: >-\n  fold\n  ed\n',
  '- !!python/tuple [null, 1]\n- &a {k: v}\n- *a\n- ? complex\n  : key\n',
  "x: 'it''s'\ny: plain text\n  continued\nz: ~\nw: [a, b]\n",
  'k1: {a: 1, b: [2, 3]}\nk2:\n- - 1\n  - 2\n- 3\n',
  '%YAML 1.1\n---\n# c\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: !!str 2\n...\n--- [x]\n',
  'a: "multi\n  line \\\n  cont"\nb: \'fold\n\n  ed\'\nc: |+2\n    keep\n\nd: >\n  x\n\n    y\n  z\n',
  '- {a: [1, {b: c}], "q": \'r\'}\n- [? k : v, x: y]\n- !!map {n: !!null ""}\n',
  'config:\n  layers:\n  - class_name: Dense\n    config: {name: d, units: 1, activation: linear}\n  name: s\nkeras_version: 2.2.4\n',
];
const EDIT_CHARS = [' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '?', '&', '*', '!', '|', '>', 'a', '1', '\t', '%', '@'];

/** A seed document with one to three edits: insert a character, or replace / delete one. */
const mutated = fc.tuple(
  fc.nat(BASE.length - 1),
  fc.array(fc.tuple(fc.nat(200), fc.oneof(fc.constantFrom(...EDIT_CHARS), fc.constant('')), fc.boolean()), { minLength: 1, maxLength: 3 }),
).map(([which, edits]) => {
  let s = BASE[which]!;
  for (const [at, ch, replace] of edits) {
    const i = at % (s.length + 1);
    s = s.slice(0, i) + ch + s.slice(replace ? i + 1 : i);
  }
  return s;
});

describe.skipIf(!oracle.python)('mutated documents', () => {
  const texts = fc.sample(mutated, { seed: Number(process.env.YAML_FUZZ_SEED ?? 20240607), numRuns: 2500 });
  const oracleResults = new OracleBatch().add(texts.map((text) => ({ op: 'load_all' as const, text })));

  it('read as PyYAML reads them wherever PyYAML reads them, and refused only with YamlError', () => {
    const results = oracleResults();
    const problems: string[] = [];
    texts.forEach((text, i) => {
      let ours: unknown;
      let error: unknown = null;
      try {
        ours = parseAllYaml(text);
      } catch (e) {
        error = e;
      }
      if (error !== null && !(error instanceof YamlError)) problems.push(`threw ${String(error)} for ${JSON.stringify(text)}`);
      const r = results[i]!;
      if (!r.ok) return;
      if (error !== null) {
        problems.push(`refused what PyYAML reads: ${JSON.stringify(text)}: ${(error as Error).message.split('\n')[0]}`);
      } else {
        const d = difference(ours, fromOracle(r.value));
        if (d !== null) problems.push(`read differently: ${JSON.stringify(text)}: ${d}`);
      }
    });
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(500); // the edits leave plenty that PyYAML reads
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
