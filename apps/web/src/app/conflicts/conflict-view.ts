/**
 * A conflict record as the API answers it (GET /api/…/conflicts, Socket.IO `conflict`).
 * The fields the client reads of apps/api core/conflicts ConflictView; see the report on
 * moving that definition to libs/domain.
 */
export interface CompetingValueView {
  side: string;
  value: unknown;
  userId: string | null;
  department: string | null;
  origin: string | null;
  at: string | null;
}

export interface ConflictViewData {
  id: string;
  cycleId: string;
  packageId: string;
  packageCode: string;
  kind: string;
  key: string;
  path: string;
  competing: CompetingValueView[];
  details: Record<string, unknown>;
  departments: string[];
  status: 'open' | 'resolved' | 'dismissed';
  resolution: { action: string; value?: unknown; by: { name: string; department: string | null } | null; at: string; comment: string | null } | null;
  actions: readonly string[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface ConflictEventData {
  type: 'created' | 'updated' | 'resolved';
  conflict: ConflictViewData;
}
