/** Pearson's correlation coefficient of paired samples, with the number of pairs it rests on. */
export interface Correlation {
  /** null when fewer than 3 pairs or when either series does not vary */
  r: number | null;
  n: number;
}

export function pearson(pairs: readonly (readonly [number, number])[]): Correlation {
  const n = pairs.length;
  if (n < 3) return { r: null, n };
  const meanX = pairs.reduce((s, [x]) => s + x, 0) / n;
  const meanY = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0 || syy === 0) return { r: null, n };
  return { r: round(sxy / Math.sqrt(sxx * syy), 4), n };
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
