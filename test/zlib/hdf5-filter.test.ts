/**
 * The codec against the real HDF5 deflate filter (H5Z_FILTER_DEFLATE), via
 * h5py: chunks HDF5 compressed must inflate to the data, and chunks we
 * compressed, written raw into a gzip dataset, must read back through HDF5.
 */
import { describe, expect, it } from 'vitest';
import { oracle, runPython } from '../helpers/oracles.js';
import { deflate, inflate } from '../../src/zlib/index.js';
import { floatWeights, sameBytes, textLike, zeroHeavy } from './corpus.js';

const SCRIPT = String.raw`
import sys, json, base64, os, tempfile
import numpy as np, h5py
job = json.load(sys.stdin)
out = []
with tempfile.TemporaryDirectory() as tmp:
    with h5py.File(os.path.join(tmp, 'f.h5'), 'w') as f:
        for i, case in enumerate(job):
            data = np.frombuffer(base64.b64decode(case['data']), dtype=np.uint8).reshape(case['rows'], case['cols'])
            chunk_rows = case['chunkRows']
            # HDF5 compresses: collect its raw chunks.
            theirs = f.create_dataset(f'theirs{i}', data=data, chunks=(chunk_rows, case['cols']),
                                      compression='gzip', compression_opts=case['level'])
            raw = []
            for r in range(0, case['rows'], chunk_rows):
                mask, blob = theirs.id.read_direct_chunk((r, 0))
                raw.append(base64.b64encode(blob).decode())
            # We compressed: write our chunks raw, let HDF5 inflate them.
            ours = f.create_dataset(f'ours{i}', shape=data.shape, dtype=np.uint8,
                                    chunks=(chunk_rows, case['cols']), compression='gzip')
            for k, blob in enumerate(case['ours']):
                ours.id.write_direct_chunk((k * chunk_rows, 0), base64.b64decode(blob))
            back = ours[...].tobytes()
            out.append({'theirs': raw, 'back': base64.b64encode(back).decode()})
print(json.dumps(out))
`;

describe.skipIf(!oracle.python)('HDF5 deflate filter (h5py)', () => {
  const cols = 1000;
  const cases = [
    { name: 'float32 weights', data: floatWeights(16_000), level: 4 },
    { name: 'text', data: textLike(64_000), level: 9 },
    { name: 'zero-heavy float32', data: zeroHeavy(16_000), level: 1 },
  ].map((c) => {
    const rows = c.data.length / cols;
    const chunkRows = 16;
    const ours: string[] = [];
    for (let r = 0; r < rows; r += chunkRows) {
      const chunk = c.data.subarray(r * cols, Math.min(rows, r + chunkRows) * cols);
      // HDF5 always stores whole chunks: pad the edge chunk with zeros.
      const whole = new Uint8Array(chunkRows * cols);
      whole.set(chunk);
      ours.push(Buffer.from(deflate(whole, { level: c.level })).toString('base64'));
    }
    return { ...c, rows, chunkRows, ours };
  });

  const results = oracle.python
    ? runPython<{ theirs: string[]; back: string }[]>(['-c', SCRIPT], cases.map((c) => ({
      data: Buffer.from(c.data).toString('base64'), rows: c.rows, cols, chunkRows: c.chunkRows, level: c.level, ours: c.ours,
    })))
    : [];

  cases.forEach((c, i) => {
    it(`${c.name}: HDF5's chunks inflate to the data (expectedLength = chunk size)`, () => {
      const chunkBytes = c.chunkRows * cols;
      const got = new Uint8Array(c.rows * cols + chunkBytes);
      results[i]!.theirs.forEach((b64, k) => {
        const chunk = inflate(new Uint8Array(Buffer.from(b64, 'base64')), { expectedLength: chunkBytes, maxOutputLength: chunkBytes });
        expect(chunk.length).toBe(chunkBytes);
        got.set(chunk, k * chunkBytes);
      });
      expect(sameBytes(got.subarray(0, c.data.length), c.data)).toBe(true);
    });

    it(`${c.name}: our chunks read back through HDF5`, () => {
      expect(sameBytes(new Uint8Array(Buffer.from(results[i]!.back, 'base64')), c.data)).toBe(true);
    });
  });
});
