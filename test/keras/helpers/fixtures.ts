/** Loading the Keras 3 fixtures written by scripts/gen_keras_fixtures.py. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, Variable } from '../../../src/tensor/index.js';
import { repoRoot } from '../../helpers/oracles.js';

export interface FixtureArray { path?: string; shape: number[]; dtype: string; values: number[] }
export interface KerasFixture {
  name: string;
  keras_version: string;
  x: FixtureArray;
  y: FixtureArray;
  x_predict: FixtureArray;
  train_losses: number[][];
  predictions: FixtureArray;
  weights: FixtureArray[];
  optimizer_variables: FixtureArray[];
  to_json: string;
  compile_config?: Record<string, unknown>;
  keras_reload: string;
  continued?: {
    steps: number;
    losses: number[][];
    weights: FixtureArray[];
    optimizer_variables: FixtureArray[];
    predictions: FixtureArray;
  };
}

export const fixtureDir = join(repoRoot, 'test', 'fixtures', 'keras');

export function fixture(name: string): KerasFixture {
  return JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8')) as KerasFixture;
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixtureDir, file)));
}

export function toTensor(a: FixtureArray): Tensor {
  return new Tensor(Float32Array.from(a.values), a.shape);
}

/** A minimal layer for weight-file tests that do not need src/nn. */
export class FakeLayer {
  readonly weights: Variable[];
  constructor(readonly className: string, readonly name: string, shapes: number[][], prefix = 'sequential') {
    this.weights = shapes.map((s, i) => new Variable(new Tensor(new Float32Array(s.reduce((a, b) => a * b, 1)).fill(-1), s),
      i === 0 ? 'kernel' : 'bias', { path: `${prefix}/${name}/${i === 0 ? 'kernel' : 'bias'}` }));
  }
  get trainableWeights(): Variable[] { return this.weights; }
  get nonTrainableWeights(): Variable[] { return []; }
}

export class FakeModel {
  optimizer = null;
  constructor(readonly name: string, readonly layers: FakeLayer[]) {}
}

/** Float32 equality of a variable with a fixture array (exact). */
export function valuesOf(v: Variable): number[] {
  return Array.from(v.value.data);
}

/** Asserts `got` equals `want` within relative `rtol` (absolute `atol` near zero). */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-6): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length} != ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(`${what}[${i}]: got ${g}, want ${w} (|diff| ${Math.abs(g - w)})`);
    }
  }
}

/** A loss result of trainOnBatch as a list. */
export function asList(r: unknown): number[] {
  return Array.isArray(r) ? (r as number[]) : [r as number];
}

/**
 * A value computed on first use. Oracle calls go through it, because vitest
 * runs the body of a skipped `describe` to collect its tests: the oracle must
 * only be reached from inside tests.
 */
export function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) { value = make(); done = true; }
    return value;
  };
}

/** Time allowed for one batched oracle process (Keras import and work on a loaded CI machine). */
export const ORACLE_TIMEOUT = 600_000;
