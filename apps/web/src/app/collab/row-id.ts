/** A stable, unique row id for a row created in this browser (cost lines, KPIs, risks, activities). */
export function newRowId(): string {
  // getRandomValues works outside secure contexts too (randomUUID does not)
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `r-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
