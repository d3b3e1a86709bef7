import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/index.js';
import { Tensor } from '../../src/index.js';
import { EDGE_DIMS, expectF32, moderateFloat32, nonScalarShapeArb, randomTensor, sizeOf } from './ref.js';

const dim = fc.constantFrom(...EDGE_DIMS);

describe('row-vector broadcasts (Dense bias and its gradient)', () => {
  const caseArb = fc.tuple(nonScalarShapeArb, fc.nat()).map(([shape, seed]) => ({ a: randomTensor(shape, seed), v: randomTensor([shape.at(-1)!], seed + 1) }));

  it('addRowVector and mulRowVector match a reference on any rank ≥ 1, also in place', () => {
    fc.assert(fc.property(caseArb, fc.boolean(), ({ a, v }, inPlace) => {
      const n = v.size;
      const x = Float64Array.from(a.data);
      const wantAdd = x.map((val, i) => val + v.data[i % n]!);
      const wantMul = x.map((val, i) => val * v.data[i % n]!);
      const b = a.clone();
      expectF32((inPlace ? T.addRowVector(b, v, b) : T.addRowVector(a, v)).data, wantAdd, 0, 'addRowVector');
      const c = a.clone();
      expectF32((inPlace ? T.mulRowVector(c, v, c) : T.mulRowVector(a, v)).data, wantMul, 0, 'mulRowVector');
    }), { numRuns: 200 });
  });

  it('sumColumns and sumRows match float64 sums', () => {
    fc.assert(fc.property(caseArb, ({ a }) => {
      const n = a.shape.at(-1)!;
      const rows = n === 0 ? sizeOf(a.shape.slice(0, -1)) : a.size / n;
      const cols = new Float64Array(n), rs = new Float64Array(rows);
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) { cols[j] += a.data[r * n + j]!; rs[r] += a.data[r * n + j]!; }
      const sc = T.sumColumns(a);
      expect(sc.shape).toEqual([n]);
      expectF32(sc.data, cols, 0, 'sumColumns');
      const sr = T.sumRows(a);
      expect(sr.shape).toEqual(a.shape.slice(0, -1));
      expectF32(sr.data, rs, 0, 'sumRows');
    }), { numRuns: 200 });
  });

  it('sumColumns writes into out', () => {
    const out = T.zeros([2]);
    expect(T.sumColumns(T.tensor([[1, 2], [3, 4], [5, 6]]), out)).toBe(out);
    expect(out.toArray()).toEqual([9, 12]);
  });
});

describe('transpose', () => {
  it('matches index swapping on edge-case shapes', () => {
    fc.assert(fc.property(dim, dim, fc.nat(), (m, n, seed) => {
      const a = randomTensor([m, n], seed);
      const t = T.transpose(a);
      expect(t.shape).toEqual([n, m]);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(t.data[j * m + i]).toBe(a.data[i * n + j]);
    }), { numRuns: 100 });
    const big = randomTensor([70, 45], 3);
    expect(T.transpose(T.transpose(big)).data).toEqual(big.data);
  });
});

describe('sliceRows, gatherRows and concat', () => {
  it('sliceRows copies the range', () => {
    fc.assert(fc.property(nonScalarShapeArb, fc.nat(), fc.nat(), fc.nat(), (shape, seed, p, q) => {
      const a = randomTensor(shape, seed);
      const rows = shape[0]!;
      const start = rows === 0 ? 0 : p % (rows + 1), end = start + (rows === 0 ? 0 : q % (rows - start + 1));
      const s = T.sliceRows(a, start, end);
      const row = sizeOf(shape.slice(1));
      expect(s.shape).toEqual([end - start, ...shape.slice(1)]);
      expect(Array.from(s.data)).toEqual(Array.from(a.data.subarray(start * row, end * row)));
      // A copy, not a view: writing to it leaves a alone.
      const before = a.data.slice();
      s.data.fill(9);
      expect(a.data).toEqual(before);
    }), { numRuns: 200 });
    expect(T.sliceRows(T.tensor([[1], [2], [3]]), 1).toArray()).toEqual([[2], [3]]);
  });

  it('gatherRows picks rows in order, with repeats', () => {
    fc.assert(fc.property(nonScalarShapeArb.filter((s) => s[0]! > 0), fc.nat(), fc.array(fc.nat(), { maxLength: 40 }), (shape, seed, picks) => {
      const a = randomTensor(shape, seed);
      const idx = Int32Array.from(picks.map((p) => p % shape[0]!));
      const g = T.gatherRows(a, idx);
      const row = sizeOf(shape.slice(1));
      expect(g.shape).toEqual([idx.length, ...shape.slice(1)]);
      for (let i = 0; i < idx.length; i++) {
        expect(Array.from(g.data.subarray(i * row, (i + 1) * row))).toEqual(Array.from(a.data.subarray(idx[i]! * row, (idx[i]! + 1) * row)));
      }
    }), { numRuns: 200 });
    const out = T.zeros([2, 1]);
    expect(T.gatherRows(T.tensor([[1], [2], [3]]), [2, 0], out)).toBe(out);
    expect(out.toArray()).toEqual([[3], [1]]);
  });

  it('concat joins along any axis, and slicing the result gives the parts back', () => {
    const arb = fc.tuple(fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 4 }))
      .chain(([shape, axisSeed, sizes]) => {
        const axis = axisSeed % shape.length;
        const parts = sizes.map((s) => { const sh: number[] = shape.slice(); sh[axis] = s; return sh; });
        return fc.tuple(fc.constant(axis), fc.tuple(...parts.map((sh) => fc.array(moderateFloat32, { minLength: sizeOf(sh), maxLength: sizeOf(sh) }).map((d) => new Tensor(Float32Array.from(d), sh)))));
      });
    fc.assert(fc.property(arb, fc.boolean(), ([axis, parts], negative) => {
      const rank = parts[0]!.rank;
      const c = T.concat(parts, negative ? axis - rank : axis);
      let offset = 0;
      for (const p of parts) {
        // Compare element by element through coordinates.
        for (let i = 0; i < p.size; i++) {
          let rem = i;
          const coords: number[] = new Array(rank);
          for (let d = rank - 1; d >= 0; d--) { coords[d] = rem % p.shape[d]!; rem = Math.floor(rem / p.shape[d]!); }
          coords[axis] += offset;
          let idx = 0;
          for (let d = 0; d < rank; d++) idx = idx * c.shape[d]! + coords[d]!;
          expect(c.data[idx]).toBe(p.data[i]);
        }
        offset += p.shape[axis]!;
      }
      expect(c.shape[axis]).toBe(offset);
    }), { numRuns: 200 });
  });
});

describe('row helpers refuse bad arguments', () => {
  const a = T.zeros([3, 2]);
  const cases: [string, () => unknown, code: string, op: string, arg: string][] = [
    ['addRowVector v', () => T.addRowVector(a, T.zeros([3])), 'SHAPE_MISMATCH', 'addRowVector', 'v'],
    ['addRowVector scalar', () => T.addRowVector(T.tensor(1), T.zeros([1])), 'SHAPE_RANK', 'addRowVector', 'a'],
    ['mulRowVector out', () => T.mulRowVector(a, T.zeros([2]), T.zeros([2, 3])), 'SHAPE_MISMATCH', 'mulRowVector', 'out'],
    ['sumColumns out', () => T.sumColumns(a, T.zeros([3])), 'SHAPE_MISMATCH', 'sumColumns', 'out'],
    ['sumRows scalar', () => T.sumRows(T.tensor(2)), 'SHAPE_RANK', 'sumRows', 'a'],
    ['transpose rank', () => T.transpose(T.zeros([2, 2, 2])), 'SHAPE_RANK', 'transpose', 'a'],
    ['sliceRows range', () => T.sliceRows(a, 2, 4), 'SHAPE_INDEX', 'sliceRows', 'start, end'],
    ['sliceRows reversed', () => T.sliceRows(a, 2, 1), 'SHAPE_INDEX', 'sliceRows', 'start, end'],
    ['gatherRows index', () => T.gatherRows(a, [0, 3]), 'SHAPE_INDEX', 'gatherRows', 'indices'],
    ['gatherRows fraction', () => T.gatherRows(a, [0.5]), 'SHAPE_INDEX', 'gatherRows', 'indices'],
    ['gatherRows negative', () => T.gatherRows(a, [-1]), 'SHAPE_INDEX', 'gatherRows', 'indices'],
    ['concat empty', () => T.concat([]), 'SHAPE_INVALID', 'concat', 'tensors'],
    ['concat mismatch', () => T.concat([a, T.zeros([3, 3])]), 'SHAPE_MISMATCH', 'concat', 'tensors[1]'],
    ['concat rank', () => T.concat([a, T.zeros([6])]), 'SHAPE_RANK', 'concat', 'tensors[1]'],
    ['concat axis', () => T.concat([a, a], 2), 'SHAPE_AXIS', 'concat', 'axis'],
  ];
  it.each(cases)('%s', (_name, call, code, op, arg) => {
    try {
      call();
      expect.fail('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(T.ShapeError);
      expect((e as T.ShapeError).code).toBe(code);
      expect((e as T.ShapeError).op).toBe(op);
      expect((e as T.ShapeError).arg).toBe(arg);
    }
  });
});
