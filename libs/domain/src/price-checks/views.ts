import type { Membership } from '../types';
import type { PriceCatalogueEntry } from './catalogue';
import type { LinePriceCheck, PastSpend } from './comparison';

/** GET /api/packages/:id/price-checks: the checks of the package's lines, and what they were checked against (so the editor checks lines as they are typed). */
export interface PackagePriceChecksView {
  packageId: string;
  cycleId: string;
  /** every catalogue entry */
  catalogue: PriceCatalogueEntry[];
  /** the past spending of the package's departments; empty when the reader does not see past actuals */
  past: PastSpend[];
  /** whether past actuals were compared (see readsPastActuals) */
  pastCompared: boolean;
  lines: LinePriceCheck[];
}

/** One flagged line of a cycle, with its package. */
export interface CyclePriceFlag extends LinePriceCheck {
  packageId: string;
  packageCode: string;
  packageTitle: string;
}

/** GET /api/cycles/:cycleId/price-checks: every flagged line of the packages the reader reads. */
export interface CyclePriceChecksView {
  cycleId: string;
  /** cost lines checked (with a unit cost and quantity) */
  checkedLines: number;
  /** of them, lines with a catalogue entry for their category and unit */
  withCatalogue: number;
  /** of them, lines whose department has past per-unit actuals */
  withPastUnitCost: number;
  pastCompared: boolean;
  flagged: CyclePriceFlag[];
}

/** The answer of a catalogue import: entries added and changed (a failed import stores nothing and answers 400). */
export interface CatalogueImportResult {
  created: number;
  updated: number;
}

/**
 * Past actuals are compared for the members who work in the cycle (coordinators, liaisons,
 * reviewers): the figures come from other cycles' unpublished packages. Observers and
 * third-party evaluators see the catalogue comparison only.
 */
export function readsPastActuals(memberships: readonly Membership[], cycleId: string): boolean {
  return memberships.some((m) => m.cycleId === cycleId && (m.role === 'coordinator' || m.role === 'liaison' || m.role === 'reviewer'));
}
