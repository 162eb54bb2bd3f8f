// Small statistics for bench/run.mjs.

/** Median of a non-empty array of numbers. */
export function median(xs) {
  return percentile(xs, 50);
}

/** The p-th percentile (0–100), linear interpolation between closest ranks. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const k = ((s.length - 1) * p) / 100;
  const lo = Math.floor(k);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (k - lo);
}

/** "min–max", each formatted by `f`. */
export function spread(xs, f) {
  return `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
}
