import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  applyCarryOver,
  boundedPackageTotals,
  conflictingUnits,
  evenSplit,
  toScoreTable,
  validateConsolidation,
  type CarryOverEntry,
  type CarryOverExplanation,
  type ConsolidationLabels,
  type ConsolidationOverride,
  type ConsolidationSettings,
  type CycleStage,
  type DepartmentLimit,
  type EffortIncrement,
  type RankingInput,
  type RankingSettings,
  type UnitParent,
} from '@zerobase/domain';
import { NotFound } from '../../base/errors';

export interface EvaluationSettingsRow {
  scoringClosed: boolean;
  normalization: 'none' | 'zscore' | 'trimmed' | 'calibrated';
  method: 'score' | 'borda' | 'schulze';
  allocationMode: 'strict' | 'skipAndContinue' | 'optimal';
  useIncrements: boolean;
  pinnedPackageIds: string[];
  /** order-preserving consolidation up the decision-unit hierarchy */
  consolidation: boolean;
}

/** A coordinator's override of a unit's order, as stored. */
export interface StoredConsolidationOverride extends ConsolidationOverride {
  id: string;
  createdBy: string | null;
  createdAt: string;
}

/** What consolidation needs, read whether it is on or not (a what-if may turn it on). */
export interface ConsolidationData {
  /** unit orders and overrides that still apply (packages still led by the unit, costable), and the unit hierarchy */
  settings: ConsolidationSettings;
  /** each package's decision unit: its lead department */
  leads: Map<string, string>;
  /** every stored override, for the list */
  overrides: StoredConsolidationOverride[];
}

/** Mandated packages and alternatives groups of a cycle, as stored. */
export interface AllocationRules {
  mandated: { packageId: string; basis: string }[];
  alternativeGroups: { name: string; packageIds: string[] }[];
  /** a meeting's override decisions (read-only here: recorded as decisions) */
  overrides: { packageId: string; override: 'fund' | 'cut'; reason: string; decisionId: string; meetingId: string }[];
}

export interface CycleRankingData {
  input: RankingInput;
  settingsRow: EvaluationSettingsRow;
  stage: CycleStage;
  packages: Map<string, { code: string; title: string; published: boolean }>;
  /** successors of the previous cycle's packages: what their grade did to them (shown in the explanation) */
  carryOver: Map<string, CarryOverExplanation>;
  consolidation: ConsolidationData;
}

const DEFAULT_SETTINGS: EvaluationSettingsRow = { scoringClosed: false, normalization: 'none', method: 'score', allocationMode: 'strict', useIncrements: false, pinnedPackageIds: [], consolidation: false };

/**
 * The ranking input with consolidation on (each package ranked by its lead department's unit, the units'
 * orders and overrides) or off (exactly the input without it, so turning it off changes nothing).
 */
export function withConsolidation(input: RankingInput, data: ConsolidationData, on: boolean): RankingInput {
  const { consolidation: _off, ...settings } = input.settings;
  const packages = input.packages.map(({ unitId: _unit, ...p }) => (on && data.leads.has(p.id) ? { ...p, unitId: data.leads.get(p.id)! } : p));
  return { ...input, packages, settings: on ? { ...settings, consolidation: data.settings } : settings };
}

/** Reads everything the ranking of one cycle needs, in a handful of queries. */
@Injectable()
export class RankingInputs {
  constructor(private readonly dataSource: DataSource) {}

  async settings(cycleId: string): Promise<EvaluationSettingsRow> {
    return this.settingsFrom((sql) => this.dataSource.query(sql, [cycleId]));
  }

  private async settingsFrom(q: <T>(sql: string) => Promise<T[]>): Promise<EvaluationSettingsRow> {
    const [row] = await q<{ scoring_closed: boolean; normalization: EvaluationSettingsRow['normalization']; method: EvaluationSettingsRow['method']; allocation_mode: EvaluationSettingsRow['allocationMode']; use_increments: boolean; pinned_package_ids: string[]; consolidation: boolean }>(
      `SELECT scoring_closed, normalization, method, allocation_mode, use_increments, pinned_package_ids, consolidation FROM evaluation_settings WHERE cycle_id = $1`,
    );
    if (!row) return { ...DEFAULT_SETTINGS };
    return {
      scoringClosed: row.scoring_closed,
      normalization: row.normalization,
      method: row.method,
      allocationMode: row.allocation_mode,
      useIncrements: row.use_increments,
      pinnedPackageIds: row.pinned_package_ids,
      consolidation: row.consolidation,
    };
  }

  /** Stored unit orders and overrides of a cycle (unfiltered), by department id. */
  async storedConsolidation(cycleId: string): Promise<{ unitOrders: Map<string, string[]>; overrides: StoredConsolidationOverride[] }> {
    return this.storedConsolidationFrom((sql) => this.dataSource.query(sql, [cycleId]));
  }

  private async storedConsolidationFrom(q: <T>(sql: string) => Promise<T[]>): Promise<{ unitOrders: Map<string, string[]>; overrides: StoredConsolidationOverride[] }> {
    const [orders, overrides] = await Promise.all([
      q<{ department_id: string; package_ids: string[] }>(`SELECT department_id, package_ids FROM unit_order WHERE cycle_id = $1`),
      q<{ id: string; package_id: string; above_package_id: string; reason: string; created_by: string | null; created_at: Date }>(
        `SELECT id, package_id, above_package_id, reason, created_by, created_at FROM consolidation_override WHERE cycle_id = $1 ORDER BY created_at, id`,
      ),
    ]);
    return {
      unitOrders: new Map(orders.map((o) => [o.department_id, o.package_ids])),
      overrides: overrides.map((o) => ({ id: o.id, packageId: o.package_id, aboveId: o.above_package_id, reason: o.reason, createdBy: o.created_by, createdAt: o.created_at.toISOString() })),
    };
  }

  async rules(cycleId: string): Promise<AllocationRules> {
    return this.rulesFrom((sql) => this.dataSource.query(sql, [cycleId]));
  }

  private async rulesFrom(q: <T>(sql: string) => Promise<T[]>): Promise<AllocationRules> {
    const [mandated, groups, overrides] = await Promise.all([
      q<{ package_id: string; basis: string }>(`SELECT m.package_id, m.basis FROM mandated_package m JOIN decision_package p ON p.id = m.package_id WHERE m.cycle_id = $1 ORDER BY p.code`),
      q<{ name: string; package_ids: string[] }>(`SELECT name, package_ids FROM alternative_group WHERE cycle_id = $1 ORDER BY position`),
      q<{ package_id: string; override: 'fund' | 'cut'; reason: string; decision_id: string; meeting_id: string }>(
        `SELECT o.package_id, o.override, o.reason, o.decision_id, d.meeting_id FROM allocation_override o JOIN meeting_decision d ON d.id = o.decision_id WHERE o.cycle_id = $1 ORDER BY o.created_at, o.package_id`,
      ),
    ]);
    return {
      mandated: mandated.map((m) => ({ packageId: m.package_id, basis: m.basis })),
      alternativeGroups: groups.map((g) => ({ name: g.name, packageIds: g.package_ids })),
      overrides: overrides.map((o) => ({ packageId: o.package_id, override: o.override, reason: o.reason, decisionId: o.decision_id, meetingId: o.meeting_id })),
    };
  }

  async departmentLimits(cycleId: string): Promise<DepartmentLimit[]> {
    return this.limitsFrom((sql) => this.dataSource.query(sql, [cycleId]));
  }

  private async limitsFrom(q: <T>(sql: string) => Promise<T[]>): Promise<DepartmentLimit[]> {
    const rows = await q<{ department_id: string; floor_fen: string | null; cap_fen: string | null }>(
      `SELECT department_id, floor_fen, cap_fen FROM department_limit WHERE cycle_id = $1 ORDER BY department_id`,
    );
    return rows.map((r) => ({ departmentId: r.department_id, floorFen: r.floor_fen === null ? null : Number(r.floor_fen), capFen: r.cap_fen === null ? null : Number(r.cap_fen) }));
  }

  /** One consistent read (a repeatable-read transaction): a package created meanwhile is seen whole or not at all. */
  async load(cycleId: string): Promise<CycleRankingData> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const q = <T>(sql: string) => em.query(sql, [cycleId]) as Promise<T[]>;
      const data = withCarryOver(await this.assemble(cycleId, q), await carryOverEntries(q));
      return data.settingsRow.consolidation ? { ...data, input: withConsolidation(data.input, data.consolidation, true) } : data;
    });
  }

  private async assemble(cycleId: string, q: <T>(sql: string) => Promise<T[]>): Promise<CycleRankingData> {
    const [cycles, settingsRow, criteria, packages, lines, owners, scores, publicInput, reviewers, orderings, units, rules, departmentLimits, stored] = await Promise.all([
      q<{ total_quota_fen: string; reserve_bp: number; tier_high: number; tier_medium: number; stage: CycleStage }>(
        `SELECT total_quota_fen, reserve_bp, tier_high, tier_medium, stage FROM budget_cycle WHERE id = $1`,
      ),
      this.settingsFrom(q),
      q<{ key: string; weight: number; name_en: string }>(`SELECT key, weight, name_en FROM evaluation_criterion WHERE cycle_id = $1 ORDER BY position`),
      q<{ id: string; code: string; title: string; published: boolean; contingency_bp: number; submitted_at: Date | null; details: { levels: EffortIncrement[] }; lead_department_id: string }>(
        `SELECT id, code, title, published, contingency_bp, submitted_at, details, lead_department_id FROM decision_package WHERE cycle_id = $1 ORDER BY code`,
      ),
      q<{ package_id: string; department_id: string | null; category: string; year: number; quantity_milli: string; unit_cost_fen: string }>(
        `SELECT l.package_id, l.department_id, l.category, l.year, l.quantity_milli, l.unit_cost_fen FROM cost_line l JOIN decision_package p ON p.id = l.package_id WHERE p.cycle_id = $1`,
      ),
      q<{ package_id: string; department_id: string; share_bp: number }>(`SELECT o.package_id, o.department_id, o.share_bp FROM package_department o JOIN decision_package p ON p.id = o.package_id WHERE p.cycle_id = $1`),
      q<{ reviewer_id: string; package_id: string; criterion_key: string; score: number }>(`SELECT reviewer_id, package_id, criterion_key, score FROM reviewer_score WHERE cycle_id = $1`),
      q<{ package_id: string; support_bp: number; responses: number }>(`SELECT i.package_id, i.support_bp, i.responses FROM public_input i JOIN decision_package p ON p.id = i.package_id WHERE p.cycle_id = $1`),
      // a reviewer's departments: their own and those they are liaison for in this cycle (conflict of interest)
      q<{ user_id: string; department_ids: (string | null)[] }>(
        `SELECT m.user_id, array_remove(array_agg(DISTINCT u.department_id) || array_agg(DISTINCT l.department_id), NULL) AS department_ids
           FROM membership m JOIN app_user u ON u.id = m.user_id
           LEFT JOIN membership l ON l.user_id = m.user_id AND l.cycle_id = m.cycle_id AND l.role = 'liaison'
          WHERE m.cycle_id = $1 AND m.role = 'reviewer' GROUP BY m.user_id`,
      ),
      q<{ reviewer_id: string; package_ids: string[] }>(`SELECT reviewer_id, package_ids FROM reviewer_ordering WHERE cycle_id = $1`),
      q<{ id: string; parent_id: string | null }>(`SELECT id, parent_id FROM department WHERE $1::uuid IS NOT NULL`),
      this.rulesFrom(q),
      this.limitsFrom(q),
      this.storedConsolidationFrom(q),
    ]);
    const unitParents: UnitParent[] = units.map((u) => ({ id: u.id, parentId: u.parent_id }));
    if (cycles.length === 0) throw new NotFound('cycle', cycleId);
    const cycle = cycles[0];
    const linesOf = groupBy(lines, (l) => l.package_id);
    const ownersOf = groupBy(owners, (o) => o.package_id);
    // a package whose stored amounts are out of range cannot be costed exactly: it is left out of the ranking and allocation
    const costable = new Set(packages.filter((p) => !boundedPackageTotals(costInputs(linesOf.get(p.id) ?? []), p.contingency_bp).problem).map((p) => p.id));
    const settings: RankingSettings = {
      quotaFen: Number(cycle.total_quota_fen),
      reserveBasisPoints: cycle.reserve_bp,
      thresholds: { high: cycle.tier_high, medium: cycle.tier_medium },
      criteria: criteria.map((c) => ({ key: c.key, weight: c.weight, name: c.name_en })),
      normalization: settingsRow.normalization,
      method: settingsRow.method,
      allocationMode: settingsRow.allocationMode,
      useIncrements: settingsRow.useIncrements,
      pinnedPackageIds: settingsRow.pinnedPackageIds.filter((id) => costable.has(id)),
      overrides: rules.overrides.filter((o) => costable.has(o.packageId)).map((o) => ({ packageId: o.packageId, override: o.override, reason: o.reason })),
      mandatedPackageIds: rules.mandated.map((m) => m.packageId).filter((id) => costable.has(id)),
      alternativeGroups: rules.alternativeGroups.map((g) => ({ id: g.name, packageIds: g.packageIds.filter((id) => costable.has(id)) })),
      ...(departmentLimits.length > 0 ? { departmentLimits } : {}),
    };
    const leads = new Map(packages.filter((p) => costable.has(p.id)).map((p) => [p.id, p.lead_department_id] as const));
    const consolidation = consolidationData(stored, leads, unitParents);
    return {
      carryOver: new Map(),
      consolidation,
      settingsRow,
      stage: cycle.stage,
      packages: new Map(packages.map((p) => [p.id, { code: p.code, title: p.title, published: p.published }])),
      input: {
        settings,
        packages: packages.flatMap((p) => {
          const { totals, problem } = boundedPackageTotals(costInputs(linesOf.get(p.id) ?? []), p.contingency_bp);
          if (problem) return [];
          const shares = (ownersOf.get(p.id) ?? []).map((o) => ({ departmentId: o.department_id, basisPoints: o.share_bp }));
          const sum = shares.reduce((n, s) => n + s.basisPoints, 0);
          return [{
            id: p.id,
            costFen: totals.totalFen,
            submittedAt: p.submitted_at ? p.submitted_at.toISOString() : null,
            // a split that does not add up (an open conflict) is shown evenly for the department view
            departmentShares: sum === 10_000 ? shares : evenSplit(shares.map((s) => s.departmentId)),
            levels: (p.details.levels ?? []).map((l) => ({ level: l.level, costFen: l.costFen })),
          }];
        }),
        // typed columns, built once per load: every ranking of this data (what-ifs, sensitivity) reads them as they are
        scores: toScoreTable(scores.filter((s) => costable.has(s.package_id)).map((s) => ({ reviewerId: s.reviewer_id, packageId: s.package_id, criterionKey: s.criterion_key, score: s.score }))),
        publicInput: publicInput.filter((i) => costable.has(i.package_id)).map((i) => ({ packageId: i.package_id, supportBasisPoints: i.support_bp, responses: i.responses })),
        reviewers: reviewers.map((r) => ({ id: r.user_id, departmentIds: conflictingUnits(r.department_ids.filter((d): d is string => !!d), unitParents) })),
        orderings: orderings.map((o) => ({ reviewerId: o.reviewer_id, packageIds: o.package_ids.filter((id) => costable.has(id)) })),
      },
    };
  }
}

/**
 * Unit orders and overrides as they still apply: a listed package that left the unit (its lead changed)
 * or cannot be costed drops out of the list; an override that no longer holds (its packages are in
 * different units now) is left out. Stored data never makes the ranking fail.
 */
function consolidationData(stored: { unitOrders: Map<string, string[]>; overrides: StoredConsolidationOverride[] }, leads: Map<string, string>, units: UnitParent[]): ConsolidationData {
  const unitOrders = [...stored.unitOrders]
    .map(([unitId, ids]) => ({ unitId, packageIds: [...new Set(ids)].filter((id) => leads.get(id) === unitId) }))
    .filter((o) => o.packageIds.length > 0)
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  const unitOf = (id: string) => leads.get(id);
  const { overrides } = overridesInForce(stored.overrides, unitOf);
  // a register edited into a cycle is refused when it is edited; the ranking never depends on it
  const settings: ConsolidationSettings = { unitOrders, overrides };
  if (validateConsolidation({ units }, unitOf).length === 0) settings.units = units;
  return { settings, leads, overrides: stored.overrides };
}

/**
 * The stored overrides that still apply, in the order they were recorded, and why each other one does not
 * (its packages are no longer in one unit, one of them cannot be ranked, or — after such a change — it
 * contradicts the ones before it): by override id, the message of validateConsolidation with `labels`.
 */
export function overridesInForce(
  stored: readonly StoredConsolidationOverride[],
  unitOf: (packageId: string) => string | null | undefined,
  labels: ConsolidationLabels = {},
): { overrides: ConsolidationOverride[]; stale: Map<string, string> } {
  const overrides: ConsolidationOverride[] = [];
  const stale = new Map<string, string>();
  for (const o of stored) {
    const candidate = { packageId: o.packageId, aboveId: o.aboveId, reason: o.reason };
    const issues = validateConsolidation({ overrides: [...overrides, candidate] }, unitOf, 'consolidation', labels);
    if (issues.length === 0) overrides.push(candidate);
    else {
      const unranked = [o.packageId, o.aboveId].find((id) => unitOf(id) === undefined);
      stale.set(o.id, unranked !== undefined ? `package ${labels.pkg?.(unranked) ?? unranked} is not ranked (it cannot be costed)` : issues[0]!.message);
    }
  }
  return { overrides, stale };
}

/** The grade rule of the previous cycle applied to its successors (libs/domain performance/carry-over). */
function withCarryOver(data: CycleRankingData, entries: CarryOverEntry[]): CycleRankingData {
  if (entries.length === 0) return data;
  const { input, explanations } = applyCarryOver(data.input, entries);
  return { ...data, input, carryOver: explanations };
}

async function carryOverEntries(q: <T>(sql: string) => Promise<T[]>): Promise<CarryOverEntry[]> {
  const rows = await q<{ successor_id: string; predecessor_id: string; predecessor_cycle_id: string; grade: CarryOverEntry['grade']; effect: CarryOverEntry['effect']; cut_bp: number | null; previous_allocation_fen: string; cap_fen: string | null }>(
    `SELECT c.successor_id, c.predecessor_id, p.cycle_id AS predecessor_cycle_id, c.grade, c.effect, c.cut_bp, c.previous_allocation_fen, c.cap_fen
       FROM package_carry_over c JOIN decision_package p ON p.id = c.predecessor_id
      WHERE c.successor_cycle_id = $1 AND c.successor_id IS NOT NULL`,
  );
  return rows.map((r) => ({
    packageId: r.successor_id,
    predecessorPackageId: r.predecessor_id,
    predecessorCycleId: r.predecessor_cycle_id,
    grade: r.grade,
    effect: r.effect,
    cutBasisPoints: r.cut_bp,
    previousAllocationFen: Number(r.previous_allocation_fen),
    capFen: r.cap_fen === null ? null : Number(r.cap_fen),
    carried: true,
  }));
}

function costInputs(lines: { department_id: string | null; category: string; year: number; quantity_milli: string; unit_cost_fen: string }[]) {
  return lines.map((l) => ({
    departmentId: l.department_id ?? 'shared',
    category: l.category as never,
    year: l.year,
    quantityMilli: Number(l.quantity_milli),
    unitCostFen: Number(l.unit_cost_fen),
  }));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
