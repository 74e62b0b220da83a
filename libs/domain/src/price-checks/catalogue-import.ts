import { readCategoryCell, toHalfWidth } from '../cost-categories';
import { parseCsv, type RowError } from '../execution/actuals-import';
import { MoneyError, parseDecimal } from '../money';
import { catalogueKey, DEFAULT_PRICE_BAND, MAX_CATALOGUE_ENTRIES, priceEntryProblems, cleanPriceEntry, type PriceEntryInput } from './catalogue';

/**
 * Reference prices imported from a CSV file or the first sheet of an XLSX workbook: row 1 is the
 * header, one entry a row. Columns (English or Chinese): category (类别: a key or its Chinese
 * name), unit (单位), item (名称), priceYuan (参考单价（元）), edition (目录版本), and optionally
 * lowRatio / highRatio (下限倍数 / 上限倍数, e.g. 0.5 and 1.5). Every bad row is reported with
 * its row number and column as the file names it; the caller stores nothing when any row is bad.
 */

type Column = 'category' | 'unit' | 'item' | 'priceYuan' | 'edition' | 'lowRatio' | 'highRatio';

const REQUIRED: readonly Column[] = ['category', 'unit', 'item', 'priceYuan', 'edition'];

const HEADER_NAMES: Record<Column, readonly string[]> = {
  category: ['category', '类别', '费用类别', '成本类别'],
  unit: ['unit', '单位', '计量单位'],
  item: ['item', '名称', '项目', '内容'],
  priceYuan: ['priceyuan', 'price', '参考单价(元)', '参考单价', '参考价(元)', '参考价', '单价(元)', '单价'],
  edition: ['edition', '目录版本', '目录', '版本', '来源'],
  lowRatio: ['lowratio', '下限倍数', '下限'],
  highRatio: ['highratio', '上限倍数', '上限'],
};

export interface ImportedPriceEntry {
  row: number;
  entry: PriceEntryInput;
}

function columnOf(header: string): Column | null {
  const clean = toHalfWidth(header).trim().toLowerCase().replace(/\s+/g, '');
  for (const [column, names] of Object.entries(HEADER_NAMES) as [Column, readonly string[]][]) {
    if (names.includes(clean)) return column;
  }
  return null;
}

/** A price in 元 as typed: thousands separators and a trailing 元 allowed, at most 2 decimals. */
function readPrice(text: string): { fen: number } | { reason: string } {
  const clean = toHalfWidth(text).trim().replace(/[,，\s]/g, '').replace(/元$/, '');
  if (clean === '') return { reason: 'must not be empty' };
  try {
    return { fen: parseDecimal(clean, 2) };
  } catch (e) {
    return { reason: e instanceof MoneyError && /decimals/.test(e.message) ? 'has more than 2 decimals (fen)' : `"${text.slice(0, 40)}" is not a price in 元` };
  }
}

/** A ratio ("1.5", "0.5") in basis points. */
function readRatio(text: string): { basisPoints: number } | { reason: string } {
  try {
    return { basisPoints: parseDecimal(toHalfWidth(text).trim().replace(/[×x倍]$/i, ''), 4) };
  } catch {
    return { reason: `"${text.slice(0, 40)}" is not a ratio such as 1.5` };
  }
}

export function parseCatalogueCsv(text: string): { rows: ImportedPriceEntry[]; errors: RowError[] } {
  return parseCatalogueTable(parseCsv(text));
}

export function parseCatalogueTable(table: readonly (readonly string[])[]): { rows: ImportedPriceEntry[]; errors: RowError[] } {
  const errors: RowError[] = [];
  if (table.length === 0) return { rows: [], errors: [{ row: 1, field: 'header', reason: 'the file is empty' }] };
  const header = table[0].map((h) => h.trim());
  const index = new Map<Column, number>();
  header.forEach((name, c) => {
    if (name === '') return;
    const column = columnOf(name);
    if (!column) errors.push({ row: 1, field: name.slice(0, 40), reason: 'unknown column (expected category, unit, item, priceYuan, edition, lowRatio, highRatio)' });
    else if (index.has(column)) errors.push({ row: 1, field: name.slice(0, 40), reason: `a second "${column}" column` });
    else index.set(column, c);
  });
  for (const required of REQUIRED) {
    if (!index.has(required)) errors.push({ row: 1, field: required, reason: `missing column "${required}"` });
  }
  if (table.length - 1 > MAX_CATALOGUE_ENTRIES) errors.push({ row: 1, field: 'rows', reason: `at most ${MAX_CATALOGUE_ENTRIES} rows in one import` });
  if (errors.length) return { rows: [], errors };
  /** the column's name in the file, so that errors point at what the person sees */
  const named = (column: Column) => (index.has(column) ? header[index.get(column) as number] : column);
  const cell = (cells: readonly string[], column: Column) => (index.has(column) ? (cells[index.get(column) as number] ?? '') : '');

  const rows: ImportedPriceEntry[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const before = errors.length;
    const problem = (column: Column, reason: string) => errors.push({ row, field: named(column), reason });

    const categoryText = cell(cells, 'category');
    const category = categoryText.trim() === '' ? null : readCategoryCell(categoryText);
    if (!category) problem('category', categoryText.trim() === '' ? 'must not be empty' : `"${categoryText.slice(0, 40)}" is not a cost category`);
    const price = readPrice(cell(cells, 'priceYuan'));
    if ('reason' in price) problem('priceYuan', price.reason);
    const band = { lowBasisPoints: DEFAULT_PRICE_BAND.lowBasisPoints, highBasisPoints: DEFAULT_PRICE_BAND.highBasisPoints };
    for (const [column, field] of [['lowRatio', 'lowBasisPoints'], ['highRatio', 'highBasisPoints']] as const) {
      const text = cell(cells, column);
      if (text.trim() === '') continue;
      const ratio = readRatio(text);
      if ('reason' in ratio) problem(column, ratio.reason);
      else band[field] = ratio.basisPoints;
    }
    const entry = cleanPriceEntry({
      category: category ?? 'other',
      unit: toHalfWidth(cell(cells, 'unit')),
      item: cell(cells, 'item'),
      priceFen: 'fen' in price ? price.fen : 1,
      edition: cell(cells, 'edition'),
      ...band,
    });
    const columnOfField: Record<keyof PriceEntryInput, Column> = { category: 'category', unit: 'unit', item: 'item', priceFen: 'priceYuan', edition: 'edition', lowBasisPoints: 'lowRatio', highBasisPoints: 'highRatio' };
    for (const p of priceEntryProblems(entry)) {
      if (p.field === 'category' && !category) continue;
      problem(columnOfField[p.field], p.reason);
    }
    if (errors.length > before) return;
    const key = catalogueKey(entry.category, entry.unit);
    const first = seen.get(key);
    if (first !== undefined) {
      problem('unit', `${entry.category} per "${entry.unit}" is already on row ${first}`);
      return;
    }
    seen.set(key, row);
    rows.push({ row, entry });
  });
  return { rows, errors };
}
