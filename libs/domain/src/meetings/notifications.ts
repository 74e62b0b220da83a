import type { Role } from '../types';

/** Every kind of notification; users mute them one kind at a time. */
export const NOTIFICATION_KINDS = [
  'sectionEdited',
  'conflict',
  'packageScored',
  'packageRanked',
  'packageFunded',
  'packageCut',
  'stageGate',
  'meetingStarted',
  'followUpAssigned',
  'followUpOverdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A member of a cycle, as the notification rules see them. */
export interface CycleMember {
  userId: string;
  role: Role;
  departmentId: string | null;
}

export interface Recipient {
  userId: string;
  /** the department on whose behalf the user is told (a liaison's), or null */
  departmentId: string | null;
}

function liaisonsOf(members: readonly CycleMember[], departmentIds: Iterable<string>): Recipient[] {
  const wanted = new Set(departmentIds);
  return members.filter((m) => m.role === 'liaison' && m.departmentId && wanted.has(m.departmentId)).map((m) => ({ userId: m.userId, departmentId: m.departmentId }));
}

function coordinatorsOf(members: readonly CycleMember[]): Recipient[] {
  return members.filter((m) => m.role === 'coordinator').map((m) => ({ userId: m.userId, departmentId: null }));
}

/** One entry per user (a user with two liaison memberships is told once), never the actor. */
function unique(recipients: Recipient[], actorUserId: string | null): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const r of recipients) if (r.userId !== actorUserId && !seen.has(r.userId)) seen.set(r.userId, r);
  return [...seen.values()];
}

export interface PackageEdit {
  packageDepartmentIds: readonly string[];
  editorUserId: string | null;
  /** the department the editor wrote for; null for coordinators and the server */
  editorDepartmentId: string | null;
  /** sections the change touched: 'shared' or `dept:<id>` */
  sections: readonly string[];
}

/**
 * "Another department edited your section or a shared field of your package": the liaisons of
 * each department whose own section was touched, and for shared fields the liaisons of every
 * owning department, except the editor's own department.
 */
export function editRecipients(members: readonly CycleMember[], edit: PackageEdit): Recipient[] {
  const owners = new Set(edit.packageDepartmentIds);
  const told = new Set<string>();
  for (const section of edit.sections) {
    if (section === 'shared') for (const d of owners) told.add(d);
    else if (section.startsWith('dept:') && owners.has(section.slice(5))) told.add(section.slice(5));
  }
  if (edit.editorDepartmentId) told.delete(edit.editorDepartmentId);
  return unique(liaisonsOf(members, told), edit.editorUserId);
}

/** A conflict involves the liaisons of its departments; coordinators resolve conflicts, so they are told too. */
export function conflictRecipients(members: readonly CycleMember[], departmentIds: readonly string[], actorUserId: string | null = null): Recipient[] {
  return unique([...liaisonsOf(members, departmentIds), ...coordinatorsOf(members)], actorUserId);
}

/** Scored, ranked, funded, cut: the liaisons of the package's departments. */
export function packageRecipients(members: readonly CycleMember[], packageDepartmentIds: readonly string[], actorUserId: string | null = null): Recipient[] {
  return unique(liaisonsOf(members, packageDepartmentIds), actorUserId);
}

/** A stage gate concerns everyone working in the cycle; observers follow publication instead, third-party evaluators only their packages. */
export function stageGateRecipients(members: readonly CycleMember[], actorUserId: string | null = null): Recipient[] {
  return unique(
    members.filter((m) => m.role !== 'observer' && m.role !== 'evaluator').map((m) => ({ userId: m.userId, departmentId: m.role === 'liaison' ? m.departmentId : null })),
    actorUserId,
  );
}

/** A meeting starts: the liaisons of the invited departments, the reviewers and the other coordinators. */
export function meetingRecipients(members: readonly CycleMember[], invitedDepartmentIds: readonly string[], actorUserId: string | null = null): Recipient[] {
  const reviewers = members.filter((m) => m.role === 'reviewer').map((m) => ({ userId: m.userId, departmentId: null }));
  return unique([...liaisonsOf(members, invitedDepartmentIds), ...coordinatorsOf(members), ...reviewers], actorUserId);
}

/** A follow-up action assigned to, or overdue at, a department: its liaisons. */
export function followUpRecipients(members: readonly CycleMember[], departmentId: string, actorUserId: string | null = null): Recipient[] {
  return unique(liaisonsOf(members, [departmentId]), actorUserId);
}

/**
 * No storm: a notification of the same kind about the same thing for the same person within
 * the window folds into the previous one (its count grows, nobody is pushed again).
 */
export function shouldCoalesce(previousCreatedAt: number | null, now: number, windowMs: number): boolean {
  return previousCreatedAt !== null && windowMs > 0 && now - previousCreatedAt < windowMs;
}

export interface RankedPackage {
  packageId: string;
  position: number;
  funded: boolean;
}

export interface RankingChange {
  packageId: string;
  kind: 'packageFunded' | 'packageCut' | 'packageRanked';
  from: number | null;
  to: number;
}

/** What changed for each package between two rankings; a package new to the ranking counts as ranked. */
export function rankingChanges(before: readonly RankedPackage[], after: readonly RankedPackage[]): RankingChange[] {
  const old = new Map(before.map((p) => [p.packageId, p]));
  const out: RankingChange[] = [];
  for (const now of after) {
    const was = old.get(now.packageId);
    if (was && was.funded !== now.funded) out.push({ packageId: now.packageId, kind: now.funded ? 'packageFunded' : 'packageCut', from: was.position, to: now.position });
    else if (!was || was.position !== now.position) out.push({ packageId: now.packageId, kind: 'packageRanked', from: was?.position ?? null, to: now.position });
  }
  return out;
}
