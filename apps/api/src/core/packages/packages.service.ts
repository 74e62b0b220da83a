import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import {
  canCreatePackage,
  canEditPackage,
  canMovePackage,
  canPublishPackage,
  canReadPackage,
  evenSplit,
  packageRuleViolations,
  parseDecimal,
  type CostLine,
  type CostShare,
  type PackageView,
} from '@zerobase/domain';
import type { ContentPatch } from '@zerobase/collab';
import { Forbidden, NotFound, StaleVersion, StateConflict, ValidationFailed } from '../../base/errors';
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
import type { CreatePackageDto, ListPackagesQuery, PackageContentDto, UpdatePackageDto } from './packages.dto';

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

  constructor(
    @InjectRepository(DecisionPackageEntity) private readonly packages: Repository<DecisionPackageEntity>,
    @InjectRepository(PackageDepartmentEntity) private readonly owners: Repository<PackageDepartmentEntity>,
    @InjectRepository(CostLineEntity) private readonly lines: Repository<CostLineEntity>,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly scores: PackageScoresService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
  ) {}

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
    const id = await this.dataSource.transaction(async (em) => {
      if (await em.exists(DecisionPackageEntity, { where: { cycleId: dto.cycleId, code: dto.code } })) {
        throw new StateConflict(`Package code ${dto.code} is taken in this cycle`);
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

  async update(user: Principal, id: string, dto: UpdatePackageDto): Promise<PackageView> {
    const directory = await this.departments.directory();
    const hasContent = CONTENT_FIELDS.some((f) => dto[f] !== undefined);
    const current = await this.parts(id);
    this.checkUpdate(user, current, dto);
    const content = contentRows(dto, directory, current.pkg.details);
    const departmentIds = current.owners.map((o) => o.departmentId);
    const split = content.split ?? current.owners.map((o) => ({ departmentId: o.departmentId, basisPoints: o.shareBasisPoints }));
    assertRules(current.pkg.leadDepartmentId, departmentIds, content.lines ?? current.lines, content.details, content.split ? split : []);
    // before anything is written, so a refused move changes nothing
    if (dto.stage && dto.stage !== current.pkg.stage) for (const gate of this.stageGates) await gate.check(current, current.pkg.stage, dto.stage);
    if (hasContent && this.contentWriter) {
      // the document is the source of truth for content: edit it like any co-editor would
      await this.contentWriter.apply(user, current, contentPatch(dto, content, directory));
    }
    await this.dataSource.transaction(async (em) => {
      const parts = await this.parts(id, em);
      const { pkg } = parts;
      this.checkUpdate(user, parts, dto);
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
          version: () => 'version + 1',
        })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw new StaleVersion('package', dto.version, dto.version + 1);
      if (writeContent && content.lines) {
        await em.delete(CostLineEntity, { packageId: id });
        if (content.lines.length) await em.insert(CostLineEntity, content.lines.map((l) => ({ ...l, packageId: id })));
      }
      if (writeContent && content.split) {
        for (const s of content.split) await em.update(PackageDepartmentEntity, { packageId: id, departmentId: s.departmentId }, { shareBasisPoints: s.basisPoints });
      }
    });
    if (dto.stage && dto.stage !== current.pkg.stage) await this.contentWriter?.stageChanged(id, current.pkg.stage, dto.stage);
    this.events.changed({ cycleId: current.pkg.cycleId, cause: 'package', packageId: id });
    const accessChanged = (dto.published !== undefined && dto.published !== current.pkg.published) || (dto.stage !== undefined && dto.stage !== current.pkg.stage);
    if (accessChanged) this.events.changed({ cycleId: current.pkg.cycleId, cause: 'access', packageId: id });
    return this.view(await this.parts(id), directory);
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
  return { cycleId: parts.pkg.cycleId, departmentIds: parts.owners.map((o) => o.departmentId), published: parts.pkg.published };
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
      quantityMilli: parseDecimal(String(l.quantity), 3),
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
