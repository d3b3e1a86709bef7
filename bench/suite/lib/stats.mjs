// Summary statistics of the counted samples.

/** {median, min, max} of a non-empty list (median of an even count: mean of the middle two). */
export function summary(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

/** Rounds to 4 significant digits (enough for noisy timings, short in JSON). */
export function sig(x) {
  return x === null || x === undefined || !Number.isFinite(x) ? x : Number(x.toPrecision(4));
}
