/**
 * Money is carried as integer fen (1 yuan = 100 fen) in safe JavaScript integers.
 * 2^53 fen is about 90 trillion yuan, far above any budget cycle; every operation checks it.
 * Rates are integer basis points (1 % = 100 bp); quantities are integer thousandths.
 */
export type Fen = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN_YUAN = 1_000_000; // 万元 = 10 000 yuan
export const BASIS_POINTS_PER_UNIT = 10_000;
export const MILLI_PER_UNIT = 1_000;

export class MoneyError extends Error {}

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a whole number of fen, got ${value}`);
  return value;
}

export function addFen(...values: Fen[]): Fen {
  let total = 0;
  for (const v of values) total += assertFen(v);
  return assertFen(total, 'sum');
}

export function sumFen(values: Iterable<Fen>): Fen {
  return addFen(...values);
}

/** a × num / den rounded half away from zero, computed exactly (with BigInt when the product is not a safe integer). */
export function mulDivRound(a: number, num: number, den: number): number {
  // integers whose product is a safe integer (so exact as a double) and a divisor up to 2^31: the
  // same rounding in exact double arithmetic (small enough to be inlined by callers); otherwise BigInt
  if (Number.isInteger(a) && Number.isInteger(num) && Number.isInteger(den) && den !== 0) {
    const p = a * num;
    const absP = Math.abs(p);
    const absD = Math.abs(den);
    // absP + absD stays a safe integer, so q × absD below is exact even when the division rounded q up
    if (absD <= DIVISOR_LIMIT && absP <= Number.MAX_SAFE_INTEGER - absD) {
      let q = Math.floor(absP / absD);
      let r = absP - q * absD;
      if (r < 0) {
        q--;
        r += absD;
      } else if (r >= absD) {
        q++;
        r -= absD;
      }
      // half away from zero: up when the remainder is at least half the divisor
      if (r >= absD - r) q++;
      // 0 - q, not -q: a zero result is +0, as with BigInt
      return p < 0 !== den < 0 ? 0 - q : q;
    }
  }
  return mulDivRoundBig(a, num, den);
}

const DIVISOR_LIMIT = 2 ** 31;

function mulDivRoundBig(a: number, num: number, den: number): number {
  if (den === 0) throw new MoneyError('division by zero');
  const product = BigInt(a) * BigInt(num);
  const d = BigInt(den);
  const negative = product < 0n !== d < 0n;
  const absP = product < 0n ? -product : product;
  const absD = d < 0n ? -d : d;
  const q = (absP * 2n + absD) / (2n * absD);
  const result = Number(negative ? -q : q);
  return assertFen(result, 'result');
}

/** quantity (in thousandths of a unit) × unit cost (fen), rounded to the fen. */
export function lineAmount(quantityMilli: number, unitCostFen: Fen): Fen {
  return mulDivRound(quantityMilli, unitCostFen, MILLI_PER_UNIT);
}

/** a share of an amount expressed in basis points, rounded to the fen. */
export function percentOf(amount: Fen, basisPoints: number): Fen {
  return mulDivRound(amount, basisPoints, BASIS_POINTS_PER_UNIT);
}

export function yuanToFen(yuan: number): Fen {
  return mulDivRound(Math.round(yuan * 100), 1, 1);
}

export function wanYuanToFen(wan: number): Fen {
  return assertFen(Math.round(wan * FEN_PER_WAN_YUAN), 'amount');
}

/** Parse a decimal string such as "12.5" into integer thousandths without floating point. */
export function parseDecimal(text: string, scale: number): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new MoneyError(`"${text}" is not a decimal number`);
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale) throw new MoneyError(`"${text}" has more than ${scale} decimals`);
  const digits = BigInt(m[2] + frac);
  const value = Number(m[1] ? -digits : digits);
  if (!Number.isSafeInteger(value)) throw new MoneyError(`"${text}" is too large`);
  return value;
}

/** Format fen as 万元 with two decimals, exactly (no floating point). */
export function formatWanYuan(fen: Fen): string {
  const negative = fen < 0;
  const abs = BigInt(Math.abs(fen));
  const hundredths = (abs * 100n + BigInt(FEN_PER_WAN_YUAN / 2)) / BigInt(FEN_PER_WAN_YUAN);
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${wholeText}.${frac}`;
}

export function formatYuan(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${(abs % 100).toString().padStart(2, '0')}`;
}
