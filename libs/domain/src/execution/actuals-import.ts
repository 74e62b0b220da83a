import { parseDecimal, type Fen } from '../money';

/**
 * Monthly actuals imported from a CSV file (预算执行月报): one row per package and month,
 * `code,month,spentWan` and any number of `kpi:<kpiId>` columns. Every bad row is reported with
 * its row number (1 = the header) and field; the caller stores nothing unless the user chose to
 * apply the good rows.
 */
export interface ImportedActual {
  row: number;
  code: string;
  month: number;
  spentFen: Fen;
  kpiActuals: Record<string, number>;
}

export interface RowError {
  row: number;
  field: string;
  reason: string;
}

export interface ImportContext {
  /** package code → its KPI ids; only funded packages */
  fundedPackages: ReadonlyMap<string, readonly string[]>;
  /** the last month that may be reported (months after it are in the future); 0 = none yet */
  lastOpenMonth: number;
}

/** RFC 4180 fields: quotes, doubled quotes, CRLF or LF; a leading byte-order mark is ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export function parseActualsCsv(text: string, context: ImportContext): { rows: ImportedActual[]; errors: RowError[] } {
  return parseActualsTable(parseCsv(text), context);
}

/** The same rows from any table of text cells (a CSV file, or an XLSX sheet read by the API): row 1 is the header. */
export function parseActualsTable(table: readonly (readonly string[])[], context: ImportContext): { rows: ImportedActual[]; errors: RowError[] } {
  const errors: RowError[] = [];
  if (table.length === 0) return { rows: [], errors: [{ row: 1, field: 'header', reason: 'the file is empty' }] };
  const header = table[0].map((h) => h.trim());
  for (const required of ['code', 'month', 'spentWan']) {
    if (!header.includes(required)) errors.push({ row: 1, field: required, reason: `missing column "${required}"` });
  }
  const unknownColumn = header.find((h) => !['code', 'month', 'spentWan'].includes(h) && !/^kpi:[A-Za-z0-9_-]{1,64}$/.test(h));
  if (unknownColumn !== undefined) errors.push({ row: 1, field: unknownColumn, reason: 'unknown column (expected code, month, spentWan or kpi:<id>)' });
  if (errors.length) return { rows: [], errors };
  const col = (name: string) => header.indexOf(name);
  const rows: ImportedActual[] = [];
  const seen = new Set<string>();
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const before = errors.length;
    const code = (cells[col('code')] ?? '').trim();
    const kpiIds = context.fundedPackages.get(code);
    if (!kpiIds) errors.push({ row, field: 'code', reason: `"${code.slice(0, 40)}" is not a funded package of this cycle` });
    const monthText = (cells[col('month')] ?? '').trim();
    const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : NaN;
    if (!(month >= 1 && month <= 12)) errors.push({ row, field: 'month', reason: 'must be a month from 1 to 12' });
    else if (month > context.lastOpenMonth) errors.push({ row, field: 'month', reason: `month ${month} is in the future` });
    let spentFen = 0;
    const spentText = (cells[col('spentWan')] ?? '').trim();
    try {
      spentFen = parseDecimal(spentText, 6);
      if (spentFen < 0) errors.push({ row, field: 'spentWan', reason: 'must not be negative' });
    } catch {
      errors.push({ row, field: 'spentWan', reason: `"${spentText.slice(0, 40)}" is not an amount in 万元 (up to 6 decimals)` });
    }
    const kpiActuals: Record<string, number> = {};
    header.forEach((h, c) => {
      if (!h.startsWith('kpi:')) return;
      const value = (cells[c] ?? '').trim();
      if (value === '') return;
      const id = h.slice(4);
      if (kpiIds && !kpiIds.includes(id)) errors.push({ row, field: h, reason: `package ${code} has no KPI "${id}"` });
      else if (!/^-?\d+(\.\d+)?$/.test(value)) errors.push({ row, field: h, reason: `"${value.slice(0, 40)}" is not a number` });
      else kpiActuals[id] = Number(value);
    });
    const key = `${code}|${month}`;
    if (errors.length === before && seen.has(key)) errors.push({ row, field: 'month', reason: `${code} month ${month} appears twice` });
    if (errors.length === before) {
      seen.add(key);
      rows.push({ row, code, month, spentFen, kpiActuals });
    }
  });
  return { rows, errors };
}
