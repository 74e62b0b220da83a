import type { RowError } from '@zerobase/domain';

/** A chosen CSV or XLSX file as an import body: `{ csv }` as text, `{ xlsxBase64 }` for a workbook. */
export async function tableFileBody(file: File): Promise<{ csv: string } | { xlsxBase64: string }> {
  if (!file.name.toLowerCase().endsWith('.xlsx')) return { csv: await file.text() };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { xlsxBase64: btoa(binary) };
}

/** The rows of a refused import: the server names each bad cell as "row N: column" (0: not a row, e.g. the file). */
export function importRowErrors(fields: readonly { field: string; reason: string }[]): RowError[] {
  return fields.map((f) => {
    const m = /^row (\d+): (.*)$/.exec(f.field);
    return m ? { row: Number(m[1]), field: m[2], reason: f.reason } : { row: 0, field: f.field, reason: f.reason };
  });
}
