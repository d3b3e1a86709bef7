/**
 * A training step on a fixed batch shape allocates no buffers after the
 * first: every typed-array creation (constructors, `slice`, `subarray`) is
 * counted while steps run and must stay at zero; and V8's sampling heap
 * profiler (objects already collected included) bounds what remains — the
 * returned number or list, and the odd boxed float where V8 declines to
 * inline, which depends on what else the process ran.
 *
 * Checked for the seed model from plain arrays (input conversion included)
 * and for a model with every engine feature (activations, Dropout in
 * training, weight and activity regularizers, metrics) under SGD with
 * momentum, and for the seed model under each of the ten optimizers.
 */
import { Session } from 'node:inspector';
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, l1, l2, Random, SGD, Sequential, Tensor } from '../../src/index.js';

interface ProfileNode { callFrame: { functionName: string }; selfSize: number; children: ProfileNode[] }

const TYPED = [Float32Array, Float64Array, Int32Array, Uint8Array, Uint32Array] as const;

/** Runs `fn` with every typed-array creation counted. */
function countTypedArrays(fn: () => void): number {
  let count = 0;
  const g = globalThis as unknown as Record<string, unknown>;
  const saved: [string, unknown, unknown, unknown][] = [];
  for (const C of TYPED) {
    const name = C.name;
    const proto = C.prototype as unknown as { slice: (...a: unknown[]) => unknown; subarray: (...a: unknown[]) => unknown };
    const { slice, subarray } = proto;
    saved.push([name, g[name], slice, subarray]);
    g[name] = new Proxy(C, { construct(target, args) { count++; return Reflect.construct(target, args); } });
    proto.slice = function (this: unknown, ...a: unknown[]) { count++; return slice.apply(this, a); };
    proto.subarray = function (this: unknown, ...a: unknown[]) { count++; return subarray.apply(this, a); };
  }
  try {
    fn();
  } finally {
    for (const [name, C, slice, subarray] of saved) {
      g[name] = C;
      const proto = (C as { prototype: Record<string, unknown> }).prototype;
      proto.slice = slice;
      proto.subarray = subarray;
    }
  }
  return count;
}

/** Bytes per step V8's sampling profiler sees allocated under trainOnBatch. */
async function sampledBytesPerStep(step: () => void, steps: number): Promise<number> {
  const s = new Session();
  s.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((res, rej) => s.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r as T))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 32, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < steps; i++) step();
  const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  s.disconnect();
  let bytes = 0;
  const walk = (n: ProfileNode, under: boolean): void => {
    const inStep = under || n.callFrame.functionName === 'trainOnBatch';
    if (inStep) bytes += n.selfSize;
    for (const c of n.children) walk(c, inStep);
  };
  walk(profile.head, false);
  return bytes / steps;
}

/**
 * Bound for the seed step under each optimizer, as for the seed step alone:
 * the returned loss and what V8's state after the previous models leaves
 * boxed in the engine (0–100 bytes seen); the optimizer's own share is
 * asserted to be nothing in test/optim/allocation.test.ts.
 */
const PER_STEP_BYTES = 160;

async function check(step: () => void, maxBytes: number): Promise<void> {
  for (let i = 0; i < 10000; i++) step(); // the first step's buffers, then JIT tiers
  const created = countTypedArrays(() => { for (let i = 0; i < 2000; i++) step(); });
  expect(created, 'typed arrays created by 2000 steps').toBe(0);
  const perStep = await sampledBytesPerStep(step, 10000);
  expect(perStep, 'sampled heap bytes per step').toBeLessThan(maxBytes);
}

describe('allocation-free training steps', () => {
  it('the seed step, from number[] input', async () => {
    const m = new Sequential();
    m.add(new Dense({ units: 1, inputDim: 1 }));
    m.compile({ loss: 'mse', optimizer: 'sgd' });
    const x = Array.from({ length: 160 }, (_, i) => -1 + (2 * i) / 159);
    const y = x.map((v) => 0.5 * v + 2);
    // A 160-float buffer alone would be 640 bytes.
    await check(() => { m.trainOnBatch(x, y); }, 160);
  });

  // Each optimizer in the same process (the optimizer base class's call
  // sites see them all); test/optim/allocation.test.ts checks that nothing
  // at all is allocated under applyGradients, with every option's path.
  for (const name of ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'ftrl', 'lion']) {
    it(`the seed step with ${name}`, async () => {
      const m = new Sequential();
      m.add(new Dense({ units: 1, inputDim: 1 }));
      m.compile({ loss: 'mse', optimizer: name });
      const x = Array.from({ length: 160 }, (_, i) => -1 + (2 * i) / 159);
      const y = x.map((v) => 0.5 * v + 2);
      await check(() => { m.trainOnBatch(x, y); }, PER_STEP_BYTES);
    });
  }

  it('a step with every engine feature, returning [loss, ...metrics]', async () => {
    const r = new Random(3);
    const data = (n: number): Float32Array => Float32Array.from({ length: n }, () => r.normal());
    const m = new Sequential([
      new Dense({ units: 16, inputDim: 8, activation: 'tanh', kernelRegularizer: l2(0.01), activityRegularizer: l1(0.01) }),
      new Dropout({ rate: 0.3, seed: 1 }),
      new Dense({ units: 4, activation: 'softmax', biasRegularizer: l1(0.01) }),
    ]);
    m.compile({ loss: 'categorical_crossentropy', optimizer: new SGD({ momentum: 0.9 }), metrics: ['accuracy', 'mse'] });
    const x = new Tensor(data(32 * 8), [32, 8]);
    const y = new Tensor(data(32 * 4).map((v) => (v > 0 ? 1 : 0)), [32, 4]);
    await check(() => { m.trainOnBatch(x, y); }, 480);
  });
});
