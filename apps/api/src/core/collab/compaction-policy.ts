/**
 * When to fold a document's log into its snapshot. Compaction rebuilds the whole document, so a
 * fixed interval would make its total cost grow with the square of the document's history; the
 * interval grows with what is already compacted (an eighth of it), between `minimum` and a cap
 * that keeps cold loads short.
 */
export const COMPACTION_INTERVAL_CAP = 20_000;

export function compactionDue(tailUpdates: number, compactedUpdates: number, minimum: number): boolean {
  const interval = Math.max(minimum, Math.min(COMPACTION_INTERVAL_CAP, Math.floor(compactedUpdates / 8)));
  return tailUpdates >= interval;
}
