import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as realFs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIoError, MAX_READ_BYTES, readFileBytesAsync, writeFileAtomic, type FileHandleLike, type FsLike } from '../../src/node/index.js';
import { Dense, Sequential, Adam, Tensor, loadModel, loadModelAsync, saveModelBytes } from '../../src/index.js';

const MiB = 1024 * 1024;

// A fresh directory per test, removed even when the test fails (files here reach 33 MiB).
let dir = '';
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'purekeras-async-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + (i >>> 13) + seed) & 0xff;
  return b;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

/** Whether two lists of tensors hold the same float32 bits. */
function sameBits(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  const bytes = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return a.length === b.length && a.every((t, i) => t.size === b[i]!.size && equalBytes(bytes(t), bytes(b[i]!)));
}

interface Trace { maxInFlight: number; reads: number; closes: number; inFlightAtClose: number[] }

/**
 * Node's fs whose file handles record concurrency and may misbehave: `maxRead`
 * caps every read (short reads), `failAt` makes the read covering that byte
 * fail, `truncateTo` makes the file end early (as if it shrank after the stat),
 * `size` overrides what stat reports.
 */
function tracingFs(opts: { maxRead?: number; failAt?: number; truncateTo?: number; size?: number } = {}): { fs: FsLike; trace: Trace } {
  const trace: Trace = { maxInFlight: 0, reads: 0, closes: 0, inFlightAtClose: [] };
  let inFlight = 0;
  const fs: FsLike = {
    ...(realFs as unknown as FsLike),
    promises: {
      async open(path: string, flags: string): Promise<FileHandleLike> {
        const h = await realFs.promises.open(path, flags);
        return {
          async stat() {
            const s = await h.stat();
            return { size: opts.size ?? s.size };
          },
          async read(buffer, offset, length, position) {
            inFlight++;
            trace.reads++;
            trace.maxInFlight = Math.max(trace.maxInFlight, inFlight);
            try {
              if (opts.failAt !== undefined && position <= opts.failAt && opts.failAt < position + length) throw new Error('EIO: injected read error');
              let len = Math.min(length, opts.maxRead ?? length);
              if (opts.truncateTo !== undefined) len = Math.max(0, Math.min(len, opts.truncateTo - position));
              if (len === 0) return { bytesRead: 0 };
              return await h.read(buffer, offset, len, position);
            } finally {
              inFlight--;
            }
          },
          async close() {
            trace.closes++;
            trace.inFlightAtClose.push(inFlight);
            await h.close();
          },
        };
      },
    },
  };
  return { fs, trace };
}

async function rejection(p: Promise<unknown>): Promise<FileIoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FileIoError);
    return e as FileIoError;
  }
  throw new Error('expected a rejection');
}

describe('readFileBytesAsync', () => {
  it('reads exactly the bytes of files of every size class, in one part or several (sizes around the 8 MiB part size and 64 KiB boundaries)', async () => {
    const sizes = [0, 1, 65535, 65537, 16 * MiB - 1, 16 * MiB, 16 * MiB + 1, 33 * MiB + 7];
    for (const [i, size] of sizes.entries()) {
      const path = join(dir, `f${i}.bin`);
      const data = pattern(size, i);
      writeFileSync(path, data);
      for (const parallel of [1, 2, 4, 7]) {
        const { fs, trace } = tracingFs();
        const got = await readFileBytesAsync(path, { fs, parallel });
        expect(got.length).toBe(size);
        expect(equalBytes(got, data)).toBe(true);
        // Parts of at least 8 MiB, at most `parallel` at once; the handle is closed once, with nothing in flight.
        const expectedParts = Math.max(1, Math.min(parallel, Math.floor(size / (8 * MiB))));
        expect(trace.maxInFlight).toBe(size === 0 ? 0 : expectedParts);
        expect(trace.closes).toBe(1);
        expect(trace.inFlightAtClose).toEqual([0]);
      }
    }
  });

  it('continues after short reads from the exact byte where each stopped', async () => {
    const path = join(dir, 'short.bin');
    const data = pattern(17 * MiB + 3, 5);
    writeFileSync(path, data);
    const { fs, trace } = tracingFs({ maxRead: 1_000_003 });
    const got = await readFileBytesAsync(path, { fs, parallel: 2 });
    expect(equalBytes(got, data)).toBe(true);
    expect(trace.reads).toBeGreaterThanOrEqual(Math.ceil(data.length / 1_000_003));
  });

  it('a failing read rejects with READ_FAILED naming the path and offset, after every other read settled and the handle closed', async () => {
    const path = join(dir, 'eio.bin');
    writeFileSync(path, pattern(24 * MiB, 1));
    const { fs, trace } = tracingFs({ failAt: 9 * MiB });
    const e = await rejection(readFileBytesAsync(path, { fs, parallel: 3 }));
    expect(e.code).toBe('READ_FAILED');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(/at byte \d+: EIO: injected read error/);
    expect(trace.closes).toBe(1);
    expect(trace.inFlightAtClose).toEqual([0]);
  });

  it('a file that ends before the size it had when opened is READ_FAILED, not a buffer with a zeroed tail', async () => {
    const path = join(dir, 'shrunk.bin');
    writeFileSync(path, pattern(20 * MiB, 2));
    const { fs } = tracingFs({ truncateTo: 12 * MiB + 5 });
    const e = await rejection(readFileBytesAsync(path, { fs }));
    expect(e.code).toBe('READ_FAILED');
    expect(e.message).toContain(`the file ended at byte ${12 * MiB + 5}, before the ${20 * MiB} bytes it had when opened`);
  });

  it('refuses a file over MAX_READ_BYTES before allocating anything, and reports a missing file with its path', async () => {
    const path = join(dir, 'huge.bin');
    writeFileSync(path, pattern(10, 0));
    const { fs, trace } = tracingFs({ size: MAX_READ_BYTES + 1 });
    const big = await rejection(readFileBytesAsync(path, { fs }));
    expect(big.code).toBe('FILE_TOO_LARGE');
    expect(trace.reads).toBe(0);
    expect(trace.closes).toBe(1);
    const missing = join(dir, 'nope.h5');
    const e = await rejection(readFileBytesAsync(missing));
    expect(e.code).toBe('READ_FAILED');
    expect(e.path).toBe(missing);
  });
});

describe('count options', () => {
  it('refuses a parallel or chunkSize that is NaN, below 1 or not a number with BAD_OPTION (NaN once read nothing and returned zeros)', async () => {
    const path = join(dir, 'f.bin');
    writeFileSync(path, pattern(1000, 4));
    for (const bad of [NaN, 0, 0.5, -3, '4' as unknown as number]) {
      const e = await rejection(readFileBytesAsync(path, { parallel: bad }));
      expect(e.code).toBe('BAD_OPTION');
      expect(e.message).toContain('parallel must be a number >= 1');
      let w: unknown = null;
      try { writeFileAtomic(path, pattern(10, 1), { chunkSize: bad }); } catch (err) { w = err; }
      expect(w).toBeInstanceOf(FileIoError);
      expect((w as FileIoError).code).toBe('BAD_OPTION');
    }
    // The file was never touched by the refused writes; Infinity and 2.7 are accepted (2.7 as 2).
    expect(equalBytes(await readFileBytesAsync(path, { parallel: Infinity }), pattern(1000, 4))).toBe(true);
    writeFileAtomic(path, pattern(10, 1), { chunkSize: 2.7, durable: false });
    expect(equalBytes(readFileSync(path), pattern(10, 1))).toBe(true);
  });
});

describe('loadModelAsync', () => {
  it('loads the same model as loadModel (weights, optimizer state, continued training bit for bit), from a path in parallel parts and from bytes', async () => {
    // 2100 × 1100 + 1100 × 3 parameters ≈ 9.3 MB of float32 weights, so the
    // file is read in parallel parts; Adam stores two slots per weight (≈ 28 MB).
    const model = new Sequential([new Dense({ units: 1100, inputDim: 2100, activation: 'tanh', name: 'wide' }), new Dense({ units: 3, name: 'out' })]);
    model.compile({ loss: 'mse', optimizer: new Adam({ learningRate: 0.001 }) });
    const x = new Tensor(Float32Array.from(pattern(4 * 2100, 3), (v) => v / 255 - 0.5), [4, 2100]);
    const y = new Tensor(new Float32Array([0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1, 1.1, -1.2]), [4, 3]);
    for (let i = 0; i < 3; i++) model.trainOnBatch(x, y);
    const path = join(dir, 'model.h5');
    const bytes = saveModelBytes(model);
    expect(bytes.length).toBeGreaterThan(16 * MiB);
    writeFileSync(path, bytes);

    // Both loads equal the model that was saved, bit for bit: weights, every
    // optimizer variable, and two more training steps (losses, weights, predictions).
    const fromPath = await loadModelAsync(path);
    const fromBytes = await loadModelAsync(readFileSync(path));
    expect(loadModel(path).getWeights().length).toBe(model.getWeights().length);
    for (const m of [fromPath, fromBytes]) {
      expect(sameBits(m.getWeights(), model.getWeights())).toBe(true);
      expect(sameBits(m.optimizer!.getWeights(), model.optimizer!.getWeights())).toBe(true);
    }
    const lossesAsync = [1, 2].map(() => fromPath.trainOnBatch(x, y));
    const lossesSaved = [1, 2].map(() => model.trainOnBatch(x, y));
    expect(lossesAsync).toEqual(lossesSaved);
    expect(sameBits(fromPath.getWeights(), model.getWeights())).toBe(true);
    expect(sameBits([fromPath.predict(x, { verbose: 0 })], [model.predict(x, { verbose: 0 })])).toBe(true);
    // compile: false is passed through.
    const plain = await loadModelAsync(path, { compile: false });
    expect(plain.optimizer).toBeNull();
  });

  it('rejects (never throws synchronously) with the errors loadModel throws', async () => {
    const missing = join(tmpdir(), 'purekeras-definitely-missing.h5');
    const p = loadModelAsync(missing);
    const e = await rejection(p);
    expect(e.code).toBe('READ_FAILED');
    await expect(loadModelAsync(new Uint8Array(100))).rejects.toMatchObject({ name: 'Hdf5Error' });
  });
});
