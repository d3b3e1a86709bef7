/**
 * Tensor's method forms: each equals the functional op of the same name
 * (bit for bit, including NaN positions, on random shapes and values), and
 * the import cycle they create (tensor.ts ↔ the op modules) evaluates in
 * every order: in a fresh Node process on native ES modules, each module of
 * src/tensor is imported first, then the methods are used.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as T from '../../src/tensor/index.js';
import { Tensor } from '../../src/tensor/index.js';
import { repoRoot } from '../helpers/oracles.js';
import { nonScalarShapeArb, randomTensor } from './ref.js';

function same(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
}

/** Values with zeros and negatives, so log/sqrt/div produce NaN and ±Infinity too. */
function withSpecials(shape: readonly number[], seed: number): Tensor {
  const t = randomTensor(shape, seed, 3);
  for (let i = 0; i < t.size; i += 7) t.data[i] = 0;
  return t;
}

describe('Tensor methods equal the functional ops', () => {
  it('binary ops with a tensor or a number', () => {
    fc.assert(fc.property(nonScalarShapeArb, fc.nat(), fc.double({ min: -4, max: 4, noNaN: true }), (shape, seed, s) => {
      const a = withSpecials(shape, seed), b = withSpecials(shape, seed + 1);
      same(a.add(b), T.add(a, b));
      same(a.sub(b), T.sub(a, b));
      same(a.mul(b), T.mul(a, b));
      same(a.div(b), T.div(a, b));
      same(a.pow(b), T.pow(a, b));
      same(a.maximum(b), T.maximum(a, b));
      same(a.minimum(b), T.minimum(a, b));
      same(a.add(s), T.addScalar(a, s));
      same(a.sub(s), T.subScalar(a, s));
      same(a.mul(s), T.mulScalar(a, s));
      same(a.div(s), T.divScalar(a, s));
      same(a.pow(s), T.powScalar(a, s));
      same(a.addScalar(s), T.addScalar(a, s));
      same(a.mulScalar(s), T.mulScalar(a, s));
    }), { numRuns: 60 });
  });

  it('unary ops and clip', () => {
    fc.assert(fc.property(nonScalarShapeArb, fc.nat(), (shape, seed) => {
      const a = withSpecials(shape, seed);
      same(a.neg(), T.neg(a));
      same(a.abs(), T.abs(a));
      same(a.exp(), T.exp(a));
      same(a.log(), T.log(a));
      same(a.sqrt(), T.sqrt(a));
      same(a.square(), T.square(a));
      same(a.tanh(), T.tanh(a));
      same(a.sigmoid(), T.sigmoid(a));
      same(a.relu(), T.relu(a));
      same(a.clip(-0.5, 1.5), T.clip(a, -0.5, 1.5));
    }), { numRuns: 60 });
  });

  it('reductions over every axis and over all, with keepDims; argmax and softmax along every axis', () => {
    fc.assert(fc.property(nonScalarShapeArb, fc.nat(), (shape, seed) => {
      const a = randomTensor(shape, seed);
      for (const axis of [undefined, ...shape.map((_, i) => i), -1]) {
        for (const keep of [false, true]) {
          same(a.sum(axis, keep), T.sum(a, axis, keep));
          same(a.mean(axis, keep), T.mean(a, axis, keep));
          same(a.max(axis, keep), T.max(a, axis, keep));
          same(a.min(axis, keep), T.min(a, axis, keep));
        }
        if (axis !== undefined && shape[axis < 0 ? shape.length + axis : axis]! > 0) same(a.argmax(axis), T.argmax(a, axis));
        if (axis !== undefined) same(a.softmax(axis), T.softmax(a, axis));
      }
      if (shape[shape.length - 1]! > 0) same(a.argmax(), T.argmax(a));
      same(a.softmax(), T.softmax(a));
    }), { numRuns: 60 });
  });

  it('matmul (every transpose) and transpose', () => {
    for (const [m, k, n] of [[1, 5, 3], [4, 4, 4], [7, 2, 9], [3, 17, 20]] as const) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = randomTensor(ta ? [k, m] : [m, k], m + k);
          const b = randomTensor(tb ? [n, k] : [k, n], n + k);
          const opts = { transposeA: ta, transposeB: tb };
          same(a.matmul(b, opts), T.matmul(a, b, opts));
        }
      }
      const x = randomTensor([m, k], 1);
      same(x.transpose(), T.transpose(x));
      same(x.matmul(randomTensor([k, n], 2)), T.matmul(x, randomTensor([k, n], 2)));
    }
  });

  it('chains, with hand-checked values', () => {
    const x = T.tensor([[1, 2], [3, 4]]);
    // ((x + 1)·xᵀ) = [[2,3],[4,5]]·[[1,3],[2,4]] = [[8, 18], [14, 32]]
    expect(x.add(1).matmul(x, { transposeB: true }).toArray()).toEqual([[8, 18], [14, 32]]);
    expect(x.mul(2).sub(x).div(x).sum().toArray()).toBe(4);
    expect(x.neg().abs().square().sqrt().mean(1).toArray()).toEqual([1.5, 3.5]);
    expect(x.transpose().argmax(1).toArray()).toEqual([1, 1]);
    expect(x.clip(2, 3).max(0).toArray()).toEqual([3, 3]);
    expect(x.softmax().sum(1).toArray()).toEqual([1, 1]);
  });

  it('methods refuse bad arguments as the functions do', () => {
    const x = T.tensor([[1, 2], [3, 4]]);
    expect(() => x.add(T.tensor([1, 2]))).toThrow(T.ShapeError);
    expect(() => x.add('1' as never)).toThrow(T.ShapeError);
    expect(() => x.matmul(T.tensor([1, 2]))).toThrow(expect.objectContaining({ code: 'SHAPE_RANK' }));
    expect(() => x.sum(2)).toThrow(expect.objectContaining({ code: 'SHAPE_AXIS' }));
  });
});

describe('the tensor ↔ op-module import cycle', () => {
  const out = mkdtempSync(join(tmpdir(), 'purekeras-cycle-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const srcDir = resolve(repoRoot, 'src');
  const modules = readdirSync(join(srcDir, 'tensor')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));

  it('every src/tensor module can be the first one loaded (native ES modules, fresh process each)', () => {
    // Transpile file by file (no bundling), so Node evaluates the real module graph.
    buildSync({
      entryPoints: [join(srcDir, 'errors.ts'), ...modules.map((m) => join(srcDir, 'tensor', `${m}.ts`))],
      outdir: out, outbase: srcDir, format: 'esm', bundle: false, logLevel: 'silent',
    });
    expect(modules).toContain('tensor');
    expect(modules).toContain('index');
    for (const first of modules) {
      const script = `
        await import(${JSON.stringify(join(out, 'tensor', `${first}.js`))});
        const T = await import(${JSON.stringify(join(out, 'tensor', 'index.js'))});
        const t = new T.Tensor(Float32Array.of(1, 2, 3, 4), [2, 2]);
        console.log(JSON.stringify(t.add(1).matmul(t).sum(0).toArray()));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.stderr, `${first}.ts first`).toBe('');
      // [[2, 3], [4, 5]]·[[1, 2], [3, 4]] = [[11, 16], [19, 28]]; column sums [30, 44].
      expect(r.stdout.trim(), `${first}.ts first`).toBe('[30,44]');
    }
  }, 60_000);
});
