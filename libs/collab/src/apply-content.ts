/**
 * Make a document's content equal to a plain package content with the fewest Yjs operations:
 * unchanged fields, rows and characters are left alone, so the change touches only the
 * sections whose content really differs (and is authorized on exactly those). Used for REST
 * edits and to restore a named version as a new change.
 */
import * as Y from 'yjs';
import { addRow, listRows, removeRow, updateRow, type RowPatch } from './row-access';
import { valuesEqual } from './rows';
import type { RowTypes } from './row-types';
import { SHARED_SECTION, departmentSection, type RowCollection, type SectionName } from './schema';
import { setContingencyBasisPoints, setCostSplit, setDepartmentNotes, setList, setSharedText, setTitle } from './shared-fields';
import type { PackageContent } from './populate';
import { ROW_KEY } from './schema';

/** Only the parts given are changed; rows are matched by their stable key. */
export type ContentPatch = Partial<PackageContent>;

function syncRows<C extends RowCollection>(doc: Y.Doc, section: SectionName, collection: C, target: readonly RowTypes[C][]): void {
  const keyField = ROW_KEY[collection] as keyof RowTypes[C];
  const current = new Map(listRows(doc, section, collection).map((r) => [String(r[keyField]), r]));
  const wanted = new Map(target.map((r) => [String(r[keyField]), r]));
  for (const key of current.keys()) if (!wanted.has(key)) removeRow(doc, section, collection, key);
  for (const [key, row] of wanted) {
    const existing = current.get(key);
    if (!existing) {
      addRow(doc, section, collection, row);
      continue;
    }
    const patch: Record<string, unknown> = {};
    const fields = new Set([...Object.keys(existing), ...Object.keys(row)]);
    for (const field of fields) {
      const next = (row as unknown as Record<string, unknown>)[field];
      if (!valuesEqual((existing as unknown as Record<string, unknown>)[field], next)) patch[field] = next;
    }
    if (Object.keys(patch).length > 0) updateRow(doc, section, collection, key, patch as RowPatch<C>);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

export function applyContent(doc: Y.Doc, content: ContentPatch, origin?: unknown): void {
  doc.transact(() => {
    if (content.title !== undefined) setTitle(doc, content.title);
    if (content.purpose !== undefined) setSharedText(doc, 'purpose', content.purpose);
    if (content.narrative !== undefined) setSharedText(doc, 'narrative', content.narrative);
    if (content.consequencesOfNotFunding !== undefined) setSharedText(doc, 'consequencesOfNotFunding', content.consequencesOfNotFunding);
    if (content.objectives !== undefined) setList(doc, 'objectives', content.objectives);
    if (content.alternatives !== undefined) setList(doc, 'alternatives', content.alternatives);
    if (content.contingencyBasisPoints !== undefined) setContingencyBasisPoints(doc, content.contingencyBasisPoints);
    if (content.costSplit !== undefined) setCostSplit(doc, content.costSplit);
    if (content.kpis !== undefined) syncRows(doc, SHARED_SECTION, 'kpis', content.kpis);
    if (content.risks !== undefined) syncRows(doc, SHARED_SECTION, 'risks', content.risks);
    if (content.levels !== undefined) syncRows(doc, SHARED_SECTION, 'levels', content.levels);
    if (content.sharedCostLines !== undefined) syncRows(doc, SHARED_SECTION, 'costLines', content.sharedCostLines);
    const departments = content.departmentIds ?? [];
    if (content.costLines !== undefined) {
      const byDepartment = groupBy(content.costLines, (l) => l.departmentId);
      for (const dept of new Set([...departments, ...byDepartment.keys()])) {
        const lines = (byDepartment.get(dept) ?? []).map(({ departmentId: _d, ...line }) => line as RowTypes['costLines']);
        syncRows(doc, departmentSection(dept), 'costLines', lines);
      }
    }
    if (content.activities !== undefined) {
      const byOwner = groupBy(content.activities, (a) => a.departmentId ?? SHARED_SECTION);
      for (const owner of new Set([SHARED_SECTION, ...departments, ...byOwner.keys()])) {
        const rows = (byOwner.get(owner) ?? []).map(({ departmentId: _d, ...a }) => a as RowTypes['activities']);
        syncRows(doc, owner === SHARED_SECTION ? SHARED_SECTION : departmentSection(owner), 'activities', rows);
      }
    }
    if (content.notes !== undefined) for (const [dept, text] of Object.entries(content.notes)) setDepartmentNotes(doc, dept, text);
  }, origin);
}
