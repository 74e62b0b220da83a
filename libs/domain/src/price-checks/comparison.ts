import { BASIS_POINTS_PER_UNIT, lineAmount, MILLI_PER_UNIT, mulDivRound, type Fen } from '../money';
import type { CostCategory } from '../types';
import { catalogueKey, DEFAULT_PRICE_BAND, unitKey, type PriceBand, type PriceCatalogueEntry } from './catalogue';

/**
 * Claim plausibility (申报价格合理性): each cost line's unit cost against the reference-price
 * catalogue for its category and unit, and against what its department actually paid per unit
 * in earlier cycles. Pure; the API checks stored lines with it, the editor the lines being typed.
 */

/** A cost line as it is checked; `department` is a department code, null for the shared part. */
export interface PricedLine {
  id: string;
  department: string | null;
  category: CostCategory;
  description: string;
  quantityMilli: number;
  unit: string;
  unitCostFen: Fen;
}

/** 'high': above the band, 'low': below it. */
export type PriceVerdict = 'high' | 'low' | 'within';

/** The line's unit cost against one reference. */
export interface PriceComparison {
  referenceFen: Fen;
  /** unit cost ÷ reference, basis points (15 800 = 1.58×), rounded */
  ratioBasisPoints: number;
  /** how far from the reference, whole percent (+158: 158 % above, −58: 58 % below), rounded */
  deviationPercent: number;
  lowBasisPoints: number;
  highBasisPoints: number;
  verdict: PriceVerdict;
}

export interface CatalogueComparison extends PriceComparison {
  entryId: string;
  item: string;
  edition: string;
}

/**
 * What a department spent in earlier cycles on a category (per unit, or over all units when
 * `unit` is null). Actuals are reported per package and month, not per line: each package's
 * spending is spread over its cost lines of that fiscal year in proportion to their planned
 * amounts. Shared lines (no department) are left out.
 */
export interface PastSpend {
  department: string;
  category: CostCategory;
  /** the unit as first written; null: every unit of the category together */
  unit: string | null;
  fiscalYears: number[];
  packages: number;
  /** planned quantity of the lines (null for a category over all units) */
  quantityMilli: number | null;
  plannedFen: Fen;
  /** actual spending attributed to the lines */
  spentFen: Fen;
  /** spentFen per unit, fen (null for a category over all units) */
  unitCostFen: Fen | null;
}

/** A funded package of an earlier cycle with its reported spending and its lines of that fiscal year. */
export interface PastPackage {
  packageId: string;
  fiscalYear: number;
  spentFen: Fen;
  lines: readonly Pick<PricedLine, 'department' | 'category' | 'quantityMilli' | 'unit' | 'unitCostFen'>[];
}

/**
 * The past comparison of a line: per unit when the department bought the same category in the
 * same unit before; otherwise the share of its planned amounts the department actually spent on
 * the category (a spend rate, shown, never flagged: money left unspent may be a delay, not a price).
 */
export type HistoryComparison =
  | ({ basis: 'perUnit'; fiscalYears: number[]; packages: number; quantityMilli: number } & PriceComparison)
  | { basis: 'spendRate'; fiscalYears: number[]; packages: number; plannedFen: Fen; spentFen: Fen; rateBasisPoints: number };

export interface LinePriceCheck {
  lineId: string;
  department: string | null;
  category: CostCategory;
  description: string;
  unit: string;
  quantityMilli: number;
  unitCostFen: Fen;
  /** null: no catalogue entry for the category and unit, or the line has no unit cost yet */
  catalogue: CatalogueComparison | null;
  /** null: no past actuals of the department in the category (or a shared line) */
  history: HistoryComparison | null;
  /** outside the band of the catalogue, or of the department's past unit cost */
  flagged: boolean;
}

/** What lines are checked against: the catalogue and the departments' past spending. */
export interface PriceReferences {
  catalogue: readonly PriceCatalogueEntry[];
  past: readonly PastSpend[];
}

/** A unit cost against a reference price (> 0), with the band: exact comparison, rounded figures. */
export function comparePrice(unitCostFen: Fen, referenceFen: Fen, band: PriceBand = DEFAULT_PRICE_BAND): PriceComparison {
  if (!(referenceFen > 0)) throw new RangeError('a reference price must be greater than 0');
  const scaled = BigInt(unitCostFen) * BigInt(BASIS_POINTS_PER_UNIT);
  const verdict: PriceVerdict = scaled > BigInt(referenceFen) * BigInt(band.highBasisPoints) ? 'high' : scaled < BigInt(referenceFen) * BigInt(band.lowBasisPoints) ? 'low' : 'within';
  return {
    referenceFen,
    ratioBasisPoints: mulDivRound(unitCostFen, BASIS_POINTS_PER_UNIT, referenceFen),
    deviationPercent: mulDivRound(unitCostFen - referenceFen, 100, referenceFen),
    lowBasisPoints: band.lowBasisPoints,
    highBasisPoints: band.highBasisPoints,
    verdict,
  };
}

const pastKey = (department: string, category: CostCategory, unit: string | null) => `${department}|${category}|${unit === null ? '*' : `u:${unitKey(unit)}`}`;

/** Each department's past spending per category and unit, and per category over all units. */
export function pastSpending(packages: readonly PastPackage[]): PastSpend[] {
  const groups = new Map<string, PastSpend & { ids: Set<string>; years: Set<number> }>();
  const add = (department: string, category: CostCategory, unit: string | null, quantityMilli: number, plannedFen: Fen, spentFen: Fen, pkg: PastPackage) => {
    const key = pastKey(department, category, unit);
    let group = groups.get(key);
    if (!group) {
      group = { department, category, unit, fiscalYears: [], packages: 0, quantityMilli: unit === null ? null : 0, plannedFen: 0, spentFen: 0, unitCostFen: null, ids: new Set(), years: new Set() };
      groups.set(key, group);
    }
    if (group.quantityMilli !== null) group.quantityMilli += quantityMilli;
    group.plannedFen += plannedFen;
    group.spentFen += spentFen;
    group.ids.add(pkg.packageId);
    group.years.add(pkg.fiscalYear);
  };
  for (const pkg of packages) {
    const amounts = pkg.lines.map((l) => (l.quantityMilli > 0 && l.unitCostFen > 0 ? lineAmount(l.quantityMilli, l.unitCostFen) : 0));
    const plannedTotal = amounts.reduce((s, a) => s + a, 0);
    if (plannedTotal <= 0) continue;
    pkg.lines.forEach((line, i) => {
      const planned = amounts[i] as number;
      if (line.department === null || planned <= 0) return;
      const spent = mulDivRound(planned, pkg.spentFen, plannedTotal);
      add(line.department, line.category, line.unit, line.quantityMilli, planned, spent, pkg);
      add(line.department, line.category, null, 0, planned, spent, pkg);
    });
  }
  return [...groups.values()]
    .map(({ ids, years, ...group }) => ({
      ...group,
      packages: ids.size,
      fiscalYears: [...years].sort((a, b) => a - b),
      unitCostFen: group.quantityMilli ? mulDivRound(group.spentFen, MILLI_PER_UNIT, group.quantityMilli) : null,
    }))
    .sort((a, b) => pastKey(a.department, a.category, a.unit).localeCompare(pastKey(b.department, b.category, b.unit)));
}

/** Lookups of the references, built once for many lines. */
export class PriceReferenceIndex {
  private readonly entries = new Map<string, PriceCatalogueEntry>();
  private readonly past = new Map<string, PastSpend>();

  constructor(references: PriceReferences) {
    for (const entry of references.catalogue) this.entries.set(catalogueKey(entry.category, entry.unit), entry);
    for (const spend of references.past) this.past.set(pastKey(spend.department, spend.category, spend.unit), spend);
  }

  entry(category: CostCategory, unit: string): PriceCatalogueEntry | undefined {
    return this.entries.get(catalogueKey(category, unit));
  }

  pastSpend(department: string, category: CostCategory, unit: string | null): PastSpend | undefined {
    return this.past.get(pastKey(department, category, unit));
  }

  check(line: PricedLine): LinePriceCheck {
    const priced = line.unitCostFen > 0 && line.quantityMilli > 0 && unitKey(line.unit) !== '';
    const entry = priced ? this.entry(line.category, line.unit) : undefined;
    const band: PriceBand = entry ?? DEFAULT_PRICE_BAND;
    const catalogue: CatalogueComparison | null = entry ? { entryId: entry.id, item: entry.item, edition: entry.edition, ...comparePrice(line.unitCostFen, entry.priceFen, band) } : null;
    let history: HistoryComparison | null = null;
    if (line.unitCostFen > 0 && line.quantityMilli > 0 && line.department !== null) {
      const perUnit = unitKey(line.unit) !== '' ? this.pastSpend(line.department, line.category, line.unit) : undefined;
      const overall = this.pastSpend(line.department, line.category, null);
      if (perUnit && perUnit.unitCostFen && perUnit.quantityMilli) {
        history = { basis: 'perUnit', fiscalYears: perUnit.fiscalYears, packages: perUnit.packages, quantityMilli: perUnit.quantityMilli, ...comparePrice(line.unitCostFen, perUnit.unitCostFen, band) };
      } else if (overall && overall.plannedFen > 0) {
        history = {
          basis: 'spendRate',
          fiscalYears: overall.fiscalYears,
          packages: overall.packages,
          plannedFen: overall.plannedFen,
          spentFen: overall.spentFen,
          rateBasisPoints: mulDivRound(overall.spentFen, BASIS_POINTS_PER_UNIT, overall.plannedFen),
        };
      }
    }
    const flagged = (catalogue !== null && catalogue.verdict !== 'within') || (history?.basis === 'perUnit' && history.verdict !== 'within');
    return {
      lineId: line.id,
      department: line.department,
      category: line.category,
      description: line.description,
      unit: line.unit,
      quantityMilli: line.quantityMilli,
      unitCostFen: line.unitCostFen,
      catalogue,
      history,
      flagged,
    };
  }
}

/** Every line checked against the references. */
export function checkPrices(lines: readonly PricedLine[], references: PriceReferences): LinePriceCheck[] {
  const index = new PriceReferenceIndex(references);
  return lines.map((line) => index.check(line));
}

/** The comparison that decides how a flagged line is shown first: the catalogue's, else the past per-unit one. */
export function leadingComparison(check: LinePriceCheck): { source: 'catalogue' | 'history'; comparison: PriceComparison } | null {
  if (check.catalogue && check.catalogue.verdict !== 'within') return { source: 'catalogue', comparison: check.catalogue };
  if (check.history?.basis === 'perUnit' && check.history.verdict !== 'within') return { source: 'history', comparison: check.history };
  return null;
}
