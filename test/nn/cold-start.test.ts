/**
 * First-call costs removed for cold starts: a silent predict / evaluate /
 * fit never touches `process.stdout` (Node creates the stream on first
 * access, about 3 ms), and the default sink finds stdout only when it
 * writes or is asked whether it is a terminal.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Sequential, defaultSink } from '../../src/nn/index.js';

/** Runs `fn` with `globalThis.process.stdout` replaced by a counting fake; returns the reads and what was written. */
function withFakeStdout(fn: () => void, isTTY = false): { reads: number; written: string } {
  const proc = globalThis.process as unknown as Record<string, unknown>;
  const saved = Object.getOwnPropertyDescriptor(proc, 'stdout')!;
  let reads = 0;
  let written = '';
  const fake = { isTTY, columns: 80, write: (s: string) => { written += s; return true; } };
  Object.defineProperty(proc, 'stdout', { configurable: true, get: () => { reads++; return fake; } });
  try {
    fn();
  } finally {
    Object.defineProperty(proc, 'stdout', saved);
  }
  return { reads, written };
}

describe('cold start: no stdout for silent runs', () => {
  it('defaultSink looks stdout up on first use only', () => {
    let sink = defaultSink();
    const made = withFakeStdout(() => { sink = defaultSink(); });
    expect(made.reads).toBe(0);
    const used = withFakeStdout(() => {
      sink = defaultSink();
      expect(sink.isTTY).toBe(true);
      sink.write('1/1\n');
      sink.write('done\n');
    }, true);
    expect(used.reads).toBe(1);
    expect(used.written).toBe('1/1\ndone\n');
  });

  it('predict, evaluate and fit with verbose 0 never read process.stdout', () => {
    const model = new Sequential([new Dense({ units: 2, inputDim: 3, activation: 'relu' }), new Dense({ units: 1 })]);
    model.compile({ loss: 'mse', optimizer: 'adam' });
    const x = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
    const y = [[1], [0]];
    const { reads, written } = withFakeStdout(() => {
      model.predict(x, { verbose: 0 });
      model.evaluate(x, y, { verbose: 0 });
      model.fit(x, y, { epochs: 2, verbose: 0 });
    });
    expect(reads).toBe(0);
    expect(written).toBe('');
    // verbose 2 writes one line per epoch to stdout (found once per call).
    const loud = withFakeStdout(() => { model.fit(x, y, { epochs: 2, verbose: 2 }); });
    expect(loud.reads).toBeGreaterThan(0);
    expect(loud.written.split('\n').filter((l) => l.startsWith('Epoch')).length).toBe(2);
  });
});
