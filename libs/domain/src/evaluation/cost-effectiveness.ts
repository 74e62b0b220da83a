import { FEN_PER_WAN_YUAN, FEN_PER_YUAN, type Fen } from '../money';
import type { Kpi } from '../types';

/** x as an exact fraction digits / 10^scale, for decimal inputs with up to 9 decimals. */
function toDecimal(x: number): { digits: bigint; scale: number } {
  for (let scale = 0; scale <= 9; scale++) {
    const scaled = x * 10 ** scale;
    const rounded = Math.round(scaled);
    if (Math.abs(scaled - rounded) <= 1e-9 * Math.max(1, Math.abs(scaled))) return { digits: BigInt(rounded), scale };
  }
  throw new RangeError(`${x} has more than 9 decimals`);
}

/**
 * numerator / (denominator · unit) rounded half away from zero to `decimals` places, computed exactly
 * on the decimal values given (no binary floating-point drift: 850 / 520 → 1.63, 1.005 / 1 → 1.01).
 * unit is an integer multiplier of the denominator (e.g. fen per 万元). Returns null when the
 * denominator is 0.
 */
export function ratioRounded(numerator: number, denominator: number, decimals = 2, unit = 1): number | null {
  if (denominator === 0 || unit === 0) return null;
  const a = toDecimal(numerator);
  const b = toDecimal(denominator);
  // a/(b·unit) · 10^decimals = a.digits · 10^(b.scale + decimals) / (b.digits · unit · 10^a.scale)
  let num = a.digits * 10n ** BigInt(b.scale + decimals);
  let den = b.digits * BigInt(unit) * 10n ** BigInt(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const absNum = negative ? -num : num;
  const q = (absNum * 2n + den) / (2n * den);
  return Number(negative ? -q : q) / 10 ** decimals;
}

/** A KPI's planned output: the improvement from baseline to target in the KPI's direction (≥ 0). */
export function kpiOutput(kpi: Pick<Kpi, 'baseline' | 'target' | 'direction'>): number {
  const delta = kpi.direction === 'increase' ? kpi.target - kpi.baseline : kpi.baseline - kpi.target;
  return Math.max(0, delta);
}

export interface CostEffectiveness {
  costFen: Fen;
  output: number;
  /** cost per unit of output in whole fen (rounded), null without output */
  fenPerUnit: Fen | null;
  /** cost per unit of output in 万元 (10 000 yuan), 2 decimals: the figure of the source tables */
  wanYuanPerUnit: number | null;
  /** cost per unit of output in yuan, 2 decimals */
  yuanPerUnit: number | null;
  /** monetised benefit / cost, 2 decimals; null without a benefit figure or with zero cost */
  benefitCostRatio: number | null;
}

export interface CostEffectivenessInput {
  costFen: Fen;
  /** output quantity; when absent it is taken from the KPI named by outputKpiId (or the first KPI) */
  output?: number;
  kpis?: readonly Pick<Kpi, 'id' | 'baseline' | 'target' | 'direction'>[];
  outputKpiId?: string;
  /** monetised benefit, for the benefit/cost ratio */
  benefitFen?: Fen;
}

/**
 * Cost-effectiveness of a package: cost per unit of output (cost ÷ output) and benefit/cost ratio
 * (benefit ÷ cost). Output is given directly or derived from a KPI (see kpiOutput). Money stays in
 * fen; the ratios are numbers rounded to 2 decimals, exactly.
 *
 * Source table: 800, 850, 750, 700 万元 for 500, 520, 550, 580 units → 1.60, 1.63, 1.36, 1.21.
 */
export function costEffectiveness(input: CostEffectivenessInput): CostEffectiveness {
  let output = input.output;
  if (output === undefined && input.kpis !== undefined && input.kpis.length > 0) {
    const kpi = input.outputKpiId === undefined ? input.kpis[0] : input.kpis.find((k) => k.id === input.outputKpiId);
    output = kpi === undefined ? 0 : kpiOutput(kpi);
  }
  output ??= 0;
  const has = output > 0;
  const fen = has ? ratioRounded(input.costFen, output, 0) : null;
  return {
    costFen: input.costFen,
    output,
    fenPerUnit: fen,
    wanYuanPerUnit: has ? ratioRounded(input.costFen, output, 2, FEN_PER_WAN_YUAN) : null,
    yuanPerUnit: has ? ratioRounded(input.costFen, output, 2, FEN_PER_YUAN) : null,
    benefitCostRatio: input.benefitFen === undefined || input.costFen === 0 ? null : ratioRounded(input.benefitFen, input.costFen, 2),
  };
}
