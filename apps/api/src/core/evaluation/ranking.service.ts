import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addWeightSensitivity,
  annotateCarryOver,
  audienceOf,
  audienceReadsRanking,
  AUDIENCES,
  canonicalJson,
  compareAllocationModes,
  DEFAULT_RESERVE_BASIS_POINTS,
  isCoordinator,
  rankAndAllocate,
  rankingFor,
  RankingInputError,
  rankingRunBody,
  rankingVisibility,
  type Audience,
  type ModeComparisonView,
  type RankingInput,
  type RankingResult,
  type RankingRun,
  type RankingView,
} from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { PackageScoresService } from '../packages';
import { RealtimeService, rooms } from '../realtime';
import type { WhatIfDto } from './evaluation.dto';
export type { ModeComparisonView, RankingView } from '@zerobase/domain';
import { RankingInputs, withConsolidation, type CycleRankingData } from './ranking-inputs';

const PUSH_DEBOUNCE_MS = 100;

/** Weight sensitivity re-ranks the cycle up to ~100 times per criterion: only for cycles up to this size. */
const SENSITIVITY_MAX_PACKAGES = 200;

/**
 * Ranks the cycle's packages and allocates its quota with the pure evaluation in libs/domain,
 * from what is stored; pushes the new result after every change, one payload per audience (libs/domain visibility).
 */
@Injectable()
export class RankingService implements OnModuleInit {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly logger = new Logger('ranking');

  constructor(
    private readonly inputs: RankingInputs,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly realtime: RealtimeService,
    private readonly events: CycleEvents,
    private readonly dataSource: DataSource,
    private readonly packageScores: PackageScoresService,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => this.schedulePush(change.cycleId));
    this.packageScores.useProvider((cycleId) => this.scores(cycleId));
  }

  /** Coordinators, reviewers and liaisons follow the ranking; observers once allocation is published (libs/domain visibility). */
  async readable(user: Principal, cycleId: string): Promise<Audience> {
    const cycle = await this.cycles.readable(user, cycleId);
    const audience = audienceOf(user.memberships, cycleId);
    if (!audience || !audienceReadsRanking(audience, cycle.stage)) throw new Forbidden('The ranking is published at the allocation stage');
    return audience;
  }

  /** The ranking as this user's audience may read it. */
  async current(user: Principal, cycleId: string): Promise<RankingView> {
    const audience = await this.readable(user, cycleId);
    const data = await this.inputs.load(cycleId);
    return this.forAudience(this.computeFrom(cycleId, data, await this.departments.directory(), undefined, { sensitivity: true }), data, audience);
  }

  private forAudience(view: RankingView, data: CycleRankingData, audience: Audience): RankingView {
    const visibility = rankingVisibility(audience, data.settingsRow.scoringClosed);
    const out = rankingFor(view, visibility, (id) => data.packages.get(id)?.published === true);
    // department outcomes count every package: only for audiences that see them all
    if (visibility.packages !== 'all' && out.departmentLimits !== undefined) {
      const { departmentLimits: _hidden, ...rest } = out;
      return rest;
    }
    return out;
  }

  /** One push per audience that may read the ranking now, each built from the visibility rules. */
  private async push(cycleId: string): Promise<void> {
    const data = await this.inputs.load(cycleId);
    // the same shape as GET …/ranking (weight sensitivity included), each audience's from the visibility rules
    const view = this.computeFrom(cycleId, data, await this.departments.directory(), undefined, { sensitivity: true });
    for (const [audience, ranking] of this.audienceViews(view, data)) this.realtime.emit(rooms.audience(cycleId, audience), 'ranking', ranking);
  }

  /**
   * A ranking computed here for coordinators (a meeting's what-if) as each audience may read it
   * now; audiences that may not read the ranking at the cycle's stage are absent.
   */
  async forAudiences(cycleId: string, view: RankingView): Promise<Map<Audience, RankingView>> {
    return this.audienceViews(view, await this.inputs.load(cycleId));
  }

  private audienceViews(view: RankingView, data: CycleRankingData): Map<Audience, RankingView> {
    const out = new Map<Audience, RankingView>();
    for (const audience of AUDIENCES) if (audienceReadsRanking(audience, data.stage)) out.set(audience, this.forAudience(view, data, audience));
    return out;
  }

  /** The whole ranking, for coordinators and internal use (scores of package lists, scenarios). */
  async compute(cycleId: string, overrides?: WhatIfDto, options: { sensitivity?: boolean } = {}): Promise<RankingView> {
    return this.computeFrom(cycleId, await this.inputs.load(cycleId), await this.departments.directory(), overrides, options);
  }

  /** `sensitivity`: add each below-the-line package's weight sensitivity (re-ranks many times; small cycles only). */
  private computeFrom(cycleId: string, data: CycleRankingData, directory: DepartmentDirectory, overrides?: WhatIfDto, options: { sensitivity?: boolean } = {}): RankingView {
    const input = overrides ? withOverrides(data, overrides) : data.input;
    const result = rankingOrFieldErrors(() => {
      const r = annotateCarryOver(rankAndAllocate(input), data.carryOver);
      if (options.sensitivity && input.packages.length <= SENSITIVITY_MAX_PACKAGES) addWeightSensitivity(input, r);
      return r;
    });
    return this.view(cycleId, input, result, data, directory);
  }

  async whatIf(user: Principal, cycleId: string, overrides: WhatIfDto): Promise<RankingView> {
    await this.cycles.coordinated(user, cycleId);
    return this.compute(cycleId, overrides, { sensitivity: true });
  }

  /**
   * The ranking run as one JSON document: every input, the output and a SHA-256 over its canonical
   * JSON, to be recomputed offline (tools/recompute.mjs). It carries every reviewer's scores, so
   * others than coordinators get it once scoring is closed (when scores are open to all).
   */
  async run(user: Principal, cycleId: string): Promise<RankingRun> {
    await this.readable(user, cycleId);
    const data = await this.inputs.load(cycleId);
    if (!isCoordinator(user.memberships, cycleId) && !data.settingsRow.scoringClosed) throw new Forbidden('The ranking run is exported to all once scoring is closed');
    const body = rankingOrFieldErrors(() => rankingRunBody(cycleId, data.input));
    return { ...body, hash: createHash('sha256').update(canonicalJson(body)).digest('hex'), exportedAt: new Date().toISOString() };
  }

  /** Strict, skip-and-continue and optimal allocation of the same ranking, and where they differ. */
  async modes(user: Principal, cycleId: string, overrides?: WhatIfDto): Promise<ModeComparisonView> {
    // every mode's funded items over every package: the coordinator's view (libs/domain visibility)
    await this.cycles.coordinated(user, cycleId);
    const data = await this.inputs.load(cycleId);
    const input = overrides ? withOverrides(data, overrides) : data.input;
    const comparison = rankingOrFieldErrors(() => compareAllocationModes(input));
    const codes: Record<string, string> = {};
    for (const [id, p] of data.packages) codes[id] = p.code;
    return { cycleId, codes, ...comparison };
  }

  async saveScenario(user: Principal, cycleId: string, name: string, overrides: WhatIfDto) {
    await this.cycles.coordinated(user, cycleId);
    const view = await this.compute(cycleId, overrides);
    const [row] = await this.dataSource.query(`INSERT INTO ranking_scenario (cycle_id, name, settings, result, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`, [
      cycleId,
      name,
      JSON.stringify(overrides),
      JSON.stringify(view),
      user.userId,
    ]);
    return { id: row.id, name, createdAt: row.created_at.toISOString(), overrides, ranking: view };
  }

  async scenarios(user: Principal, cycleId: string) {
    await this.cycles.coordinated(user, cycleId);
    const rows: { id: string; name: string; settings: WhatIfDto; result: RankingView; created_at: Date }[] = await this.dataSource.query(
      `SELECT id, name, settings, result, created_at FROM ranking_scenario WHERE cycle_id = $1 ORDER BY created_at`,
      [cycleId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), overrides: r.settings, cutoff: r.result.cutoff, totals: r.result.totals }));
  }

  /** Score and tier per package, for package lists (which still answer, without scores, if ranking fails). */
  async scores(cycleId: string): Promise<Map<string, { score: number | null; tier: 'high' | 'medium' | 'low' | null }>> {
    const view = await this.compute(cycleId).catch((error: unknown) => {
      this.logger.warn(`scores of cycle ${cycleId} unavailable: ${String(error)}`);
      return null;
    });
    if (!view) return new Map();
    const out = new Map<string, { score: number | null; tier: 'high' | 'medium' | 'low' | null }>();
    for (const item of view.items) {
      if (out.has(item.packageId)) continue;
      const composite = item.explanation.composite;
      out.set(item.packageId, composite === null ? { score: null, tier: null } : { score: Math.round(composite * 100) / 100, tier: item.tier });
    }
    return out;
  }

  private schedulePush(cycleId: string): void {
    const pending = this.timers.get(cycleId);
    if (pending) clearTimeout(pending);
    this.timers.set(
      cycleId,
      setTimeout(() => {
        this.timers.delete(cycleId);
        void this.push(cycleId).catch((error: unknown) => this.logger.warn(`ranking push for ${cycleId} failed: ${String(error)}`));
      }, PUSH_DEBOUNCE_MS),
    );
  }

  private view(cycleId: string, input: RankingInput, result: RankingResult, data: CycleRankingData, directory: DepartmentDirectory): RankingView {
    const { criteria = [], consolidation, ...settings } = input.settings;
    return {
      cycleId,
      settings: {
        ...settings,
        reserveBasisPoints: settings.reserveBasisPoints ?? DEFAULT_RESERVE_BASIS_POINTS,
        allocationMode: result.allocationMode,
        method: result.method,
        normalization: result.normalization,
        criteria: criteria.map((c) => ({ key: c.key, weight: c.weight })),
        consolidation: consolidation !== undefined,
      },
      items: result.items.map((item) => ({ ...item, code: data.packages.get(item.packageId)?.code ?? '', title: data.packages.get(item.packageId)?.title ?? '' })),
      cutoff: result.cutoff,
      totals: result.totals,
      perPackage: result.perPackage,
      perDepartment: result.perDepartment.map((d) => ({ ...d, department: directory.codeOf(d.departmentId) })),
      tierCounts: result.tierCounts,
      excludedForConflict: result.excludedForConflict,
      allocationValue: result.allocationValue,
      ...(result.optimizer ? { optimizer: result.optimizer } : {}),
      ...(result.departmentLimits ? { departmentLimits: result.departmentLimits.map((d) => ({ ...d, department: directory.codeOf(d.departmentId) })) } : {}),
      computedAt: new Date().toISOString(),
    };
  }
}

/** Bad ranking input (e.g. settings that do not add up) answers 400 with the fields. */
export function rankingOrFieldErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RankingInputError) throw new ValidationFailed(error.issues.map((i) => ({ field: i.path, reason: i.message })));
    throw error;
  }
}

function withOverrides(data: CycleRankingData, o: WhatIfDto): RankingInput {
  // consolidation on or off for this what-if, with the cycle's unit orders and overrides
  const input = o.consolidation !== undefined ? withConsolidation(data.input, data.consolidation, o.consolidation) : data.input;
  const criteria = o.weights
    ? (input.settings.criteria ?? []).map((c) => ({ ...c, weight: o.weights!.find((w) => w.key === c.key)?.weight ?? c.weight }))
    : input.settings.criteria;
  if (o.weights) {
    const known = new Set((input.settings.criteria ?? []).map((c) => c.key));
    const unknown = o.weights.findIndex((w) => !known.has(w.key));
    if (unknown >= 0) throw new ValidationFailed([{ field: `weights.${unknown}.key`, reason: `unknown criterion "${o.weights[unknown].key}"` }]);
  }
  return {
    ...input,
    settings: {
      ...input.settings,
      criteria,
      ...(o.quotaFen !== undefined ? { quotaFen: o.quotaFen } : {}),
      ...(o.reserveBasisPoints !== undefined ? { reserveBasisPoints: o.reserveBasisPoints } : {}),
      ...(o.method ? { method: o.method } : {}),
      ...(o.normalization ? { normalization: o.normalization } : {}),
      ...(o.allocationMode ? { allocationMode: o.allocationMode } : {}),
      ...(o.pinnedPackageIds ? { pinnedPackageIds: o.pinnedPackageIds } : {}),
      ...(o.useIncrements !== undefined ? { useIncrements: o.useIncrements } : {}),
    },
  };
}
