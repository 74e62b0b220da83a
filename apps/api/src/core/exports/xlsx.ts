import ExcelJS from 'exceljs';
import { fenToWan } from '@zerobase/domain';
import type { ExportTable } from './export-tables';

/** 万元 with two decimals and thousands separators */
export const WAN_FORMAT = '#,##0.00"万元"';

/** One workbook, one sheet per table: Chinese headers, money as numbers in 万元 with a 万元 format. */
export async function tablesToXlsx(tables: readonly ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Zerobase';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.kind === 'text' ? 24 : 16, style: c.kind === 'wan' ? { numFmt: WAN_FORMAT } : {} }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v, i) => (table.columns[i].kind === 'wan' && typeof v === 'number' ? fenToWan(v) : v)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
