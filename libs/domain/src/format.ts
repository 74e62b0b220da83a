import { FEN_PER_WAN_YUAN, wanYuanToFen, type Fen } from './money';

/**
 * How numbers look to people, in one place: money in 万元 with thousands separators (tables and
 * inputs alike), scores rounded once, rates as percentages. Pure functions, used by api and web.
 */

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;
const WAN_YUAN_INPUT = /^\d{1,12}(\.\d{1,6})?$/;

/** Scores are shown with this many decimals, rounded half away from zero. */
export const SCORE_DECIMALS = 2;

/** Fen as an editable 万元 value: thousands separators, two decimals or as many as needed (down to the fen). */
export function formatWanYuanInput(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_WAN_YUAN);
  let fraction = String(abs % FEN_PER_WAN_YUAN).padStart(6, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${String(whole).replace(GROUPS, ',')}.${fraction}`;
}

/** What a 万元 input accepts ("1,200.5", "600", full-width comma too), as fen; null when it is not a non-negative amount. */
export function parseWanYuanInput(text: string): Fen | null {
  const clean = text.replace(/[,，\s]/g, '');
  if (!WAN_YUAN_INPUT.test(clean)) return null;
  return wanYuanToFen(Number(clean));
}

/** The one rounding rule for scores shown to people: SCORE_DECIMALS decimals, half away from zero. */
export function roundScoreForDisplay(score: number): number {
  const factor = 10 ** SCORE_DECIMALS;
  const scaled = Math.abs(score) * factor;
  // the small epsilon keeps 0.125 (stored as 0.12499999…) rounding up, as people expect
  const rounded = Math.floor(scaled + 0.5 + 1e-9) / factor;
  return score < 0 ? -rounded : rounded;
}

/** A score as text ("72.35"), or an em dash when there is none. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || Number.isNaN(score)) return '—';
  return roundScoreForDisplay(score).toFixed(SCORE_DECIMALS);
}

/** Basis points as a percentage without trailing zeros ("10", "12.5"). */
export function formatBasisPoints(basisPoints: number): string {
  return String(basisPoints / 100);
}

/** A percentage typed by a person ("12.5") as basis points; null unless it is between 0 and 100 with at most 2 decimals. */
export function parsePercentInput(text: string): number | null {
  const clean = text.trim().replace(/[%％]$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  const bp = Math.round(Number(clean) * 100);
  return bp <= 10_000 ? bp : null;
}
