/**
 * Conflict records as every channel shows them (REST, Socket.IO `conflict`, the web inbox): one
 * definition for the api and the web client. Storage and detection shapes stay in apps/api.
 */

export const CONFLICT_KINDS = ['concurrentOverwrite', 'editDelete', 'splitInvariant', 'envelope', 'quota', 'duplicateWork'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const CONFLICT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

export const RESOLUTION_ACTIONS = ['keepIncoming', 'keepPrevious', 'newValue', 'restore', 'acceptJointImplementation', 'dismiss'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/** What settles each kind. Envelope and quota records clear by themselves once the numbers fit. */
export const ACTIONS_BY_KIND: Record<ConflictKind, readonly ResolutionAction[]> = {
  concurrentOverwrite: ['keepIncoming', 'keepPrevious', 'newValue', 'dismiss'],
  editDelete: ['restore', 'keepIncoming', 'keepPrevious', 'newValue', 'dismiss'],
  splitInvariant: ['newValue', 'dismiss'],
  envelope: ['dismiss'],
  quota: ['dismiss'],
  duplicateWork: ['acceptJointImplementation', 'dismiss'],
};

/** Who made a change, as far as the server knows (department as id and code). */
export interface Who {
  userId: string | null;
  departmentId: string | null;
  department: string | null;
  /** edit-log origin of the change: client, rest, resolution, … */
  origin: string | null;
  /** ISO time the server received it */
  at: string | null;
}

/** One of the values in conflict, with who and when. */
export interface CompetingValue extends Who {
  /** previous / incoming for edit conflicts; envelope / request, quota / package, share, line for invariants */
  side: string;
  value: unknown;
  /** the Yjs client id that wrote it (edit conflicts) */
  clientId?: number | null;
}

export interface Resolution {
  /** the action, or 'cleared' when an invariant held again */
  action: ResolutionAction | 'cleared';
  /** the value the document now holds for it (when the action wrote one) */
  value?: unknown;
  by: { userId: string; name: string; department: string | null; role: 'coordinator' | 'liaison' } | null;
  at: string;
  comment: string | null;
  /** acceptJointImplementation: what merging the lines saved */
  savingFen?: number;
}

/** What REST and Socket.IO clients see: a record with department codes and ISO times. */
export interface ConflictView {
  id: string;
  cycleId: string;
  packageId: string;
  packageCode: string;
  kind: ConflictKind;
  key: string;
  path: string;
  competing: CompetingValue[];
  details: Record<string, unknown>;
  /** the departments involved (codes) */
  departments: string[];
  status: ConflictStatus;
  resolution: Resolution | null;
  /** the actions that settle this kind */
  actions: readonly ResolutionAction[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

/** The Socket.IO event `conflict`. */
export interface ConflictEvent {
  type: 'created' | 'updated' | 'resolved';
  conflict: ConflictView;
}
