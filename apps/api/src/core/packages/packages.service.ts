import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import {
  canCreatePackage,
  canReopenPackage,
  costLineAmountViolations,
  amountsWithinBounds,
  isCoordinator,
  isLockedForLiaisons,
  liaisonDepartments,
  MAX_PACKAGE_TOTAL_FEN,
  MAX_PACKAGES_PER_CYCLE,
  quantityToMilli,
  stageLockReason,
  canEditPackage,
  canMovePackage,
  canPublishPackage,
  canReadPackage,
  evenSplit,
  packageRuleViolations,
  type CostLine,
  type CostShare,
  type PackageView,
} from '@zerobase/domain';
import type { ContentPatch } from '@zerobase/collab';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { KeyedQueue, SlidingWindow } from '../../base/concurrency';
import { Forbidden, NotFound, StaleVersion, StateConflict, TooManyRequests, ValidationFailed, type FieldError } from '../../base/errors';
import { CycleEvents } from '../../base/events/cycle-events';
import { CostLineEntity, DecisionPackageEntity, PackageDepartmentEntity, type PackageDetails } from '../../models';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { PackageScoresService } from './package-scores.service';
import { documentLine } from './document-line';
import type { PackageContentWriter } from './package-content-writer';
import type { StageGate } from './stage-gate';
import { toPackageView, type PackageParts } from './package-view';
import type { CreatePackageDto, ListPackagesQuery, PackageContentDto, ReopenPackageDto, UpdatePackageDto } from './packages.dto';

export const newItemId = (): string => randomBytes(9).toString('base64url');

const CONTENT_FIELDS = ['title', 'purpose', 'objectives', 'contingencyBasisPoints', 'costLines', 'activities', 'levels', 'kpis', 'risks', 'alternatives', 'consequencesOfNotFunding', 'costSplit'] as const;

interface ContentRows {
  details: PackageDetails;
  lines: Omit<CostLineEntity, 'packageId'>[] | null;
  split: CostShare[] | null;
}

@Injectable()
export class PackagesService {
  private contentWriter: PackageContentWriter | null = null;
  private readonly stageGates: StageGate[] = [];
  /** REST edits of one package run one at a time (with a database lock across instances) */
  private readonly editQueue = new KeyedQueue();
  private readonly creations: SlidingWindow;

  constructor(
    @InjectRepository(DecisionPackageEntity) private readonly packages: Repository<DecisionPackageEntity>,
    @InjectRepository(PackageDepartmentEntity) private readonly owners: Repository<PackageDepartmentEntity>,
    @InjectRepository(CostLineEntity) private readonly lines: Repository<CostLineEntity>,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly scores: PackageScoresService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.creations = new SlidingWindow(config.packageCreationsPerMinute);
  }

  useContentWriter(writer: PackageContentWriter): void {
    this.contentWriter = writer;
  }

  useStageGate(gate: StageGate): void {
    this.stageGates.push(gate);
  }

  /** The rows of one package, or a 404. */
  async parts(id: string, em: EntityManager = this.dataSource.manager): Promise<PackageParts> {
    const pkg = await em.findOne(DecisionPackageEntity, { where: { id } });
    if (!pkg) throw new NotFound('package', id);
    const [owners, lines] = await Promise.all([em.find(PackageDepartmentEntity, { where: { packageId: id } }), em.find(CostLineEntity, { where: { packageId: id } })]);
    return { pkg, owners, lines };
  }

  async readableParts(user: Principal, id: string): Promise<PackageParts> {
    const parts = await this.parts(id);
    if (!canReadPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not read this package');
    return parts;
  }

  async get(user: Principal, id: string): Promise<PackageView> {
    const parts = await this.readableParts(user, id);
    return this.view(parts, await this.departments.directory());
  }

  async list(user: Principal, cycleId: string, query: ListPackagesQuery): Promise<PackageView[]> {
    await this.cycles.readable(user, cycleId);
    const directory = await this.departments.directory();
    const departmentId = query.department ? directory.idOf(query.department, 'department') : null;
    const pkgs = await this.packages.find({ where: { cycleId, ...(query.stage ? { stage: query.stage } : {}) }, order: { code: 'ASC' } });
    const ids = pkgs.map((p) => p.id);
    const [owners, lines, scores] = await Promise.all([
      ids.length ? this.owners.find({ where: { packageId: In(ids) } }) : [],
      ids.length ? this.lines.find({ where: { packageId: In(ids) } }) : [],
      this.scores.forCycle(cycleId),
    ]);
    const views: PackageView[] = [];
    for (const pkg of pkgs) {
      const parts = { pkg, owners: owners.filter((o) => o.packageId === pkg.id), lines: lines.filter((l) => l.packageId === pkg.id) };
      if (!canReadPackage(user.memberships, accessFacts(parts))) continue;
      if (departmentId && !parts.owners.some((o) => o.departmentId === departmentId)) continue;
      const view = toPackageView(parts, directory, scores.get(pkg.id) ?? { score: null, tier: null });
      if (query.tier && view.tier !== query.tier) continue;
      views.push(view);
    }
    return views;
  }

  async create(user: Principal, dto: CreatePackageDto): Promise<PackageView> {
    await this.cycles.readable(user, dto.cycleId);
    const directory = await this.departments.directory();
    const leadDepartmentId = directory.idOf(dto.leadDepartment, 'leadDepartment');
    const departmentIds = dto.departments.map((code, i) => directory.idOf(code, `departments.${i}`));
    if (!canCreatePackage(user.memberships, dto.cycleId, leadDepartmentId)) throw new Forbidden('You may create packages only for your own department');
    const content = contentRows(dto, directory, emptyDetails());
    const split = content.split ?? evenSplit(departmentIds);
    const lines = content.lines ?? [];
    assertRules(leadDepartmentId, departmentIds, lines, content.details, split);
    assertAmounts(lines, dto.contingencyBasisPoints ?? 1_000);
    assertOwnSections(user, dto.cycleId, content);
    const wait = this.creations.hit(user.userId);
    if (wait > 0) throw new TooManyRequests(wait);
    const id = await this.dataSource.transaction(async (em) => {
      if (await em.exists(DecisionPackageEntity, { where: { cycleId: dto.cycleId, code: dto.code } })) {
        throw new StateConflict(`Package code ${dto.code} is taken in this cycle`);
      }
      if ((await em.count(DecisionPackageEntity, { where: { cycleId: dto.cycleId } })) >= MAX_PACKAGES_PER_CYCLE) {
        throw new StateConflict(`A cycle holds at most ${MAX_PACKAGES_PER_CYCLE} packages`);
      }
      const saved = await em.save(
        em.create(DecisionPackageEntity, {
          cycleId: dto.cycleId,
          code: dto.code,
          title: dto.title,
          purpose: dto.purpose ?? '',
          leadDepartmentId,
          stage: 'drafting',
          published: false,
          contingencyBasisPoints: dto.contingencyBasisPoints ?? 1_000,
          details: content.details,
          submittedAt: null,
        }),
      );
      await em.insert(PackageDepartmentEntity, split.map((s) => ({ packageId: saved.id, departmentId: s.departmentId, shareBasisPoints: s.basisPoints })));
      if (lines.length) await em.insert(CostLineEntity, lines.map((l) => ({ ...l, packageId: saved.id })));
      return saved.id;
    });
    this.events.changed({ cycleId: dto.cycleId, cause: 'package', packageId: id });
    return this.view(await this.parts(id), directory);
  }

  /**
   * The version check and the change happen together: edits of one package are serialized in
   * this instance, and the version is claimed (an atomic compare-and-set in the database, which
   * also decides between instances) before the document is touched, so a request answered 409
   * has changed nothing, the document included. A change refused after the claim releases it.
   */
  async update(user: Principal, id: string, dto: UpdatePackageDto): Promise<PackageView> {
    const hasContent = CONTENT_FIELDS.some((f) => dto[f] !== undefined);
    const directory = await this.departments.directory();
    const cycleId = await this.editQueue.run(id, () => this.updateLocked(user, id, dto, hasContent, directory));
    this.events.changed({ cycleId, cause: 'package', packageId: id });
    return this.view(await this.parts(id), directory);
  }

  private async updateLocked(user: Principal, id: string, dto: UpdatePackageDto, hasContent: boolean, directory: DepartmentDirectory): Promise<string> {
    // a stage move reads and answers with exact rows: texts edited in the last second are projected first
    if (dto.stage !== undefined) await this.contentWriter?.settle(id);
    const current = await this.parts(id);
    this.checkUpdate(user, current, dto);
    if (hasContent) {
      const locked = stageLockReason(user.memberships, current.pkg.cycleId, current.pkg.stage);
      if (locked) throw new Forbidden(`You may not change the content: ${locked}`);
    }
    const content = contentRows(dto, directory, current.pkg.details);
    const departmentIds = current.owners.map((o) => o.departmentId);
    const split = content.split ?? current.owners.map((o) => ({ departmentId: o.departmentId, basisPoints: o.shareBasisPoints }));
    assertRules(current.pkg.leadDepartmentId, departmentIds, content.lines ?? current.lines, content.details, content.split ? split : []);
    if (content.lines || dto.contingencyBasisPoints !== undefined) assertAmounts(content.lines ?? current.lines, dto.contingencyBasisPoints ?? current.pkg.contingencyBasisPoints);
    // before anything is written, so a refused move changes nothing
    if (dto.stage && dto.stage !== current.pkg.stage) for (const gate of this.stageGates) await gate.check(current, current.pkg.stage, dto.stage);
    if (!(await claimVersion(this.dataSource.manager, id, dto.version))) throw new StaleVersion('package', dto.version, dto.version + 1);
    const claim = dto.version + 1;
    if (hasContent && this.contentWriter) {
      try {
        // the document is the source of truth for content: edit it like any co-editor would
        await this.contentWriter.apply(user, current, contentPatch(dto, content, directory));
      } catch (error) {
        await this.dataSource.query(`UPDATE decision_package SET version = version - 1 WHERE id = $1 AND version = $2`, [id, claim]);
        throw error;
      }
    }
    await this.dataSource.transaction(async (em) => {
      const parts = await this.parts(id, em);
      const { pkg } = parts;
      this.checkUpdate(user, parts, { ...dto, version: claim });
      const writeContent = hasContent && !this.contentWriter;
      const result = await em
        .createQueryBuilder()
        .update(DecisionPackageEntity)
        .set({
          ...(writeContent
            ? {
                title: dto.title ?? pkg.title,
                purpose: dto.purpose ?? pkg.purpose,
                contingencyBasisPoints: dto.contingencyBasisPoints ?? pkg.contingencyBasisPoints,
                details: content.details,
              }
            : {}),
          stage: dto.stage ?? pkg.stage,
          published: dto.published ?? pkg.published,
          submittedAt: dto.stage === 'review' && !pkg.submittedAt ? new Date() : pkg.submittedAt,
          // already claimed above; stated so the ORM does not bump it a second time
          version: claim,
        })
        .where('id = :id AND version = :version', { id, version: claim })
        .execute();
      if (result.affected !== 1) throw new StaleVersion('package', dto.version, pkg.version);
      if (writeContent && content.lines) {
        await em.delete(CostLineEntity, { packageId: id });
        if (content.lines.length) await em.insert(CostLineEntity, content.lines.map((l) => ({ ...l, packageId: id })));
      }
      if (writeContent && content.split) {
        for (const s of content.split) await em.update(PackageDepartmentEntity, { packageId: id, departmentId: s.departmentId }, { shareBasisPoints: s.basisPoints });
      }
    });
    if (dto.stage && dto.stage !== current.pkg.stage) await this.contentWriter?.stageChanged(id, current.pkg.stage, dto.stage);
    const accessChanged = (dto.published !== undefined && dto.published !== current.pkg.published) || (dto.stage !== undefined && dto.stage !== current.pkg.stage);
    if (accessChanged) this.events.changed({ cycleId: current.pkg.cycleId, cause: 'access', packageId: id });
    return current.pkg.cycleId;
  }

  /**
   * Reopens a package whose content is locked (allocation and later) for its liaisons: back to
   * drafting, recorded with who, when and why, and announced like any package change.
   */
  async reopen(user: Principal, id: string, dto: ReopenPackageDto): Promise<PackageView> {
    const directory = await this.departments.directory();
    const cycleId = await this.editQueue.run(id, () =>
      this.dataSource.transaction(async (em) => {
        const parts = await this.parts(id, em);
        const { pkg } = parts;
        if (!canReadPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not read this package');
        if (!isCoordinator(user.memberships, pkg.cycleId)) throw new Forbidden('Only coordinators reopen packages');
        if (pkg.version !== dto.version) throw new StaleVersion('package', dto.version, pkg.version);
        if (!canReopenPackage(user.memberships, pkg.cycleId, pkg.stage)) throw new StateConflict(`A package at the ${pkg.stage} stage is not locked; move it instead`);
        if (!(await claimVersion(em, id, dto.version, `stage = 'drafting', updated_at = now(),`))) throw new StaleVersion('package', dto.version, dto.version + 1);
        await em.query(`INSERT INTO package_reopening (package_id, cycle_id, from_stage, to_stage, reason, reopened_by) VALUES ($1, $2, $3, 'drafting', $4, $5)`, [
          id,
          pkg.cycleId,
          pkg.stage,
          dto.reason,
          user.userId,
        ]);
        return { cycleId: pkg.cycleId, from: pkg.stage };
      }),
    );
    await this.contentWriter?.stageChanged(id, cycleId.from, 'drafting');
    this.events.changed({ cycleId: cycleId.cycleId, cause: 'package', packageId: id });
    // the stage changed: open connections are re-checked (libs/domain visibility)
    this.events.changed({ cycleId: cycleId.cycleId, cause: 'access', packageId: id });
    return this.view(await this.parts(id), directory);
  }

  /** The reopenings of a package, newest last. */
  async reopenings(user: Principal, id: string): Promise<{ fromStage: string; toStage: string; reason: string; reopenedBy: string | null; reopenedAt: string }[]> {
    await this.readableParts(user, id);
    const rows: { from_stage: string; to_stage: string; reason: string; reopened_by: string | null; reopened_at: Date }[] = await this.dataSource.query(
      `SELECT from_stage, to_stage, reason, reopened_by, reopened_at FROM package_reopening WHERE package_id = $1 ORDER BY reopened_at, id`,
      [id],
    );
    return rows.map((r) => ({ fromStage: r.from_stage, toStage: r.to_stage, reason: r.reason, reopenedBy: r.reopened_by, reopenedAt: r.reopened_at.toISOString() }));
  }

  private checkUpdate(user: Principal, parts: PackageParts, dto: UpdatePackageDto): void {
    const { pkg } = parts;
    const facts = accessFacts(parts);
    if (!canReadPackage(user.memberships, facts)) throw new Forbidden('You may not read this package');
    if (!canEditPackage(user.memberships, facts)) throw new Forbidden('You may not change this package');
    if (pkg.version !== dto.version) throw new StaleVersion('package', dto.version, pkg.version);
    if (dto.stage && dto.stage !== pkg.stage && !canMovePackage(user.memberships, facts, pkg.stage, dto.stage)) {
      throw new Forbidden(`You may not move this package from ${pkg.stage} to ${dto.stage}`);
    }
    if (dto.stage && isLockedForLiaisons(pkg.stage) && !isLockedForLiaisons(dto.stage)) {
      throw new StateConflict(`A package leaves the ${pkg.stage} stage for ${dto.stage} only by being reopened (POST /api/packages/${pkg.id}/reopen)`);
    }
    if (dto.published !== undefined && dto.published !== pkg.published && !canPublishPackage(user.memberships, pkg.cycleId)) {
      throw new Forbidden('Only coordinators publish packages');
    }
  }

  async view(parts: PackageParts, directory: DepartmentDirectory): Promise<PackageView> {
    const scores = await this.scores.forCycle(parts.pkg.cycleId);
    return toPackageView(parts, directory, scores.get(parts.pkg.id) ?? { score: null, tier: null });
  }
}

export function accessFacts(parts: PackageParts) {
  return { cycleId: parts.pkg.cycleId, departmentIds: parts.owners.map((o) => o.departmentId), published: parts.pkg.published, packageId: parts.pkg.id };
}

/** The content fields of an update, as a document patch (department codes, fixed point). */
function contentPatch(dto: UpdatePackageDto, content: ContentRows, directory: DepartmentDirectory): ContentPatch {
  const code = (id: string) => directory.codeOf(id);
  return {
    ...(dto.title !== undefined ? { title: dto.title } : {}),
    ...(dto.purpose !== undefined ? { purpose: dto.purpose } : {}),
    ...(dto.objectives !== undefined ? { objectives: dto.objectives } : {}),
    ...(dto.contingencyBasisPoints !== undefined ? { contingencyBasisPoints: dto.contingencyBasisPoints } : {}),
    ...(dto.alternatives !== undefined ? { alternatives: dto.alternatives } : {}),
    ...(dto.consequencesOfNotFunding !== undefined ? { consequencesOfNotFunding: dto.consequencesOfNotFunding } : {}),
    ...(dto.kpis !== undefined ? { kpis: content.details.kpis } : {}),
    ...(dto.risks !== undefined ? { risks: content.details.risks } : {}),
    ...(dto.levels !== undefined ? { levels: content.details.levels } : {}),
    ...(dto.activities !== undefined ? { activities: content.details.activities.map((a) => ({ ...a, departmentId: a.departmentId ? code(a.departmentId) : null })) } : {}),
    ...(content.split ? { costSplit: content.split.map((s) => ({ departmentId: code(s.departmentId), basisPoints: s.basisPoints })) } : {}),
    ...(content.lines
      ? {
          costLines: content.lines.filter((l) => l.departmentId).map((l) => documentLine(l, code)),
        }
      : {}),
  };
}

function emptyDetails(): PackageDetails {
  return { objectives: [], activities: [], levels: [], kpis: [], risks: [], alternatives: [], consequencesOfNotFunding: '' };
}

/** Client content (department codes, decimal quantities) → rows (department ids, fixed point). */
function contentRows(dto: PackageContentDto, directory: DepartmentDirectory, current: PackageDetails): ContentRows {
  const details: PackageDetails = {
    objectives: dto.objectives ?? current.objectives,
    activities:
      dto.activities?.map((a, i) => ({
        id: a.id ?? newItemId(),
        departmentId: a.department ? directory.idOf(a.department, `activities.${i}.department`) : null,
        name: a.name,
        start: a.start,
        end: a.end,
      })) ?? current.activities,
    levels: dto.levels?.map((l) => ({ level: l.level, description: l.description, costFen: l.costFen, outcome: l.outcome })) ?? current.levels,
    kpis: dto.kpis?.map((k) => ({ id: k.id ?? newItemId(), name: k.name, unit: k.unit, baseline: k.baseline, target: k.target, direction: k.direction })) ?? current.kpis,
    risks: dto.risks?.map((r) => ({ id: r.id ?? newItemId(), description: r.description, mitigation: r.mitigation })) ?? current.risks,
    alternatives: dto.alternatives ?? current.alternatives,
    consequencesOfNotFunding: dto.consequencesOfNotFunding ?? current.consequencesOfNotFunding,
  };
  const lines =
    dto.costLines?.map((l, i) => ({
      id: l.id ?? newItemId(),
      departmentId: directory.idOf(l.department, `costLines.${i}.department`),
      category: l.category,
      description: l.description,
      location: l.location ?? null,
      quantityMilli: quantityMilliOf(l.quantity, `costLines.${i}.quantity`),
      unit: l.unit,
      unitCostFen: l.unitCostFen,
      year: l.year,
      position: i,
    })) ?? null;
  const split = dto.costSplit?.map((s, i) => ({ departmentId: directory.idOf(s.department, `costSplit.${i}.department`), basisPoints: s.basisPoints })) ?? null;
  return { details, lines, split };
}

function assertRules(leadDepartmentId: string, departmentIds: string[], lines: { id: string; departmentId: string | null }[], details: PackageDetails, split: CostShare[]): void {
  // lines of the shared part (no department) belong to every owner
  const costLines = lines.filter((l): l is Pick<CostLine, 'id' | 'departmentId'> => l.departmentId !== null);
  const violations = packageRuleViolations({ leadDepartmentId, departmentIds, costLines, activities: details.activities, levels: details.levels, kpis: details.kpis, costSplit: split });
  if (violations.length) throw new ValidationFailed(violations);
}

function quantityMilliOf(quantity: number, field: string): number {
  const milli = quantityToMilli(quantity);
  if (milli === null) throw new ValidationFailed([{ field, reason: 'must be a number with at most 3 decimals' }]);
  return milli;
}

/** The money bounds of libs/domain/src/limits.ts, with REST field names. */
function assertAmounts(lines: readonly { quantityMilli: number; unitCostFen: number; year: number }[], contingencyBasisPoints: number): void {
  const fields: FieldError[] = [];
  lines.forEach((line, i) => {
    for (const v of costLineAmountViolations(line, `costLines.${i}`)) fields.push({ field: v.field.replace(/quantityMilli$/, 'quantity'), reason: v.reason });
  });
  if (fields.length === 0 && !amountsWithinBounds(lines, contingencyBasisPoints)) {
    fields.push({ field: 'costLines', reason: `a package may ask for at most ${MAX_PACKAGE_TOTAL_FEN} fen (contingency included)` });
  }
  if (fields.length) throw new ValidationFailed(fields);
}

/**
 * A liaison creates packages led by their department, co-owned or not, but fills only the
 * sections of departments they speak for: cost lines and activities of another department,
 * or a cost split (which decides what the others pay), are refused; an even split is recorded
 * and the other departments fill their own parts. Coordinators create any package.
 */
function assertOwnSections(user: Principal, cycleId: string, content: ContentRows): void {
  if (isCoordinator(user.memberships, cycleId)) return;
  const mine = liaisonDepartments(user.memberships, cycleId);
  const fields: FieldError[] = [];
  content.lines?.forEach((l, i) => {
    if (l.departmentId && !mine.has(l.departmentId)) fields.push({ field: `costLines.${i}.department`, reason: 'you may fill only the sections of your own department' });
  });
  content.details.activities.forEach((a, i) => {
    if (a.departmentId && !mine.has(a.departmentId)) fields.push({ field: `activities.${i}.department`, reason: 'you may fill only the sections of your own department' });
  });
  if (content.split && content.split.some((s) => !mine.has(s.departmentId))) fields.push({ field: 'costSplit', reason: 'only coordinators set the split of a joint package when creating it' });
  if (fields.length) throw new Forbidden(`You may not create this package: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`);
}

/** Compare-and-set of a package's version (plus `also`, fixed SQL assignments); true when this caller won. */
async function claimVersion(em: EntityManager, id: string, version: number, also = ''): Promise<boolean> {
  const [{ n }]: { n: number }[] = await em.query(`WITH claimed AS (UPDATE decision_package SET ${also} version = version + 1 WHERE id = $1 AND version = $2 RETURNING id) SELECT count(*)::int AS n FROM claimed`, [
    id,
    version,
  ]);
  return n === 1;
}
