import { targetOfPath } from '@zerobase/collab';
import { COST_LINE_TEST_IDS } from '../collab/editor-columns';

/**
 * Where the editor shows the value an edit-log path names: the test id of its field, inside the
 * grid with test id `grid` when it is a cell. `rows`: the path names a collection (rows added,
 * removed or moved), marked on the grid itself.
 */
export interface MarkTarget {
  grid: string | null;
  field: string;
  rows: boolean;
}

const TEXT_FIELDS: Record<string, string> = {
  title: 'collab-title',
  contingencyBasisPoints: 'contingency',
  purpose: 'collab-purpose',
  narrative: 'collab-narrative',
  consequencesOfNotFunding: 'collab-consequences',
};

const SPLIT_PREFIX = 'shared/costSplit.';

/** The editor's element for an edit-log path (the test ids of co-editing.html, cost-section.ts, row-grid.ts); null when it shows none. */
export function markTarget(path: string): MarkTarget | null {
  const target = targetOfPath(path);
  if (!target) return null;
  const { field, section, row, key } = target;
  const cell = (grid: string, prefix: string | undefined): MarkTarget | null => {
    if (row === undefined) return { grid: null, field: grid, rows: true };
    if (key === undefined || prefix === undefined) return null;
    return { grid, field: prefix + row, rows: false };
  };
  switch (field) {
    case 'title':
    case 'contingencyBasisPoints':
    case 'purpose':
    case 'narrative':
    case 'consequencesOfNotFunding':
      return { grid: null, field: TEXT_FIELDS[field], rows: false };
    case 'notes':
      return { grid: null, field: `notes-${section}`, rows: false };
    case 'costSplit':
      return path.startsWith(SPLIT_PREFIX) ? { grid: null, field: `split-${path.slice(SPLIT_PREFIX.length)}`, rows: false } : { grid: null, field: 'split-sum', rows: false };
    case 'objectives':
    case 'alternatives':
      return { grid: null, field, rows: true };
    case 'costLines':
      return cell(`collab-lines-${section}`, key === undefined ? undefined : (COST_LINE_TEST_IDS as Record<string, string>)[key]);
    case 'activities':
      return cell(`activities-${section}`, key === undefined ? undefined : `cell-${key}-`);
    case 'kpis':
    case 'risks':
    case 'levels':
      return cell(field, key === undefined ? undefined : `cell-${key}-`);
  }
}

/** `12-02 10:31` this year, `2025-12-02 10:31` before (local time). */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
  return at.getFullYear() === now.getFullYear() ? day : `${at.getFullYear()}-${day}`;
}
