/**
 * Inputs shared by the zlib tests: fast-check arbitraries for byte arrays of
 * the shapes that matter to a DEFLATE codec, and a few deterministic corpora
 * (text, float32 weights, zero-heavy) like the data HDF5 chunks hold.
 */
import fc from 'fast-check';

/** Deterministic 32-bit generator (mulberry32) so corpora are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32 weights drawn from N(0, 0.05): what a Keras kernel looks like on disk. */
export function floatWeights(count: number, seed = 1): Uint8Array {
  const rand = prng(seed);
  const f = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u)) * 0.05;
    f[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) f[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return new Uint8Array(f.buffer);
}

const WORDS = ('the of and to in is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no will can more ' +
  'layer dense kernel bias units activation relu sigmoid weights optimizer adam learning_rate').split(' ');

/** Text-like bytes: words, punctuation, numbers, line breaks. */
export function textLike(length: number, seed = 2): Uint8Array {
  const rand = prng(seed);
  let s = '';
  while (s.length < length) {
    const r = rand();
    if (r < 0.08) s += `${Math.floor(rand() * 10000)}`;
    else s += WORDS[Math.floor(rand() * WORDS.length)];
    s += rand() < 0.1 ? '.\n' : rand() < 0.1 ? ', ' : ' ';
  }
  return new TextEncoder().encode(s.slice(0, length));
}

/** Mostly zeros with sparse non-zero float32 values (pruned weights, padding, masks). */
export function zeroHeavy(count: number, seed = 3): Uint8Array {
  const rand = prng(seed);
  const f = new Float32Array(count);
  for (let i = 0; i < count; i++) if (rand() < 0.05) f[i] = rand() - 0.5;
  return new Uint8Array(f.buffer);
}

/** Uniform random bytes: incompressible. */
export function randomBytes(length: number, seed = 4): Uint8Array {
  const rand = prng(seed);
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (rand() * 256) | 0;
  return b;
}

/** Any bytes, up to 4 KiB (including empty and 1 byte). */
const anyBytes = fc.uint8Array({ maxLength: 4096 });

/** A short pattern repeated with occasional changes: long matches, overlapping copies. */
const repetitive = fc.record({
  pattern: fc.uint8Array({ minLength: 1, maxLength: 24 }),
  length: fc.integer({ min: 1, max: 20000 }),
  noise: fc.double({ min: 0, max: 0.05, noNaN: true }),
  seed: fc.integer(),
}).map(({ pattern, length, noise, seed }) => {
  const rand = prng(seed);
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = rand() < noise ? (rand() * 256) | 0 : pattern[i % pattern.length]!;
  return b;
});

/** Few distinct symbols: skewed Huffman codes, long code lengths. */
const skewed = fc.record({
  length: fc.integer({ min: 0, max: 8000 }),
  seed: fc.integer(),
}).map(({ length, seed }) => {
  const rand = prng(seed);
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    // geometric-ish: symbol k with probability ~ 2^-(k+1) gives codes up to 15+ bits
    let k = 0;
    while (rand() < 0.5 && k < 40) k++;
    b[i] = k * 5;
  }
  return b;
});

/**
 * Long inputs (> 32 KiB window): a block that repeats beyond the window,
 * runs longer than the window, and text.
 */
const long = fc.record({
  seed: fc.integer(),
  gap: fc.integer({ min: 30000, max: 40000 }),
  run: fc.integer({ min: 1, max: 70000 }),
}).map(({ seed, gap, run }) => {
  const head = randomBytes(500, seed);
  const parts = [head, randomBytes(gap, seed + 1), head, new Uint8Array(run).fill(seed & 255), textLike(3000, seed + 2), head];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const b = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    b.set(p, o);
    o += p.length;
  }
  return b;
});

/** Every shape above. */
export const bytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: anyBytes, weight: 3 },
  { arbitrary: repetitive, weight: 3 },
  { arbitrary: skewed, weight: 2 },
  { arbitrary: long, weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 3 }).map((k) => textLike(k * 5000, k)), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => floatWeights(n, n)), weight: 1 },
);

/** True when two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
