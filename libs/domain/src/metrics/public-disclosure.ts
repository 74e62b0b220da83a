import type { CycleStage } from '../types';

/**
 * What a cycle discloses to the public (信息公开). This is its own shape, built field by field
 * from the stored data — never an internal view with fields removed — so nothing internal
 * (comments, drafts, conflicts, individual reviewer scores, e-mails, user names) can leak by
 * being forgotten. `PUBLIC_FIELDS` lists every key the payload may contain; the tests walk the
 * whole payload against it.
 */
export interface PublicKpi {
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: 'increase' | 'decrease';
  /** the reported result; null until execution reports one */
  result: number | null;
}

export interface PublicDepartment {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface PublicPackage {
  code: string;
  title: string;
  purpose: string;
  departments: PublicDepartment[];
  /** what the package asked for, fen */
  requestedFen: number;
  /** what it was allocated, fen; null before the allocation stage is published */
  allocatedFen: number | null;
  tier: 'high' | 'medium' | 'low' | null;
  targets: PublicKpi[];
}

export interface PublicDepartmentAmount {
  department: PublicDepartment;
  requestedFen: number;
  /** null before the allocation stage is published */
  allocatedFen: number | null;
}

export interface PublicCycle {
  /** `nameEn` is absent from snapshots published before it was disclosed */
  cycle: { id: string; name: string; nameEn?: string; fiscalYear: number; totalQuotaFen: number; reserveBasisPoints: number };
  /** the cycle stage this disclosure was published at */
  publishedStage: CycleStage;
  publishedAt: string;
  /** true once allocation is published: `packages` are the funded ones with their amounts */
  allocationPublished: boolean;
  packages: PublicPackage[];
  amountsByDepartment: PublicDepartmentAmount[];
  totals: { requestedFen: number; allocatedFen: number | null };
  /**
   * The head of the cycle's tamper-evident chain of recorded ranking runs (which seals the edit log
   * and meeting decisions) when this was published: anyone later given the chain's export checks
   * that it still ends in (or passes through) this hash. Null when no run was recorded.
   */
  checkpoint: { hash: string; runs: number; recordedAt: string } | null;
}

/**
 * One publication of a cycle as its coordinators see it (GET /api/cycles/:cycleId/publications):
 * the public reads the newest one that is not withdrawn; withdrawing takes every one of them down.
 */
export interface PublicationRecord {
  id: string;
  stage: CycleStage;
  publishedAt: string;
  /** packages the snapshot lists */
  packages: number;
  /** the one the public reads now */
  current: boolean;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

/** Longest reason a coordinator may give for withdrawing a publication. */
export const MAX_WITHDRAW_REASON_LENGTH = 500;

/** GET /api/public/cycles: a cycle with something public, as the list of published cycles shows it. */
export interface PublishedCycle {
  id: string;
  name: string;
  nameEn: string;
  fiscalYear: number;
  publishedStage: CycleStage;
  publishedAt: string;
}

/** stages from which the allocation (funded packages and amounts) is public */
export const ALLOCATION_STAGES: readonly CycleStage[] = ['allocation', 'execution', 'evaluation'];

/** Every key a public payload may hold, at any depth. */
export const PUBLIC_FIELDS: ReadonlySet<string> = new Set([
  'cycle', 'id', 'name', 'fiscalYear', 'totalQuotaFen', 'reserveBasisPoints', 'publishedStage', 'publishedAt', 'allocationPublished',
  'packages', 'code', 'title', 'purpose', 'departments', 'nameZh', 'nameEn', 'requestedFen', 'allocatedFen', 'tier', 'targets',
  'unit', 'baseline', 'target', 'direction', 'result', 'amountsByDepartment', 'department', 'totals',
  'checkpoint', 'hash', 'runs', 'recordedAt',
]);

/** Keys found anywhere in a JSON value that are not public (empty when the payload is clean). */
export function nonPublicKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPublicKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(PUBLIC_FIELDS.has(k) ? [] : [`${path}.${k}`]), ...nonPublicKeys(v, `${path}.${k}`)]);
}
