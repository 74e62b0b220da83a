import { addFen, mulDivRound, type Fen } from '../money';
import type { PackageStage } from '../types';
import { pearson, round, type Correlation } from './statistics';

/**
 * Collaboration metrics of a cycle, as pure formulas over what the server stores: packages (with
 * the amounts their departments would have asked for separately), the edit log, conflict records
 * and — once they exist — coordination meetings. Every definition is written in docs/metrics.md.
 */

export interface MetricsPackage {
  id: string;
  code: string;
  departmentIds: readonly string[];
  /** cost split between the owning departments, basis points (sum 10 000) */
  shares: readonly { departmentId: string; basisPoints: number }[];
  /** what the package asks for: cost lines + contingency */
  budgetFen: Fen;
  /** what its departments asked for separately before the joint package; empty when not recorded */
  separateRequests: readonly { departmentId: string; amountFen: Fen }[];
  /** cost lines of the package's shared part (owned by no single department) */
  sharedCostLines: number;
  createdAt: string;
  /** stage moves with their time, oldest first */
  stageMoves: readonly { from: PackageStage; to: PackageStage; at: string }[];
  /** change of its satisfaction target in percentage points (result − baseline when known, else target − baseline); null without one */
  satisfactionChange: number | null;
}

/** one committed change of a package document by a department's liaison */
export interface MetricsEdit {
  packageId: string;
  departmentId: string;
  /** sections the change touched: `shared` or `dept:<departmentId>` */
  sections: readonly string[];
  at: string;
}

export interface MetricsConflict {
  packageId: string;
  departmentIds: readonly string[];
  createdAt: string;
  /** set when resolved (not when dismissed) */
  resolvedAt: string | null;
}

export interface MetricsMeeting {
  at: string;
  departmentIds: readonly string[];
  packageIds: readonly string[];
}

export interface MetricsPeriod {
  /** inclusive ISO instant, null = open */
  from: string | null;
  /** exclusive ISO instant, null = open */
  to: string | null;
}

export interface MetricsInput {
  packages: readonly MetricsPackage[];
  edits: readonly MetricsEdit[];
  conflicts: readonly MetricsConflict[];
  /** null while no meeting source exists: meeting frequency is then reported as not recorded */
  meetings: readonly MetricsMeeting[] | null;
  period?: MetricsPeriod;
}

export const SCORE_PARTS = ['sharing', 'jointness', 'savings', 'conflicts', 'decisions', 'meetings'] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

export interface ScoreRule {
  /** weights of the parts, summing to 100 */
  weights: Record<ScorePart, number>;
  /** a saving of this share of the separate requests earns the full savings part (basis points) */
  fullSavingsBasisPoints: number;
  /** a conflict resolved within this many days counts as resolved in time */
  conflictDays: number;
  /** a decision within this many days earns full marks; none at `slowDecisionDays` */
  fastDecisionDays: number;
  slowDecisionDays: number;
  /** meetings per 30 days that earn the full meetings part */
  fullMeetingsPerMonth: number;
}

/** The published weights of the collaboration score (docs/metrics.md). */
export const DEFAULT_SCORE_RULE: ScoreRule = {
  weights: { sharing: 25, jointness: 15, savings: 25, conflicts: 15, decisions: 10, meetings: 10 },
  fullSavingsBasisPoints: 2_000,
  conflictDays: 7,
  fastDecisionDays: 14,
  slowDecisionDays: 90,
  fullMeetingsPerMonth: 2,
};

export interface ScorePartValue {
  key: ScorePart;
  weight: number;
  /** 0–1, null when there is nothing to measure (its weight is then shared by the others) */
  value: number | null;
  /** what it adds to the score */
  points: number;
}

export interface CollaborationFigures {
  packages: number;
  jointPackages: number;
  edits: number;
  crossDepartmentEdits: number;
  sharedCostLines: number;
  /** cross-department edits + shared cost lines + joint packages */
  informationSharing: number;
  /** null: no meetings recorded (no meeting source yet) */
  meetings: number | null;
  meetingsPerMonth: number | null;
  decided: number;
  meanDecisionDays: number | null;
  meanDecisionRounds: number | null;
  conflicts: number;
  conflictsResolved: number;
  conflictsOpen: number;
  meanResolutionDays: number | null;
  /** over joint packages with recorded separate requests */
  separateRequestsFen: Fen;
  jointBudgetFen: Fen;
  savedFen: Fen;
  /** 0–100, null when no part has anything to measure */
  score: number | null;
  scoreParts: ScorePartValue[];
}

export interface PairFigures extends CollaborationFigures {
  departmentIds: [string, string];
  /** packages both departments edited in the period: the weight of the collaboration network */
  coEditedPackages: number;
}

export interface CollaborationMetrics {
  period: MetricsPeriod;
  meetingsRecorded: boolean;
  rule: ScoreRule;
  cycle: CollaborationFigures;
  departments: (CollaborationFigures & { departmentId: string })[];
  pairs: PairFigures[];
  packages: (CollaborationFigures & { packageId: string; code: string })[];
  correlations: {
    /** collaboration score against money saved, over non-joint packages (saving 0) and joint packages with recorded separate requests */
    scoreVsSaved: Correlation;
    /** collaboration score against the change of the satisfaction target, over packages that have one */
    scoreVsSatisfaction: Correlation;
    /** the (score, value) pairs each rests on, one per package: pooled across cycles by `correlationsAcrossCycles` */
    samples: { scoreVsSaved: CorrelationSample[]; scoreVsSatisfaction: CorrelationSample[] };
  };
}

export interface CorrelationSample {
  packageId: string;
  score: number;
  value: number;
}

/** The two correlations over the packages of several cycles together, and per cycle, each with the pairs it rests on. */
export interface CrossCycleCorrelations {
  cycles: { cycleId: string; name: string; scoreVsSaved: Correlation; scoreVsSatisfaction: Correlation }[];
  scoreVsSaved: Correlation;
  scoreVsSatisfaction: Correlation;
}

/** Pools the packages of several cycles (each package counts once, in the cycle it belongs to). */
export function correlationsAcrossCycles(cycles: readonly { cycleId: string; name: string; correlations: CollaborationMetrics['correlations'] }[]): CrossCycleCorrelations {
  const pairs = (pick: 'scoreVsSaved' | 'scoreVsSatisfaction') => cycles.flatMap((c) => c.correlations.samples[pick].map((s) => [s.score, s.value] as const));
  return {
    cycles: cycles.map((c) => ({ cycleId: c.cycleId, name: c.name, scoreVsSaved: c.correlations.scoreVsSaved, scoreVsSatisfaction: c.correlations.scoreVsSatisfaction })),
    scoreVsSaved: pearson(pairs('scoreVsSaved')),
    scoreVsSatisfaction: pearson(pairs('scoreVsSatisfaction')),
  };
}

const DAY_MS = 86_400_000;

/** the decision of a package: its first move out of review to a later stage; rounds = submissions to review up to then */
export function packageDecision(pkg: Pick<MetricsPackage, 'createdAt' | 'stageMoves'>): { at: string; days: number; rounds: number } | null {
  let rounds = 0;
  for (const move of pkg.stageMoves) {
    if (move.to === 'review') rounds += 1;
    if (move.from === 'review' && move.to !== 'drafting') {
      return { at: move.at, days: round((Date.parse(move.at) - Date.parse(pkg.createdAt)) / DAY_MS, 2), rounds: Math.max(rounds, 1) };
    }
  }
  return null;
}

/** separate requests − the joint budget, for a joint package with recorded separate requests; null otherwise */
export function packageSaving(pkg: Pick<MetricsPackage, 'departmentIds' | 'budgetFen' | 'separateRequests'>): { separateFen: Fen; jointFen: Fen; savedFen: Fen } | null {
  if (pkg.departmentIds.length < 2 || pkg.separateRequests.length === 0) return null;
  const separateFen = addFen(...pkg.separateRequests.map((r) => r.amountFen));
  return { separateFen, jointFen: pkg.budgetFen, savedFen: separateFen - pkg.budgetFen };
}

/** an edit is cross-department when its author's department edits a joint package's shared part or another department's section */
export function isCrossDepartmentEdit(edit: MetricsEdit, pkg: Pick<MetricsPackage, 'departmentIds'> | undefined): boolean {
  if (!pkg || pkg.departmentIds.length < 2) return false;
  return edit.sections.some((s) => s !== `dept:${edit.departmentId}`);
}

function inPeriod(at: string | null, period: MetricsPeriod): boolean {
  if (at === null) return false;
  const t = Date.parse(at);
  if (period.from !== null && t < Date.parse(period.from)) return false;
  if (period.to !== null && t >= Date.parse(period.to)) return false;
  return true;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((s, v) => s + v, 0) / values.length, 2);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

interface Scope {
  packages: readonly MetricsPackage[];
  edits: readonly MetricsEdit[];
  conflicts: readonly MetricsConflict[];
  meetings: readonly MetricsMeeting[] | null;
  /** share of each package's saving that belongs to the scope, basis points */
  savingShare: (pkg: MetricsPackage) => number;
}

function figures(scope: Scope, byId: ReadonlyMap<string, MetricsPackage>, period: MetricsPeriod, monthsInPeriod: number, rule: ScoreRule): CollaborationFigures {
  const edits = scope.edits.filter((e) => inPeriod(e.at, period));
  const cross = edits.filter((e) => isCrossDepartmentEdit(e, byId.get(e.packageId))).length;
  const joint = scope.packages.filter((p) => p.departmentIds.length > 1);
  const sharedCostLines = joint.reduce((s, p) => s + p.sharedCostLines, 0);
  const meetings = scope.meetings === null ? null : scope.meetings.filter((m) => inPeriod(m.at, period)).length;
  const meetingsPerMonth = meetings === null ? null : round(meetings / monthsInPeriod, 2);
  const decisions = scope.packages.map(packageDecision).filter((d): d is NonNullable<typeof d> => d !== null && inPeriod(d.at, period));
  const conflicts = scope.conflicts.filter((c) => inPeriod(c.createdAt, period));
  const resolved = conflicts.filter((c) => c.resolvedAt !== null);
  const resolutionDays = resolved.map((c) => (Date.parse(c.resolvedAt as string) - Date.parse(c.createdAt)) / DAY_MS);
  let separateRequestsFen = 0;
  let jointBudgetFen = 0;
  let savedFen = 0;
  for (const p of scope.packages) {
    const saving = packageSaving(p);
    if (!saving) continue;
    const share = scope.savingShare(p);
    separateRequestsFen = addFen(separateRequestsFen, mulDivRound(saving.separateFen, share, 10_000));
    jointBudgetFen = addFen(jointBudgetFen, mulDivRound(saving.jointFen, share, 10_000));
    savedFen = addFen(savedFen, mulDivRound(saving.savedFen, share, 10_000));
  }
  const values: Record<ScorePart, number | null> = {
    sharing: edits.length === 0 ? null : cross / edits.length,
    jointness: scope.packages.length === 0 ? null : joint.length / scope.packages.length,
    savings: separateRequestsFen === 0 ? null : clamp01((savedFen * 10_000) / separateRequestsFen / rule.fullSavingsBasisPoints),
    conflicts: conflicts.length === 0 ? null : resolutionDays.filter((d) => d <= rule.conflictDays).length / conflicts.length,
    decisions:
      decisions.length === 0
        ? null
        : decisions.reduce((s, d) => s + clamp01((rule.slowDecisionDays - d.days) / (rule.slowDecisionDays - rule.fastDecisionDays)) / d.rounds, 0) / decisions.length,
    meetings: meetingsPerMonth === null ? null : clamp01(meetingsPerMonth / rule.fullMeetingsPerMonth),
  };
  const { score, parts } = collaborationScore(values, rule);
  return {
    packages: scope.packages.length,
    jointPackages: joint.length,
    edits: edits.length,
    crossDepartmentEdits: cross,
    sharedCostLines,
    informationSharing: cross + sharedCostLines + joint.length,
    meetings,
    meetingsPerMonth,
    decided: decisions.length,
    meanDecisionDays: mean(decisions.map((d) => d.days)),
    meanDecisionRounds: mean(decisions.map((d) => d.rounds)),
    conflicts: conflicts.length,
    conflictsResolved: resolved.length,
    conflictsOpen: conflicts.length - resolved.length,
    meanResolutionDays: mean(resolutionDays),
    separateRequestsFen,
    jointBudgetFen,
    savedFen,
    score,
    scoreParts: parts,
  };
}

/** The weighted score 0–100 of the parts that have something to measure (their weights rescaled to 100). */
export function collaborationScore(values: Record<ScorePart, number | null>, rule: ScoreRule = DEFAULT_SCORE_RULE): { score: number | null; parts: ScorePartValue[] } {
  const measured = SCORE_PARTS.filter((k) => values[k] !== null);
  const weightSum = measured.reduce((s, k) => s + rule.weights[k], 0);
  const parts = SCORE_PARTS.map((key) => {
    const value = values[key] === null ? null : round(values[key] as number, 4);
    const points = value === null || weightSum === 0 ? 0 : round((100 * rule.weights[key] * value) / weightSum, 2);
    return { key, weight: rule.weights[key], value, points };
  });
  if (weightSum === 0) return { score: null, parts };
  return { score: round(parts.reduce((s, p) => s + p.points, 0), 1), parts };
}

function monthsOf(period: MetricsPeriod, input: MetricsInput): number {
  const times = [...input.packages.map((p) => p.createdAt), ...input.edits.map((e) => e.at), ...(input.meetings ?? []).map((m) => m.at)].map((t) => Date.parse(t));
  const start = period.from !== null ? Date.parse(period.from) : times.length ? Math.min(...times) : 0;
  const end = period.to !== null ? Date.parse(period.to) : times.length ? Math.max(...times) : 0;
  return Math.max(1, (end - start) / (30 * DAY_MS));
}

/** Metrics of the cycle, each department, each pair of departments that share a package or a conflict, and each package. */
export function collaborationMetrics(input: MetricsInput, rule: ScoreRule = DEFAULT_SCORE_RULE): CollaborationMetrics {
  const period = input.period ?? { from: null, to: null };
  const byId = new Map(input.packages.map((p) => [p.id, p]));
  const months = monthsOf(period, input);
  const all = (): number => 10_000;
  const cycle = figures({ packages: input.packages, edits: input.edits, conflicts: input.conflicts, meetings: input.meetings, savingShare: all }, byId, period, months, rule);

  const departmentIds = [...new Set(input.packages.flatMap((p) => p.departmentIds))].sort();
  const departments = departmentIds.map((d) => ({
    departmentId: d,
    ...figures(
      {
        packages: input.packages.filter((p) => p.departmentIds.includes(d)),
        edits: input.edits.filter((e) => e.departmentId === d),
        conflicts: input.conflicts.filter((c) => c.departmentIds.includes(d)),
        meetings: input.meetings === null ? null : input.meetings.filter((m) => m.departmentIds.includes(d)),
        savingShare: (p) => p.shares.find((s) => s.departmentId === d)?.basisPoints ?? 0,
      },
      byId,
      period,
      months,
      rule,
    ),
  }));

  const pairKeys = new Set<string>();
  const addPairs = (ids: readonly string[]) => {
    const sorted = [...new Set(ids)].sort();
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) pairKeys.add(`${sorted[i]}|${sorted[j]}`);
  };
  input.packages.forEach((p) => addPairs(p.departmentIds));
  input.conflicts.forEach((c) => addPairs(c.departmentIds));
  const pairs = [...pairKeys].sort().map((key) => {
    const [a, b] = key.split('|') as [string, string];
    const both = (ids: readonly string[]) => ids.includes(a) && ids.includes(b);
    const packages = input.packages.filter((p) => both(p.departmentIds));
    const packageIds = new Set(packages.map((p) => p.id));
    const edits = input.edits.filter((e) => (e.departmentId === a || e.departmentId === b) && packageIds.has(e.packageId));
    const editedBy = (d: string) => new Set(edits.filter((e) => e.departmentId === d && inPeriod(e.at, period)).map((e) => e.packageId));
    const byA = editedBy(a);
    const byB = editedBy(b);
    return {
      departmentIds: [a, b] as [string, string],
      coEditedPackages: [...byA].filter((id) => byB.has(id)).length,
      ...figures(
        { packages, edits, conflicts: input.conflicts.filter((c) => both(c.departmentIds)), meetings: input.meetings === null ? null : input.meetings.filter((m) => both(m.departmentIds)), savingShare: all },
        byId,
        period,
        months,
        rule,
      ),
    };
  });

  const packages = input.packages.map((p) => ({
    packageId: p.id,
    code: p.code,
    ...figures(
      {
        packages: [p],
        edits: input.edits.filter((e) => e.packageId === p.id),
        conflicts: input.conflicts.filter((c) => c.packageId === p.id),
        meetings: input.meetings === null ? null : input.meetings.filter((m) => m.packageIds.includes(p.id)),
        savingShare: all,
      },
      byId,
      period,
      months,
      rule,
    ),
  }));

  const scored = packages.map((figuresOf) => ({ figuresOf, pkg: byId.get(figuresOf.packageId) as MetricsPackage })).filter(({ figuresOf }) => figuresOf.score !== null);
  const savedSamples: CorrelationSample[] = scored
    .filter(({ pkg }) => pkg.departmentIds.length < 2 || packageSaving(pkg) !== null)
    .map(({ figuresOf, pkg }) => ({ packageId: pkg.id, score: figuresOf.score as number, value: packageSaving(pkg)?.savedFen ?? 0 }));
  const satisfactionSamples: CorrelationSample[] = scored
    .filter(({ pkg }) => pkg.satisfactionChange !== null)
    .map(({ figuresOf, pkg }) => ({ packageId: pkg.id, score: figuresOf.score as number, value: pkg.satisfactionChange as number }));
  const pairsOf = (samples: CorrelationSample[]) => samples.map((s) => [s.score, s.value] as const);

  return {
    period,
    meetingsRecorded: input.meetings !== null,
    rule,
    cycle,
    departments,
    pairs,
    packages,
    correlations: {
      scoreVsSaved: pearson(pairsOf(savedSamples)),
      scoreVsSatisfaction: pearson(pairsOf(satisfactionSamples)),
      samples: { scoreVsSaved: savedSamples, scoreVsSatisfaction: satisfactionSamples },
    },
  };
}

export type SeriesBucket = 'week' | 'month';

export interface SeriesPoint {
  /** start of the bucket (inclusive) */
  from: string;
  /** end of the bucket (exclusive) */
  to: string;
  edits: number;
  crossDepartmentEdits: number;
  conflictsOpened: number;
  conflictsResolved: number;
  decisions: number;
  meetings: number | null;
  /** the cycle's score over everything up to the end of the bucket */
  cumulativeScore: number | null;
}

function bucketStart(t: number, bucket: SeriesBucket): number {
  const d = new Date(t);
  if (bucket === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return day - ((d.getUTCDay() + 6) % 7) * DAY_MS; // Monday
}

function nextBucket(t: number, bucket: SeriesBucket): number {
  if (bucket === 'week') return t + 7 * DAY_MS;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Counts per week or month (UTC) over the period, from the first to the last recorded event when the period is open. */
export function metricsSeries(input: MetricsInput, bucket: SeriesBucket, rule: ScoreRule = DEFAULT_SCORE_RULE, maxPoints = 260): SeriesPoint[] {
  const period = input.period ?? { from: null, to: null };
  const events = [
    ...input.edits.map((e) => e.at),
    ...input.conflicts.flatMap((c) => [c.createdAt, c.resolvedAt].filter((t): t is string => t !== null)),
    ...input.packages.flatMap((p) => p.stageMoves.map((m) => m.at)),
    ...(input.meetings ?? []).map((m) => m.at),
  ]
    .filter((t) => inPeriod(t, period))
    .map((t) => Date.parse(t));
  if (events.length === 0 && (period.from === null || period.to === null)) return [];
  const start = bucketStart(period.from !== null ? Date.parse(period.from) : Math.min(...events), bucket);
  const end = period.to !== null ? Date.parse(period.to) : Math.max(...events) + 1;
  const points: SeriesPoint[] = [];
  for (let t = start; t < end && points.length < maxPoints; t = nextBucket(t, bucket)) {
    const slice: MetricsPeriod = { from: new Date(t).toISOString(), to: new Date(nextBucket(t, bucket)).toISOString() };
    const byId = new Map(input.packages.map((p) => [p.id, p]));
    const edits = input.edits.filter((e) => inPeriod(e.at, slice) && inPeriod(e.at, period));
    const within = (at: string | null) => inPeriod(at, slice) && inPeriod(at, period);
    const cumulative = collaborationMetrics({ ...input, period: { from: period.from, to: slice.to } }, rule).cycle.score;
    points.push({
      from: slice.from as string,
      to: slice.to as string,
      edits: edits.length,
      crossDepartmentEdits: edits.filter((e) => isCrossDepartmentEdit(e, byId.get(e.packageId))).length,
      conflictsOpened: input.conflicts.filter((c) => within(c.createdAt)).length,
      conflictsResolved: input.conflicts.filter((c) => within(c.resolvedAt)).length,
      decisions: input.packages.filter((p) => within(packageDecision(p)?.at ?? null)).length,
      meetings: input.meetings === null ? null : input.meetings.filter((m) => within(m.at)).length,
      cumulativeScore: cumulative,
    });
  }
  return points;
}
