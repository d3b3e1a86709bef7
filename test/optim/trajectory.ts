/**
 * Replays optimizer trajectories recorded from real Keras 3 by
 * scripts/gen_optimizer_fixtures.py (committed in
 * test/fixtures/optim/trajectories.json, or produced live).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import {
  Tensor, Variable, getOptimizer, resetOptimizerNames, serializeOptimizer,
  type Optimizer, type OptimizerConfig,
} from '../../src/index.js';
import { repoRoot } from '../helpers/oracles.js';

export interface VariableSpec { path: string; name: string; shape: number[] }
export interface StepRecord {
  variables: number[][];
  optimizer_variables: number[][];
  learning_rate: number;
  iterations: number;
}
export interface CaseRecord {
  id: string;
  class_name: string;
  note: string | null;
  input: OptimizerConfig | null;
  grad_scale: number;
  optimizer_variables: { name: string; path: string; shape: number[]; dtype: string }[];
  config_before: Record<string, unknown>;
  config: Record<string, unknown>;
  serialized: Record<string, unknown>;
  serialized_json: string;
  legacy_json: string;
  steps: StepRecord[];
}
export interface ScheduleRecord { id: string; serialized: Record<string, unknown>; values: number[] }
export interface TrajectoryFile {
  keras_version: string;
  variables?: VariableSpec[];
  initial: number[][];
  grads: number[][][];
  cases: CaseRecord[];
  schedules: ScheduleRecord[];
}

/** The three model variables every case uses. */
export const VARIABLES: VariableSpec[] = [
  { path: 'sequential/dense/kernel', name: 'kernel', shape: [3, 4] },
  { path: 'sequential/dense/bias', name: 'bias', shape: [1] },
  { path: 'sequential/dense_1/kernel', name: 'kernel', shape: [6] },
];

export function loadTrajectories(): TrajectoryFile {
  const path = resolve(repoRoot, 'test/fixtures/optim/trajectories.json');
  return JSON.parse(readFileSync(path, 'utf8')) as TrajectoryFile;
}

/**
 * Relative 1e-6, absolute `floor` (default 1e-7) near zero; returns the
 * worst error as a multiple of the tolerance (<= 1 passes).
 */
export function closeness(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-7): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.fround(expected[i]!);
    const a = actual[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const tol = Math.max(floor, 1e-6 * Math.abs(e));
    const r = Math.abs(a - e) / tol;
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
  }
  return worst;
}

/** Builds the optimizer a case describes: from its legacy input, else from Keras's own config. */
export function buildOptimizer(c: CaseRecord): Optimizer {
  resetOptimizerNames();
  if (c.input) return getOptimizer(structuredClone(c.input));
  return getOptimizer({ class_name: c.class_name, config: structuredClone(c.config_before) });
}

export interface ReplayResult { optimizer: Optimizer; variables: Variable[]; worst: number; exactSteps: number }

/** Replays a case step by step, asserting every step; returns the worst closeness seen. */
export function replay(file: TrajectoryFile, c: CaseRecord): ReplayResult {
  const optimizer = buildOptimizer(c);
  const variables = VARIABLES.map((spec, i) =>
    new Variable(new Tensor(Float32Array.from(file.initial[i]!), spec.shape), spec.name, { path: spec.path }));
  const scale = Math.fround(c.grad_scale);
  let worst = 0;
  let exactSteps = 0;
  for (let s = 0; s < c.steps.length; s++) {
    const grads = VARIABLES.map((spec, i) =>
      new Tensor(Float32Array.from(file.grads[s]![i]!, (g) => Math.fround(g) * scale), spec.shape));
    optimizer.applyGradients(grads, variables);
    const rec = c.steps[s]!;
    let stepExact = true;
    for (let i = 0; i < variables.length; i++) {
      const w = closeness(variables[i]!.value.data, rec.variables[i]!);
      if (w > 0) stepExact = false;
      expect(w, `${c.id} step ${s + 1} variable ${VARIABLES[i]!.path}`).toBeLessThanOrEqual(1);
      worst = Math.max(worst, w);
    }
    const ov = optimizer.variables;
    // Ftrl's `linear` slot is a running sum z += g' - (n'^p - n^p) / lr * w whose
    // terms are far larger than the sum; Keras computes n^p with XLA's float32
    // pow, which is not correctly rounded (1 ulp off for ~0.05% of inputs,
    // measured), and the cancellation turns that ulp into an absolute error of
    // about one ulp of the largest term. So near zero its floor is 1e-7 times
    // the tensor's largest magnitude; the weights it produces keep the strict
    // tolerance.
    const floorFor = (i: number, expected: number[]): number =>
      c.class_name === 'Ftrl' && c.optimizer_variables[i]!.name.endsWith('_linear')
        ? Math.max(1e-7, 1e-7 * expected.reduce((m, x) => Math.max(m, Math.abs(x)), 0))
        : 1e-7;
    expect(ov.length, `${c.id} optimizer variable count`).toBe(rec.optimizer_variables.length);
    for (let i = 0; i < ov.length; i++) {
      const w = closeness(ov[i]!.value.data, rec.optimizer_variables[i]!, floorFor(i, rec.optimizer_variables[i]!));
      if (w > 0) stepExact = false;
      expect(w, `${c.id} step ${s + 1} optimizer variable ${c.optimizer_variables[i]!.name}`).toBeLessThanOrEqual(1);
      worst = Math.max(worst, w);
    }
    expect(closeness([optimizer.learningRate], [rec.learning_rate]), `${c.id} step ${s + 1} learning rate`).toBeLessThanOrEqual(1);
    expect(optimizer.iterations, `${c.id} step ${s + 1} iterations`).toBe(rec.iterations);
    if (stepExact) exactSteps++;
  }
  return { optimizer, variables, worst, exactSteps };
}

/** Names, paths, shapes and order of the optimizer variables, config and serialization. */
export function checkStructure(c: CaseRecord, optimizer: Optimizer): void {
  const ours = optimizer.variables.map((v) => ({ name: v.name, shape: [...v.shape] }));
  // Keras names Nadam's u_product with a session-wide counter ("variable", "variable_1", …).
  const theirs = c.optimizer_variables.map((v) => ({ name: v.name.replace(/^variable_\d+$/, 'variable'), shape: v.shape }));
  expect(ours, `${c.id} optimizer variable names`).toEqual(theirs);
  for (let i = 0; i < c.optimizer_variables.length; i++) {
    const expected = c.optimizer_variables[i]!.path;
    if (/(^|\/)variable(_\d+)?$/.test(expected)) continue;
    expect(optimizer.variables[i]!.path, `${c.id} path of ${expected}`).toBe(expected);
  }
  expect(optimizer.getConfig(), `${c.id} get_config`).toEqual(c.config);
  expect(serializeOptimizer(optimizer), `${c.id} serialize`).toEqual(c.serialized);
}
