import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import * as realFs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FileIoError, readFileBytes, writeFileAtomic, type FsLike } from '../../src/node/index.js';
import { repoRoot } from '../helpers/oracles.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'purekeras-node-'));
}

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

function total(buffers: readonly ArrayBufferView[]): number {
  let n = 0;
  for (const b of buffers) n += b.byteLength;
  return n;
}

/** Node's fs, with `writevSync` failing once `failAfter` bytes were written (after writing part of the call, as a full disk would). */
function faultyFs(failAfter: number): FsLike {
  let written = 0;
  return {
    ...(realFs as unknown as FsLike),
    writevSync(fd, buffers, position) {
      const asked = total(buffers);
      if (written + asked > failAfter) {
        let part = Math.max(0, failAfter - written);
        for (const b of buffers) {
          if (part === 0) break;
          const u = new Uint8Array(b.buffer, b.byteOffset, Math.min(part, b.byteLength));
          part -= realFs.writeSync(fd, u);
          written += u.length;
        }
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      const n = realFs.writevSync(fd, buffers as NodeJS.ArrayBufferView[], position ?? undefined);
      written += n;
      return n;
    },
  };
}

/**
 * Node's fs whose `writevSync` writes only a pseudo-random prefix of what it
 * is asked (at least one byte), as a signal or a pipe can cause; records the
 * buffer counts and byte counts asked for.
 */
function shortWritingFs(seed: number, log: { buffers: number[]; asked: number[] }): FsLike {
  let state = seed >>> 0 || 1;
  const next = (): number => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 2 ** 32; };
  return {
    ...(realFs as unknown as FsLike),
    writevSync(fd, buffers) {
      const asked = total(buffers);
      log.buffers.push(buffers.length);
      log.asked.push(asked);
      let budget = 1 + Math.floor(next() * asked);
      let n = 0;
      for (const b of buffers) {
        if (budget === 0) break;
        const u = new Uint8Array(b.buffer, b.byteOffset, Math.min(budget, b.byteLength));
        const w = realFs.writeSync(fd, u);
        n += w;
        budget -= w;
      }
      return n;
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(total(parts));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe('writeFileAtomic / readFileBytes', () => {
  it('writes and reads back the exact bytes, replacing an older file', () => {
    const dir = tempDir();
    const path = join(dir, 'm.h5');
    writeFileSync(path, 'old contents');
    const bytes = pattern(100_003, 7);
    writeFileAtomic(path, bytes, { chunkSize: 4096 });
    expect(Buffer.compare(readFileSync(path), Buffer.from(bytes))).toBe(0);
    expect(readFileBytes(path)).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(['m.h5']);
    rmSync(dir, { recursive: true });
  });

  it('leaves the previous file untouched and removes the temp file when a write fails midway', () => {
    const dir = tempDir();
    const path = join(dir, 'model.h5');
    const old = pattern(50_000, 1);
    writeFileSync(path, old);
    let err: unknown;
    try {
      writeFileAtomic(path, pattern(200_000, 2), { fs: faultyFs(70_000), chunkSize: 16_384 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileIoError);
    expect((err as FileIoError).code).toBe('WRITE_FAILED');
    expect((err as FileIoError).path).toBe(path);
    expect(Buffer.compare(readFileSync(path), Buffer.from(old))).toBe(0);
    expect(readdirSync(dir)).toEqual(['model.h5']);
    rmSync(dir, { recursive: true });
  });

  it('fsyncs the file and its directory by default; durable: false skips both and is still atomic', () => {
    const dir = tempDir();
    const path = join(dir, 'w.h5');
    const old = pattern(10_000, 3);
    writeFileSync(path, old);
    const synced: number[] = [];
    const counting = (failAfter = Infinity): FsLike => ({
      ...(failAfter === Infinity ? (realFs as unknown as FsLike) : faultyFs(failAfter)),
      fsyncSync(fd: number) { synced.push(fd); realFs.fsyncSync(fd); },
    });
    const a = pattern(30_000, 4);
    writeFileAtomic(path, a, { fs: counting() });
    expect(synced.length).toBe(2); // the file, then the directory entry
    expect(Buffer.compare(readFileSync(path), Buffer.from(a))).toBe(0);
    synced.length = 0;
    const b = pattern(40_000, 5);
    writeFileAtomic(path, [b.subarray(0, 1000), b.subarray(1000)], { fs: counting(), durable: false });
    expect(synced).toEqual([]);
    expect(Buffer.compare(readFileSync(path), Buffer.from(b))).toBe(0);
    // A failure midway still leaves the previous contents whole.
    const err = (() => { try { writeFileAtomic(path, pattern(90_000, 6), { fs: counting(20_000), durable: false, chunkSize: 8192 }); } catch (e) { return e; } return null; })();
    expect((err as FileIoError).code).toBe('WRITE_FAILED');
    expect(Buffer.compare(readFileSync(path), Buffer.from(b))).toBe(0);
    expect(readdirSync(dir)).toEqual(['w.h5']);
    rmSync(dir, { recursive: true });
  });

  it('writes a list of segments (empty ones included) as their concatenation, through short writes', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 0, maxLength: 40 }),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.option(fc.integer({ min: 1, max: 9000 }), { nil: undefined }),
      (sizes, seed, chunkSize) => {
        const dir = tempDir();
        const path = join(dir, 'seg.h5');
        const segments = sizes.map((n, i) => pattern(n, i));
        const log = { buffers: [] as number[], asked: [] as number[] };
        writeFileAtomic(path, segments, { fs: shortWritingFs(seed, log), ...(chunkSize ? { chunkSize } : {}) });
        expect(Buffer.compare(readFileSync(path), Buffer.from(concat(segments)))).toBe(0);
        expect(readdirSync(dir)).toEqual(['seg.h5']);
        for (const n of log.buffers) expect(n).toBeGreaterThan(0);
        if (chunkSize) for (const n of log.asked) expect(n).toBeLessThanOrEqual(chunkSize);
        rmSync(dir, { recursive: true });
      }), { numRuns: 40 });
  });

  it('hands writev at most 1024 buffers per call (IOV_MAX) and still writes all of them', () => {
    const dir = tempDir();
    const path = join(dir, 'many.h5');
    const segments = Array.from({ length: 2500 }, (_, i) => pattern(1 + (i % 7), i));
    const log = { buffers: [] as number[], asked: [] as number[] };
    writeFileAtomic(path, segments, { fs: shortWritingFs(99, log) });
    expect(Buffer.compare(readFileSync(path), Buffer.from(concat(segments)))).toBe(0);
    expect(Math.max(...log.buffers)).toBeLessThanOrEqual(1024);
    rmSync(dir, { recursive: true });
  });

  it('a write call that writes nothing is a failure, not an endless loop', () => {
    const dir = tempDir();
    const path = join(dir, 'stuck.h5');
    writeFileSync(path, 'previous');
    const stuck: FsLike = { ...(realFs as unknown as FsLike), writevSync: () => 0 };
    expect(() => writeFileAtomic(path, [pattern(10, 1)], { fs: stuck })).toThrowError(FileIoError);
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['stuck.h5']);
    rmSync(dir, { recursive: true });
  });

  it('leaves the previous file untouched when a write of segments fails midway', () => {
    const dir = tempDir();
    const path = join(dir, 'model.h5');
    const old = pattern(3000, 5);
    writeFileSync(path, old);
    const segments = [pattern(1000, 1), pattern(70_000, 2), pattern(10, 3), pattern(100_000, 4)];
    expect(() => writeFileAtomic(path, segments, { fs: faultyFs(71_500) })).toThrowError(FileIoError);
    expect(Buffer.compare(readFileSync(path), Buffer.from(old))).toBe(0);
    expect(readdirSync(dir)).toEqual(['model.h5']);
    rmSync(dir, { recursive: true });
  });

  it('does not create the file when the first write fails', () => {
    const dir = tempDir();
    const path = join(dir, 'fresh.h5');
    expect(() => writeFileAtomic(path, pattern(1000, 3), { fs: faultyFs(0) })).toThrowError(FileIoError);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  });

  it('reports a missing file as READ_FAILED with its path', () => {
    const path = join(tempDir(), 'nope.h5');
    try {
      readFileBytes(path);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FileIoError);
      expect((e as FileIoError).code).toBe('READ_FAILED');
      expect((e as FileIoError).path).toBe(path);
    }
  });

  it('keeps the old file when the writing process is killed midway (crash)', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'files.mjs');
    await build({ entryPoints: [resolve(repoRoot, 'src/node/index.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' });
    const path = join(dir, 'model.h5');
    const old = pattern(10_000, 9);
    writeFileSync(path, old);
    // The child writes 8 MiB in calls of 64 KiB and kills itself with SIGKILL after 1 MiB.
    const script = `
      import * as fs from 'node:fs';
      import { writeFileAtomic } from ${JSON.stringify(bundle)};
      let written = 0;
      const killing = { ...fs, writevSync(fd, bufs, p) {
        if (written >= 1 << 20) process.kill(process.pid, 'SIGKILL');
        const n = fs.writevSync(fd, bufs, p); written += n; return n; } };
      writeFileAtomic(${JSON.stringify(path)}, new Uint8Array(8 << 20).fill(0xab), { fs: killing, chunkSize: 65536 });
      console.log('not killed');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).not.toContain('not killed');
    expect(Buffer.compare(readFileSync(path), Buffer.from(old))).toBe(0);
    // A stray temp file may remain after a crash, but never at the target path.
    expect(readdirSync(dir).filter((f) => !f.endsWith('.tmp')).sort()).toEqual(['files.mjs', 'model.h5']);
    rmSync(dir, { recursive: true });
  });

  it('refuses paths with NO_FILE_SYSTEM where process.getBuiltinModule is missing (browsers, old Node)', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'files.mjs');
    await build({ entryPoints: [resolve(repoRoot, 'src/node/index.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'silent' });
    const script = `
      process.getBuiltinModule = undefined;
      const { readFileBytes, readFileBytesAsync } = await import(${JSON.stringify(bundle)});
      try { readFileBytes('x.h5'); } catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, path: e.path })); }
      const p = readFileBytesAsync('y.h5'); // rejects, never throws synchronously
      await p.catch((e) => console.log(JSON.stringify({ name: e.name, code: e.code, path: e.path })));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { name: 'FileIoError', code: 'NO_FILE_SYSTEM', path: 'x.h5' },
      { name: 'FileIoError', code: 'NO_FILE_SYSTEM', path: 'y.h5' },
    ]);
    rmSync(dir, { recursive: true });
  });

  it('the whole library bundles for browsers with no node: import (paths reach fs lazily)', async () => {
    const r = await build({ entryPoints: [resolve(repoRoot, 'src/index.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    const text = r.outputFiles[0]!.text;
    expect(text).not.toMatch(/from\s+["']node:|require\(["']node:|import\(["']node:/);
    expect(text).toContain('loadModelBytes');
  });

  it('in a context without process or fs (a browser or worker), bytes load and predict; paths fail clearly', async () => {
    const r = await build({ entryPoints: [resolve(repoRoot, 'src/index.ts')], bundle: true, format: 'iife', globalName: 'purekeras', platform: 'browser', write: false, logLevel: 'silent' });
    const { runInNewContext } = await import('node:vm');
    const bytes = new Uint8Array(readFileSync(resolve(repoRoot, 'test/fixtures/keras/seed_sgd_mse.h5')));
    const sandbox: Record<string, unknown> = { console: { log() {}, warn() {} }, TextDecoder, TextEncoder, fileBytes: Array.from(bytes), result: null };
    runInNewContext(`${r.outputFiles[0]!.text}
      const m = purekeras.loadModelBytes(new Uint8Array(fileBytes));
      const p = m.predict([[0.5], [-0.25]], { verbose: 0 });
      let err = null;
      try { purekeras.loadModel('my_model.h5'); } catch (e) { err = { name: e.name, code: e.code }; }
      result = { shape: p.shape.slice(), finite: Array.from(p.data).every(Number.isFinite), err, hasProcess: typeof process !== 'undefined' };`, sandbox);
    expect(sandbox.result).toEqual({ shape: [2, 1], finite: true, err: { name: 'FileIoError', code: 'NO_FILE_SYSTEM' }, hasProcess: false });
  });

  it('the bundle for browsers contains no node: import', async () => {
    const r = await build({ entryPoints: [resolve(repoRoot, 'src/node/index.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    const text = r.outputFiles[0]!.text;
    expect(text).not.toMatch(/from\s+["']node:|require\(["']node:/);
    expect(text).toContain('getBuiltinModule');
  });
});
