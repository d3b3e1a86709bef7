import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lion, Nadam, RMSprop, SGD, Tensor, Variable,
  getOptimizer, serializeOptimizer, type Optimizer,
} from '../../src/index.js';

const f32 = Math.fround;
const small = fc.float({ min: f32(-4), max: f32(4), noNaN: true, noDefaultInfinity: true });
const rate = fc.float({ min: f32(1e-4), max: f32(0.5), noNaN: true });
const unit = fc.float({ min: f32(0.05), max: f32(0.999), noNaN: true });

/** A random optimizer of any class with random options, as a factory (fresh instances). */
const anyOptimizer: fc.Arbitrary<{ label: string; make: () => Optimizer }> = fc.oneof(
  fc.record({ lr: rate, m: unit, n: fc.boolean() }).map(({ lr, m, n }) => ({ label: 'SGD', make: () => new SGD({ learningRate: lr, momentum: m, nesterov: n }) })),
  fc.record({ lr: rate, b1: unit, b2: unit, a: fc.boolean() }).map(({ lr, b1, b2, a }) => ({ label: 'Adam', make: () => new Adam({ learningRate: lr, beta1: b1, beta2: b2, amsgrad: a }) })),
  fc.record({ lr: rate, wd: unit }).map(({ lr, wd }) => ({ label: 'AdamW', make: () => new AdamW({ learningRate: lr, weightDecay: wd }) })),
  fc.record({ lr: rate, rho: unit, m: fc.constantFrom(0, 0.5), c: fc.boolean() }).map(({ lr, rho, m, c }) => ({ label: 'RMSprop', make: () => new RMSprop({ learningRate: lr, rho, momentum: m, centered: c }) })),
  fc.record({ lr: rate, init: unit }).map(({ lr, init }) => ({ label: 'Adagrad', make: () => new Adagrad({ learningRate: lr, initialAccumulatorValue: init }) })),
  fc.record({ lr: rate, rho: unit }).map(({ lr, rho }) => ({ label: 'Adadelta', make: () => new Adadelta({ learningRate: lr, rho }) })),
  fc.record({ lr: rate, b1: unit }).map(({ lr, b1 }) => ({ label: 'Adamax', make: () => new Adamax({ learningRate: lr, beta1: b1 }) })),
  fc.record({ lr: rate, b1: unit, acc: fc.constantFrom(null, 2, 3) }).map(({ lr, b1, acc }) => ({ label: 'Nadam', make: () => new Nadam({ learningRate: lr, beta1: b1, gradientAccumulationSteps: acc }) })),
  fc.record({ lr: rate, b1: unit, ema: fc.boolean() }).map(({ lr, b1, ema }) => ({ label: ema ? 'Lion+EMA' : 'Lion', make: () => new Lion({ learningRate: lr, beta1: b1, useEma: ema, emaOverwriteFrequency: ema ? 2 : null }) })),
  fc.record({ lr: rate, l1: fc.constantFrom(0, 0.01), p: fc.constantFrom(-0.5, -0.3) }).map(({ lr, l1, p }) => ({ label: 'Ftrl', make: () => new Ftrl({ learningRate: lr, l1RegularizationStrength: l1, learningRatePower: p }) })),
);

const SHAPES = [[3], [2, 2], [1]];

function makeVariables(values: number[][]): Variable[] {
  return SHAPES.map((shape, i) => new Variable(new Tensor(Float32Array.from(values[i]!), shape), `w${i}`, { path: `model/w${i}` }));
}

const valuesArb = fc.tuple(...SHAPES.map((s) => fc.array(small, { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) })));
const gradsArb = (steps: number) => fc.array(valuesArb, { minLength: steps, maxLength: steps });
const toGrads = (g: number[][]) => SHAPES.map((shape, i) => new Tensor(Float32Array.from(g[i]!), shape));
const snapshot = (vars: Variable[]) => vars.map((v) => Array.from(v.value.data));

describe('optimizer properties', () => {
  it('resuming from getWeights/setWeights continues bit-identically', () => {
    fc.assert(fc.property(anyOptimizer, valuesArb, gradsArb(6), fc.integer({ min: 1, max: 5 }), ({ make }, init, grads, cut) => {
      const a = make();
      const va = makeVariables(init);
      for (let s = 0; s < cut; s++) a.applyGradients(toGrads(grads[s]!), va);
      const saved = a.getWeights();
      const b = make();
      const vb = makeVariables(snapshot(va));
      b.build(vb);
      b.setWeights(saved);
      for (let s = cut; s < grads.length; s++) {
        a.applyGradients(toGrads(grads[s]!), va);
        b.applyGradients(toGrads(grads[s]!), vb);
      }
      expect(snapshot(vb)).toEqual(snapshot(va));
      expect(b.getWeights().map((t) => Array.from(t.data))).toEqual(a.getWeights().map((t) => Array.from(t.data)));
    }), { numRuns: 150 });
  });

  it('zero gradients leave the weights unchanged (but Ftrl solves for w, AdamW decays, an EMA overwrite rounds)', () => {
    fc.assert(fc.property(anyOptimizer.filter((o) => !['Ftrl', 'AdamW', 'Lion+EMA'].includes(o.label)), valuesArb, ({ make }, init) => {
      const o = make();
      const vars = makeVariables(init);
      const zero = SHAPES.map((s) => new Tensor(new Float32Array(s.reduce((a, b) => a * b, 1)), s));
      for (let s = 0; s < 3; s++) o.applyGradients(zero, vars);
      // -0 + 0 is +0 in IEEE arithmetic (and in Keras): compare zeros without their sign.
      expect(snapshot(vars).map((x) => x.map((y) => y + 0))).toEqual(init.map((x) => x.map((y) => f32(y) + 0)));
    }), { numRuns: 100 });
  });

  it('plain SGD is w - lr * g in float32, exactly', () => {
    fc.assert(fc.property(rate, valuesArb, valuesArb, (lr, init, g) => {
      const vars = makeVariables(init);
      new SGD({ learningRate: lr }).applyGradients(toGrads(g), vars);
      const lr32 = f32(lr);
      expect(snapshot(vars)).toEqual(init.map((w, i) => w.map((x, j) => f32(f32(x) - f32(f32(g[i]![j]!) * lr32)))));
    }), { numRuns: 100 });
  });

  it('clipping bounds the step: clipnorm per tensor, global_clipnorm overall, clipvalue per element', () => {
    const c = fc.float({ min: f32(0.01), max: f32(3), noNaN: true });
    fc.assert(fc.property(c, valuesArb, valuesArb, (clip, init, g) => {
      const norm = (d: number[]) => Math.sqrt(d.reduce((s, x) => s + x * x, 0));
      const deltas = (o: SGD) => {
        const vars = makeVariables(init);
        const before = snapshot(vars);
        o.applyGradients(toGrads(g.map((x) => x.map((y) => y * 10))), vars);
        return snapshot(vars).map((w, i) => w.map((x, j) => x - before[i]![j]!));
      };
      const slack = 1 + 1e-5;
      const tiny = 1e-6 * 10; // float32 rounding of w itself (|w| <= 4)
      for (const d of deltas(new SGD({ learningRate: 1, clipnorm: clip }))) expect(norm(d)).toBeLessThanOrEqual(clip * slack + tiny);
      expect(norm(deltas(new SGD({ learningRate: 1, globalClipnorm: clip })).flat())).toBeLessThanOrEqual(clip * slack + tiny);
      for (const x of deltas(new SGD({ learningRate: 1, clipvalue: clip })).flat()) expect(Math.abs(x)).toBeLessThanOrEqual(clip * slack + tiny);
    }), { numRuns: 100 });
  });

  it('a power-of-two loss scale divides out exactly', () => {
    fc.assert(fc.property(fc.constantFrom(2, 128, 1024), valuesArb, gradsArb(3), (scale, init, grads) => {
      const plain = makeVariables(init);
      const scaled = makeVariables(init);
      const a = new Adam({ learningRate: 0.01 });
      const b = new Adam({ learningRate: 0.01, lossScaleFactor: scale });
      for (const g of grads) {
        a.applyGradients(toGrads(g), plain);
        b.applyGradients(toGrads(g.map((x) => x.map((y) => y * scale))), scaled);
      }
      expect(snapshot(scaled)).toEqual(snapshot(plain));
    }), { numRuns: 50 });
  });

  it('config round trip: getOptimizer(serializeOptimizer(o)) has the same config', () => {
    fc.assert(fc.property(anyOptimizer, ({ make }) => {
      const o = make();
      const again = getOptimizer(JSON.parse(JSON.stringify(serializeOptimizer(o))));
      expect(again.getConfig()).toEqual(o.getConfig());
      expect(again.className).toBe(o.className);
    }), { numRuns: 100 });
  });
});
