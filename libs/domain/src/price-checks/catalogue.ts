import { BASIS_POINTS_PER_UNIT, type Fen } from '../money';
import { COST_CATEGORIES, type CostCategory } from '../types';

/**
 * The shared reference-price catalogue (参考价目录): one reference unit price per cost category
 * and unit, named by the edition it comes from ("2026 目录"), with the band outside which a cost
 * line's unit cost is flagged. One catalogue for every cycle; coordinators of any cycle keep it.
 */
export interface PriceCatalogueEntry {
  id: string;
  category: CostCategory;
  /** the unit as written ("米"); matched by `unitKey` */
  unit: string;
  /** what the reference is for ("地下电力及通信线路（含管材）") */
  item: string;
  /** reference price per unit, fen */
  priceFen: Fen;
  /** where the price comes from ("2026 目录") */
  edition: string;
  /** a unit cost below this share of the reference is flagged (basis points; 5 000 = 0.5×) */
  lowBasisPoints: number;
  /** a unit cost above this multiple of the reference is flagged (basis points; 15 000 = 1.5×) */
  highBasisPoints: number;
  version: number;
  updatedAt: string;
}

/** What a person gives to add or change an entry. */
export type PriceEntryInput = Pick<PriceCatalogueEntry, 'category' | 'unit' | 'item' | 'priceFen' | 'edition' | 'lowBasisPoints' | 'highBasisPoints'>;

export interface PriceBand {
  lowBasisPoints: number;
  highBasisPoints: number;
}

/** Flagged below 0.5× or above 1.5× of the reference, unless the entry says otherwise. */
export const DEFAULT_PRICE_BAND: PriceBand = { lowBasisPoints: 5_000, highBasisPoints: 15_000 };

/** The widest band an entry may set: up to 100× the reference. */
export const MAX_HIGH_BASIS_POINTS = 1_000_000;
export const MAX_UNIT_LENGTH = 20;
export const MAX_ITEM_LENGTH = 200;
export const MAX_EDITION_LENGTH = 40;
/** at most this many entries in the catalogue, and rows in one import */
export const MAX_CATALOGUE_ENTRIES = 2_000;

/**
 * How units are compared: Unicode-compatible forms folded (full-width letters, ㎡ → m2), case and
 * white space ignored. "米" and "m" stay different units: no conversion between units is made.
 */
export function unitKey(unit: string): string {
  return unit.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The catalogue's key of a category and unit. */
export function catalogueKey(category: CostCategory, unit: string): string {
  return `${category}|${unitKey(unit)}`;
}

/** The rules of one entry, field by field; an empty list means it may be stored. */
export function priceEntryProblems(input: PriceEntryInput): { field: keyof PriceEntryInput; reason: string }[] {
  const out: { field: keyof PriceEntryInput; reason: string }[] = [];
  if (!(COST_CATEGORIES as readonly string[]).includes(input.category)) out.push({ field: 'category', reason: `must be one of ${COST_CATEGORIES.join(', ')}` });
  const unit = input.unit.trim();
  if (unit === '') out.push({ field: 'unit', reason: 'must not be empty' });
  else if (unit.length > MAX_UNIT_LENGTH) out.push({ field: 'unit', reason: `must be at most ${MAX_UNIT_LENGTH} characters` });
  const item = input.item.trim();
  if (item === '') out.push({ field: 'item', reason: 'must not be empty' });
  else if (item.length > MAX_ITEM_LENGTH) out.push({ field: 'item', reason: `must be at most ${MAX_ITEM_LENGTH} characters` });
  if (!Number.isSafeInteger(input.priceFen)) out.push({ field: 'priceFen', reason: 'must be a whole number of fen' });
  else if (input.priceFen < 0) out.push({ field: 'priceFen', reason: 'must not be negative' });
  else if (input.priceFen === 0) out.push({ field: 'priceFen', reason: 'must be greater than 0' });
  const edition = input.edition.trim();
  if (edition === '') out.push({ field: 'edition', reason: 'must name the catalogue edition (e.g. "2026 目录")' });
  else if (edition.length > MAX_EDITION_LENGTH) out.push({ field: 'edition', reason: `must be at most ${MAX_EDITION_LENGTH} characters` });
  const { lowBasisPoints: low, highBasisPoints: high } = input;
  if (!Number.isInteger(low) || low < 0 || low > BASIS_POINTS_PER_UNIT) out.push({ field: 'lowBasisPoints', reason: 'must be from 0 to 10 000 (0× to 1×)' });
  if (!Number.isInteger(high) || high < BASIS_POINTS_PER_UNIT || high > MAX_HIGH_BASIS_POINTS) out.push({ field: 'highBasisPoints', reason: 'must be from 10 000 to 1 000 000 (1× to 100×)' });
  return out;
}

/** The entry as stored: text trimmed. */
export function cleanPriceEntry(input: PriceEntryInput): PriceEntryInput {
  return { ...input, unit: input.unit.trim(), item: input.item.trim(), edition: input.edition.trim() };
}

/** A unit price in 元 as people read it: thousands separators, decimals only when there are fen ("1,800", "12.50"). */
export function formatUnitPrice(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  return `${negative ? '-' : ''}${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/** Basis points as a multiple ("1.5", "0.5"). */
export function formatRatio(basisPoints: number): string {
  return String(Math.round(basisPoints / 100) / 100);
}
