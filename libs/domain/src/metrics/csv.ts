/**
 * CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark so that Excel
 * reads Chinese headers, and text cells that would start a formula (= + - @) prefixed with '
 * so an exported file cannot run anything when opened.
 */
export type CsvCell = string | number | null;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** fen → 万元 with up to 6 decimals, exact (no binary rounding error): 1 万元 = 1 000 000 fen */
export function fenToWan(fen: number): number {
  return Number((fen / 1_000_000).toFixed(6));
}
