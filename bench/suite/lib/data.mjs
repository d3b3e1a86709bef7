// Deterministic inputs shared by every JavaScript peer, with a Python twin in
// scripts/bench_protocol.py (same integer hash, so the same float32 values):
// the peers compute on identical numbers without shipping megabytes over a pipe.

/**
 * n float32 values uniform in [-1, 1) from a counter-based integer hash
 * (murmur3's finaliser of i + seed·golden ratio), identical in numpy.
 * @param {number} n how many values
 * @param {number} seed any uint32
 * @returns {Float32Array}
 */
export function hashUniform(n, seed) {
  const out = new Float32Array(n);
  const base = Math.imul(seed >>> 0, 0x9e3779b9) >>> 0;
  for (let i = 0; i < n; i++) {
    let h = (base + i) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out[i] = (h >>> 0) * (2 / 4294967296) - 1;
  }
  return out;
}

/**
 * The seed tutorial's data: X = linspace(-1, 1, 200) shuffled, Y = 0.5·X + 2 +
 * noise (σ 0.05); a seeded xorshift shuffle and Box–Muller noise stand in for
 * NumPy's stream. Returns plain number arrays, as the tutorial passes them.
 * @returns {{ xTrain: number[], yTrain: number[], xTest: number[] }}
 */
export function seedData() {
  let s = 1337;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const x = Array.from({ length: 200 }, (_, i) => -1 + (2 * i) / 199);
  for (let i = x.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = x[i]; x[i] = x[j]; x[j] = t;
  }
  const y = x.map((v) => {
    const u1 = Math.max(next(), 1e-12), u2 = next();
    return 0.5 * v + 2 + 0.05 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  });
  return { xTrain: x.slice(0, 160), yTrain: y.slice(0, 160), xTest: x.slice(160, 162) };
}
