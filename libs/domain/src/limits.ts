import { BASIS_POINTS_PER_UNIT, MILLI_PER_UNIT, type Fen } from './money';
import type { RuleViolation } from './validation';
import { packageTotals, type PackageTotals } from './totals';
import { COST_CATEGORIES, EFFORT_LEVELS } from './types';

/**
 * The bounds every package value must stay within, whichever channel writes it (REST DTOs and
 * collab edits both check these). They are chosen so that every sum the server computes stays
 * an exact JavaScript integer (below 2^53 ≈ 9.007 × 10^15):
 *
 * - a cost line's amount (quantity × unit cost) ≤ MAX_LINE_FEN = 10^12 fen (10 bn yuan);
 * - a package holds ≤ MAX_COST_LINES = 500 lines, so its base ≤ 5 × 10^14 fen — exact;
 * - a package's total (base + contingency ≤ 100 %) ≤ MAX_PACKAGE_TOTAL_FEN = 10^12 fen, checked;
 * - a cycle holds ≤ MAX_PACKAGES_PER_CYCLE = 5 000 packages, so a cycle's sum of package
 *   totals ≤ 5 × 10^15 fen — exact, and so is every running sum down the ranking.
 *
 * The largest demo package (a 5 bn yuan bridge with its 10 % reserve, 5.5 × 10^11 fen) fits.
 * Products (quantity × unit cost) are computed with BigInt before they are compared.
 */
export const MAX_QUANTITY_MILLI = 1_000_000_000 * MILLI_PER_UNIT; // 10^9 units, in thousandths
export const MAX_UNIT_COST_FEN: Fen = 1_000_000_000_000; // 10^12 fen
export const MAX_LINE_FEN: Fen = 1_000_000_000_000; // 10^12 fen
export const MAX_PACKAGE_TOTAL_FEN: Fen = 1_000_000_000_000; // 10^12 fen
export const MAX_COST_LINES = 500;
export const MAX_PACKAGES_PER_CYCLE = 5_000;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Text bounds (characters, UTF-16 code units as JavaScript counts them). */
export const TEXT_LIMITS = {
  title: 300,
  /** short labels: department codes, units */
  label: 40,
  location: 200,
  /** one item: a line description, an objective, a risk, an activity name */
  item: 2_000,
  /** free text: purpose, consequences of not funding, department notes */
  long: 20_000,
  /** the co-edited narrative */
  narrative: 200_000,
} as const;

/** The limit of each free text of a package (its notes: per department). */
export const TEXT_FIELD_LIMITS = {
  purpose: TEXT_LIMITS.long,
  narrative: TEXT_LIMITS.narrative,
  consequencesOfNotFunding: TEXT_LIMITS.long,
  notes: TEXT_LIMITS.long,
} as const;

/** Collection sizes (items per package). */
export const COLLECTION_LIMITS = { objectives: 50, alternatives: 50, activities: 200, kpis: 100, risks: 100, levels: 3 } as const;

/**
 * The largest encoded document (Yjs state) the server keeps: content within the text limits
 * plus history fits many times; a 36 MB narrative does not.
 */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** C0 control characters other than tab, line feed and carriage return, and DEL. NUL included. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/; // eslint-disable-line no-control-regex

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Why a text is not acceptable, or null. */
export function textProblem(value: unknown, max: number, options: { required?: boolean } = {}): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (options.required && value.trim().length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters (got ${value.length})`;
  if (hasControlCharacters(value)) return 'must not contain control characters (such as NUL)';
  return null;
}

/** Exact quantity × unit cost / 1000, as a BigInt (never loses precision, never throws). */
export function exactLineAmount(quantityMilli: number, unitCostFen: number): bigint {
  const product = BigInt(Math.trunc(quantityMilli)) * BigInt(Math.trunc(unitCostFen));
  return (product * 2n + BigInt(MILLI_PER_UNIT)) / (2n * BigInt(MILLI_PER_UNIT));
}

function wholeInRange(value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be a whole number';
  if (value < min) return `must be at least ${min}`;
  if (value > max) return `must be at most ${max}`;
  return null;
}

export interface LineAmounts {
  quantityMilli: number;
  unitCostFen: number;
}

/** Bounds of one cost line's numbers; `at` prefixes the field names. */
export function costLineAmountViolations(line: LineAmounts & { year?: number }, at: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const quantity = wholeInRange(line.quantityMilli, 0, MAX_QUANTITY_MILLI);
  if (quantity) out.push({ field: `${at}.quantityMilli`, reason: `${quantity} (thousandths; at most ${MAX_QUANTITY_MILLI / MILLI_PER_UNIT} units)` });
  const cost = wholeInRange(line.unitCostFen, 0, MAX_UNIT_COST_FEN);
  if (cost) out.push({ field: `${at}.unitCostFen`, reason: cost });
  if (line.year !== undefined) {
    const year = wholeInRange(line.year, MIN_YEAR, MAX_YEAR);
    if (year) out.push({ field: `${at}.year`, reason: year });
  }
  if (!quantity && !cost && exactLineAmount(line.quantityMilli, line.unitCostFen) > BigInt(MAX_LINE_FEN)) {
    out.push({ field: `${at}.unitCostFen`, reason: `quantity × unit cost must be at most ${MAX_LINE_FEN} fen` });
  }
  return out;
}

/** Whether stored lines can be totalled exactly (reads use this to degrade instead of failing). */
export function amountsWithinBounds(lines: readonly LineAmounts[], contingencyBasisPoints: number): boolean {
  if (lines.length > MAX_COST_LINES) return false;
  if (!Number.isSafeInteger(contingencyBasisPoints) || contingencyBasisPoints < 0 || contingencyBasisPoints > BASIS_POINTS_PER_UNIT) return false;
  let base = 0n;
  for (const line of lines) {
    if (costLineAmountViolations(line, 'line').length) return false;
    base += exactLineAmount(line.quantityMilli, line.unitCostFen);
  }
  const total = base + (base * BigInt(contingencyBasisPoints) + BigInt(BASIS_POINTS_PER_UNIT / 2)) / BigInt(BASIS_POINTS_PER_UNIT);
  return total <= BigInt(MAX_PACKAGE_TOTAL_FEN);
}

/** The content of a package as a document projects it (what collab edits are checked against). */
export interface PackageContentShape {
  title: string;
  purpose: string;
  narrative: string;
  consequencesOfNotFunding: string;
  objectives: readonly string[];
  alternatives: readonly string[];
  notes: Record<string, string>;
  contingencyBasisPoints: number;
  costLines: readonly { id: string; category: string; description: string; unit: string; location?: string; quantityMilli: number; unitCostFen: number; year: number }[];
  sharedCostLines: readonly { id: string; category: string; description: string; unit: string; location?: string; quantityMilli: number; unitCostFen: number; year: number }[];
  activities: readonly { id: string; name: string; start: string; end: string }[];
  kpis: readonly { id: string; name: string; unit: string; baseline: number; target: number }[];
  risks: readonly { id: string; description: string; mitigation: string }[];
  levels: readonly { level: string; description: string; outcome: string; costFen: number }[];
}

/** the year an ISO 8601 date starts with (four digits; an expanded year such as +99999 is not one) */
const YEAR_OF_DATE = /^(\d{4})(?!\d)/;

/**
 * Field rules of a whole package's content — the same bounds the REST DTOs declare — as a
 * list of violations naming the field (document paths: `title`, `costLines.<id>.unitCostFen`).
 */
export function contentViolations(content: PackageContentShape): RuleViolation[] {
  const out: RuleViolation[] = [];
  const text = (field: string, value: unknown, max: number, required = false) => {
    const problem = textProblem(value, max, { required });
    if (problem) out.push({ field, reason: problem });
  };
  text('title', content.title, TEXT_LIMITS.title);
  text('purpose', content.purpose, TEXT_FIELD_LIMITS.purpose);
  text('narrative', content.narrative, TEXT_FIELD_LIMITS.narrative);
  text('consequencesOfNotFunding', content.consequencesOfNotFunding, TEXT_FIELD_LIMITS.consequencesOfNotFunding);
  for (const [name, list] of [['objectives', content.objectives], ['alternatives', content.alternatives]] as const) {
    if (list.length > COLLECTION_LIMITS[name]) out.push({ field: name, reason: `at most ${COLLECTION_LIMITS[name]} items` });
    list.forEach((item, i) => text(`${name}.${i}`, item, TEXT_LIMITS.item));
  }
  for (const [department, notes] of Object.entries(content.notes)) text(`notes.${department}`, notes, TEXT_FIELD_LIMITS.notes);
  const contingency = wholeInRange(content.contingencyBasisPoints, 0, BASIS_POINTS_PER_UNIT);
  if (contingency) out.push({ field: 'contingencyBasisPoints', reason: contingency });
  const lines = [...content.costLines, ...content.sharedCostLines];
  if (lines.length > MAX_COST_LINES) out.push({ field: 'costLines', reason: `at most ${MAX_COST_LINES} cost lines per package` });
  for (const line of lines) {
    const at = `costLines.${line.id}`;
    text(`${at}.id`, line.id, 64, true);
    if (!(COST_CATEGORIES as readonly string[]).includes(line.category)) out.push({ field: `${at}.category`, reason: `must be one of ${COST_CATEGORIES.join(', ')}` });
    text(`${at}.description`, line.description, TEXT_LIMITS.item);
    text(`${at}.unit`, line.unit, TEXT_LIMITS.label);
    if (line.location !== undefined) text(`${at}.location`, line.location, TEXT_LIMITS.location);
    out.push(...costLineAmountViolations(line, at));
  }
  if (!out.some((v) => v.field.startsWith('costLines') || v.field === 'contingencyBasisPoints') && !amountsWithinBounds(lines, content.contingencyBasisPoints)) {
    out.push({ field: 'totals.totalFen', reason: `a package may ask for at most ${MAX_PACKAGE_TOTAL_FEN} fen (contingency included)` });
  }
  if (content.activities.length > COLLECTION_LIMITS.activities) out.push({ field: 'activities', reason: `at most ${COLLECTION_LIMITS.activities} activities` });
  for (const a of content.activities) {
    text(`activities.${a.id}.name`, a.name, TEXT_LIMITS.item);
    for (const key of ['start', 'end'] as const) {
      const year = Number(YEAR_OF_DATE.exec(a[key])?.[1] ?? NaN);
      if (!(year >= MIN_YEAR && year <= MAX_YEAR)) out.push({ field: `activities.${a.id}.${key}`, reason: `must be a date in the years ${MIN_YEAR}–${MAX_YEAR}` });
    }
  }
  if (content.kpis.length > COLLECTION_LIMITS.kpis) out.push({ field: 'kpis', reason: `at most ${COLLECTION_LIMITS.kpis} KPIs` });
  for (const k of content.kpis) {
    text(`kpis.${k.id}.name`, k.name, TEXT_LIMITS.item);
    text(`kpis.${k.id}.unit`, k.unit, TEXT_LIMITS.label);
  }
  if (content.risks.length > COLLECTION_LIMITS.risks) out.push({ field: 'risks', reason: `at most ${COLLECTION_LIMITS.risks} risks` });
  for (const r of content.risks) {
    text(`risks.${r.id}.description`, r.description, TEXT_LIMITS.item);
    text(`risks.${r.id}.mitigation`, r.mitigation, TEXT_LIMITS.item);
  }
  for (const l of content.levels) {
    if (!(EFFORT_LEVELS as readonly string[]).includes(l.level)) out.push({ field: `levels.${l.level}.level`, reason: `must be one of ${EFFORT_LEVELS.join(', ')}` });
    text(`levels.${l.level}.description`, l.description, TEXT_LIMITS.item);
    text(`levels.${l.level}.outcome`, l.outcome, TEXT_LIMITS.item);
    const cost = wholeInRange(l.costFen, 0, MAX_PACKAGE_TOTAL_FEN);
    if (cost) out.push({ field: `levels.${l.level}.costFen`, reason: cost });
  }
  return out;
}

/**
 * Totals for reading: a package whose stored amounts are out of bounds (written before the
 * bounds, or by hand) reads with zero totals and the problem named, instead of failing.
 */
export function boundedPackageTotals(
  lines: readonly Parameters<typeof packageTotals>[0][number][],
  contingencyBasisPoints: number,
): { totals: PackageTotals; problem: string | null } {
  if (!amountsWithinBounds(lines, contingencyBasisPoints)) {
    return { totals: packageTotals([], 0), problem: `amounts out of range: a package may ask for at most ${MAX_PACKAGE_TOTAL_FEN} fen, each line at most ${MAX_LINE_FEN} fen` };
  }
  return { totals: packageTotals(lines, contingencyBasisPoints), problem: null };
}

/**
 * A decimal quantity (as JSON gives it, e.g. 12.5) → whole thousandths, or null when it is not
 * a finite number with at most 3 decimals (1e-7, NaN, 1.0005). Exact: a number with ≤ 3
 * decimals is the double nearest to milli / 1000.
 */
export function quantityToMilli(quantity: number): number | null {
  if (typeof quantity !== 'number' || !Number.isFinite(quantity)) return null;
  const milli = Math.round(quantity * MILLI_PER_UNIT);
  if (!Number.isSafeInteger(milli) || milli / MILLI_PER_UNIT !== quantity) return null;
  return milli;
}
