/** Shared helpers for the nn tests: fixture loading and tolerance checks. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { Tensor } from '../../src/tensor/index.js';
import { repoRoot } from '../helpers/oracles.js';

/** Reads test/fixtures/nn/<name> (written by scripts/gen_training_fixtures.py). */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(resolve(repoRoot, 'test', 'fixtures', 'nn', name), 'utf8')) as T;
}

/** Flattens nested arrays of numbers. */
export function flat(v: unknown): number[] {
  const out: number[] = [];
  const walk = (a: unknown): void => {
    if (Array.isArray(a)) for (const x of a) walk(x);
    else out.push(a as number);
  };
  walk(v);
  return out;
}

/** Relative closeness: |a − b| ≤ rel·|b| + abs. */
export function close(a: number, b: number, rel = 1e-5, abs = 1e-6): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.abs(b) + abs;
}

/** Expects every value close to Keras's; reports the first mismatch with its index. */
export function expectClose(actual: ArrayLike<number> | number | number[], expected: unknown, what: string, rel = 1e-5, abs = 1e-6): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual as ArrayLike<number>);
  const e = typeof expected === 'number' ? [expected] : flat(expected);
  expect(a.length, `${what}: length`).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    if (!close(a[i]!, e[i]!, rel, abs)) {
      expect.fail(`${what}[${i}]: got ${a[i]}, Keras ${e[i]} (|diff| ${Math.abs(a[i]! - e[i]!)})`);
    }
  }
}

/** One case of training.json: a model trained by Keras 3 (JAX) from given weights and data. */
export interface TrainingCase {
  name: string;
  model_config: Record<string, unknown>;
  loss: unknown;
  loss_ctor: [string, Record<string, unknown>] | null;
  optimizer: unknown;
  metrics: string[] | null;
  loss_weights: number[] | null;
  x: unknown; x_shape: number[];
  y: unknown; y_shape: number[];
  initial_weights: unknown[];
  weight_paths: string[];
  steps: (number | number[])[];
  final_weights: unknown[];
  predict: unknown;
  evaluate: number | number[];
  evaluate_batch5: number | number[];
  metrics_names: string[];
}

/** A float32 tensor of `shape` from (nested) fixture values. */
export function tensorOf(v: unknown, shape: number[]): Tensor {
  return new Tensor(Float32Array.from(flat(v)), shape);
}
