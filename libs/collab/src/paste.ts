/**
 * Reading a block of cost lines copied from a spreadsheet (Excel, WPS): tab-separated cells,
 * one line per row, with or without a header row. Amounts in 元 or 万元 (a unit in the header
 * or in the cell; 万元 when neither says), thousands separators, full-width digits and
 * punctuation. Every row is read whole or reported: the caller adds the readable rows in one
 * transaction and lists the others, so nothing is half-applied.
 */
import { MoneyError, parseDecimal, readCategoryCell, toHalfWidth, type CostCategory } from '@zerobase/domain';
import type { CostLineData } from './row-types';

/** read here, defined with the cost categories in libs/domain */
export { readCategoryCell, toHalfWidth } from '@zerobase/domain';

export type PastedLine = Omit<CostLineData, 'id' | 'location' | 'fromDepartmentIds'>;
export type PasteField = 'category' | 'description' | 'quantity' | 'unit' | 'unitCost' | 'amount' | 'year';
export type MoneyUnit = 'yuan' | 'wan';

export interface PasteProblem {
  field: PasteField;
  /** the cell as pasted */
  value: string;
  reason: 'unknownCategory' | 'notANumber' | 'negative' | 'tooPrecise' | 'notAYear' | 'missing' | 'tooLong';
}

export interface UnreadableRow {
  /** 1-based number among the non-empty rows of the pasted block (a header counts) */
  row: number;
  text: string;
  problems: PasteProblem[];
}

export interface PasteResult {
  lines: PastedLine[];
  unreadable: UnreadableRow[];
  /** whether the first row was taken as a header */
  header: boolean;
}

export interface PasteOptions {
  /** the year of rows that give none */
  defaultYear: number;
}

/** the columns of the grid, in order: what a row without a header is read as */
export const PASTE_COLUMNS: readonly PasteField[] = ['category', 'description', 'quantity', 'unit', 'unitCost', 'year'];

const MAX_TEXT = 500;

const HEADER_WORDS: [PasteField, RegExp][] = [
  ['category', /^(类别|类型|费用类别|成本类别|category|type)/i],
  ['description', /^(内容|名称|项目|说明|描述|明细|description|item|name)/i],
  ['quantity', /^(数量|工程量|quantity|qty)/i],
  ['unitCost', /^(单价|单位成本|unit ?cost|unit ?price|price)/i],
  ['amount', /^(金额|合计|总价|小计|amount|total)/i],
  ['unit', /^(单位|计量单位|unit)$/i],
  ['year', /^(年度|年份|年|year)/i],
];

/** Cells of a tab-separated block; quoted cells (as spreadsheets write multi-line cells) are unquoted. */
export function splitTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  const normalized = text.replace(/\r\n?/g, '\n');
  while (i < normalized.length) {
    const c = normalized[i];
    if (atCellStart && c === '"') {
      // a quoted cell: "" is a quote, ends at the closing quote
      let j = i + 1;
      let value = '';
      while (j < normalized.length) {
        if (normalized[j] === '"') {
          if (normalized[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          break;
        }
        value += normalized[j++];
      }
      const next = normalized[j + 1];
      if (j < normalized.length && (next === undefined || next === '\t' || next === '\n')) {
        cell = value;
        i = j + 1;
        atCellStart = false;
        continue;
      }
      // not a well-formed quoted cell: read it literally
    }
    atCellStart = false;
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += c;
    }
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((c) => c.trim() !== ''));
}

function headerField(cell: string): PasteField | null {
  const clean = toHalfWidth(cell).trim().replace(/\s+/g, ' ');
  for (const [field, pattern] of HEADER_WORDS) if (pattern.test(clean)) return field;
  return null;
}

/** The unit a header cell names: 单价（元）, 金额(万元), Unit cost (10k yuan)… */
function headerUnit(cell: string): MoneyUnit | null {
  const clean = toHalfWidth(cell);
  if (/万元|万|10k/i.test(clean)) return 'wan';
  if (/元|yuan|rmb|cny/i.test(clean)) return 'yuan';
  return null;
}

interface Layout {
  columns: (PasteField | null)[];
  units: Partial<Record<PasteField, MoneyUnit>>;
}

function detectHeader(cells: string[]): Layout | null {
  const columns = cells.map(headerField);
  const known = columns.filter((c) => c !== null);
  // a header names at least two columns and has no number cells
  if (known.length < 2 || cells.some((c) => /^\s*[\d.,]+\s*$/.test(toHalfWidth(c)))) return null;
  const units: Layout['units'] = {};
  cells.forEach((cell, i) => {
    const field = columns[i];
    const unit = headerUnit(cell);
    if ((field === 'unitCost' || field === 'amount') && unit) units[field] = unit;
  });
  return { columns, units };
}

export type CellRead = { value: number } | { reason: PasteProblem['reason'] };

/** A decimal cell as an integer with `scale` decimals: thousands separators and currency signs dropped. */
function readNumber(cell: string, scale: number): CellRead {
  const clean = toHalfWidth(cell).replace(/[,，\s¥￥]/g, '').replace(/(万元|万|元|yuan)$/i, '');
  if (clean === '') return { reason: 'missing' };
  if (/^-/.test(clean) && /^-\d+(\.\d+)?$/.test(clean)) return { reason: 'negative' };
  if (!/^\d+(\.\d+)?$/.test(clean)) return { reason: 'notANumber' };
  try {
    return { value: parseDecimal(clean, scale) };
  } catch (error) {
    if (error instanceof MoneyError && /decimals/.test(error.message)) return { reason: 'tooPrecise' };
    return { reason: 'notANumber' };
  }
}

/** The unit a money cell states itself ("1,200万元", "¥35,000元"), if any. */
function cellUnit(cell: string): MoneyUnit | null {
  const clean = toHalfWidth(cell).trim();
  if (/万元?$/.test(clean)) return 'wan';
  if (/元$|yuan$/i.test(clean) || /^[¥￥]/.test(clean)) return 'yuan';
  return null;
}

/** Money in fen: 万元 has 6 decimals of fen, 元 two. */
function readMoney(cell: string, unit: MoneyUnit): CellRead {
  return readNumber(cell, unit === 'wan' ? 6 : 2);
}

/** A money cell typed or pasted into the grid, in fen: the unit the cell states, else `unit` (万元). */
export function readMoneyCell(cell: string, unit: MoneyUnit = 'wan'): CellRead {
  return readMoney(cell, cellUnit(cell) ?? unit);
}

/** A quantity cell in thousandths of a unit. */
export function readQuantityCell(cell: string): CellRead {
  return readNumber(cell, 3);
}

/** A year cell: four digits between 2000 and 2100, "2027年" allowed. */
export function readYearCell(cell: string): CellRead {
  const clean = toHalfWidth(cell).trim().replace(/年(度)?$/, '');
  if (clean === '') return { reason: 'missing' };
  return /^\d{4}$/.test(clean) && Number(clean) >= 2000 && Number(clean) <= 2100 ? { value: Number(clean) } : { reason: 'notAYear' };
}

function readRow(cells: string[], layout: Layout, options: PasteOptions): { line: PastedLine } | { problems: PasteProblem[] } {
  const cellOf = (field: PasteField): string | undefined => {
    const index = layout.columns.indexOf(field);
    return index < 0 ? undefined : (cells[index] ?? '');
  };
  const problems: PasteProblem[] = [];
  const problem = (field: PasteField, value: string, reason: PasteProblem['reason']) => problems.push({ field, value, reason });

  const categoryCell = cellOf('category') ?? '';
  const category = readCategoryCell(categoryCell);
  if (category === null) problem('category', categoryCell, 'unknownCategory');

  const description = toHalfWidth(cellOf('description') ?? '').trim();
  if (description === '') problem('description', '', 'missing');
  if (description.length > MAX_TEXT) problem('description', description.slice(0, 40), 'tooLong');
  const unit = toHalfWidth(cellOf('unit') ?? '').trim();
  if (unit.length > 50) problem('unit', unit.slice(0, 40), 'tooLong');

  const quantityCell = cellOf('quantity');
  let quantityMilli = 1000;
  if (quantityCell !== undefined && quantityCell.trim() !== '') {
    const read = readQuantityCell(quantityCell);
    if ('value' in read) quantityMilli = read.value;
    else problem('quantity', quantityCell, read.reason);
  }

  let unitCostFen = 0;
  const costCell = cellOf('unitCost');
  const amountCell = cellOf('amount');
  if (costCell !== undefined && costCell.trim() !== '') {
    const read = readMoney(costCell, cellUnit(costCell) ?? layout.units.unitCost ?? 'wan');
    if ('value' in read) unitCostFen = read.value;
    else problem('unitCost', costCell, read.reason);
  } else if (amountCell !== undefined && amountCell.trim() !== '') {
    // only an amount: the unit cost is amount ÷ quantity, to the fen
    const read = readMoney(amountCell, cellUnit(amountCell) ?? layout.units.amount ?? 'wan');
    if (!('value' in read)) problem('amount', amountCell, read.reason);
    else if (quantityMilli === 0) problem('quantity', quantityCell ?? '', 'missing');
    else unitCostFen = Math.round((read.value * 1000) / quantityMilli);
  } else {
    problem('unitCost', '', 'missing');
  }

  const yearCell = cellOf('year');
  let year = options.defaultYear;
  if (yearCell !== undefined && yearCell.trim() !== '') {
    const read = readYearCell(yearCell);
    if ('value' in read) year = read.value;
    else problem('year', yearCell, read.reason);
  }

  if (problems.length) return { problems };
  return { line: { category: category as CostCategory, description, quantityMilli, unit, unitCostFen, year } };
}

/** Read a pasted block into cost lines and the rows that could not be read. */
export function parsePastedCostLines(text: string, options: PasteOptions): PasteResult {
  const rows = splitTsv(text);
  const lines: PastedLine[] = [];
  const unreadable: UnreadableRow[] = [];
  if (rows.length === 0) return { lines, unreadable, header: false };
  const header = detectHeader(rows[0]);
  const layout: Layout = header ?? { columns: [...PASTE_COLUMNS], units: {} };
  rows.forEach((cells, index) => {
    if (header && index === 0) return;
    const read = readRow(cells, layout, options);
    if ('line' in read) lines.push(read.line);
    else unreadable.push({ row: index + 1, text: cells.join('\t'), problems: read.problems });
  });
  return { lines, unreadable, header: header !== null };
}
