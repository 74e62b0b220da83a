import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { canReadCycle, isAnyCoordinator, isCoordinator } from '@zerobase/domain';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from '../../base/errors';
import { CycleEvents } from '../../base/events/cycle-events';
import { BudgetCycleEntity, DepartmentEnvelopeEntity, MembershipEntity } from '../../models';
import type { Principal } from '../auth';
import { DepartmentsService } from '../departments';
import type { CreateCycleDto, SetEnvelopesDto, UpdateCycleDto } from './cycles.dto';

export interface CycleView {
  id: string;
  name: string;
  /** the English name; empty when the cycle has one name */
  nameEn: string;
  fiscalYear: number;
  totalQuotaFen: number;
  reserveBasisPoints: number;
  tierThresholds: { high: number; medium: number };
  stage: string;
  version: number;
  myRoles: string[];
}

@Injectable()
export class CyclesService {
  constructor(
    @InjectRepository(BudgetCycleEntity) private readonly cycles: Repository<BudgetCycleEntity>,
    @InjectRepository(DepartmentEnvelopeEntity) private readonly envelopes: Repository<DepartmentEnvelopeEntity>,
    private readonly departments: DepartmentsService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
  ) {}

  view(cycle: BudgetCycleEntity, user: Principal): CycleView {
    return {
      id: cycle.id,
      name: cycle.name,
      nameEn: cycle.nameEn ?? '',
      fiscalYear: cycle.fiscalYear,
      totalQuotaFen: cycle.totalQuotaFen,
      reserveBasisPoints: cycle.reserveBasisPoints,
      tierThresholds: { high: cycle.tierHigh, medium: cycle.tierMedium },
      stage: cycle.stage,
      version: cycle.version,
      myRoles: [...new Set(user.memberships.filter((m) => m.cycleId === cycle.id).map((m) => m.role))],
    };
  }

  async listFor(user: Principal): Promise<CycleView[]> {
    const ids = [...new Set(user.memberships.map((m) => m.cycleId))];
    if (ids.length === 0) return [];
    const cycles = await this.cycles.find({ where: { id: In(ids) }, order: { fiscalYear: 'DESC', name: 'ASC' } });
    return cycles.map((c) => this.view(c, user));
  }

  /** The cycle when the user may read it: 404 when it does not exist, 403 when not a member. */
  async readable(user: Principal, id: string): Promise<BudgetCycleEntity> {
    const cycle = await this.cycles.findOne({ where: { id } });
    if (!cycle) throw new NotFound('cycle', id);
    if (!canReadCycle(user.memberships, id)) throw new Forbidden('You are not a member of this cycle');
    return cycle;
  }

  async coordinated(user: Principal, id: string): Promise<BudgetCycleEntity> {
    const cycle = await this.readable(user, id);
    if (!isCoordinator(user.memberships, id)) throw new Forbidden('Only the cycle’s coordinators may do this');
    return cycle;
  }

  async create(user: Principal, dto: CreateCycleDto): Promise<CycleView> {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators open cycles');
    return this.dataSource.transaction(async (em) => {
      const cycle = await em.save(
        em.create(BudgetCycleEntity, {
          name: dto.name,
          nameEn: dto.nameEn ?? '',
          fiscalYear: dto.fiscalYear,
          totalQuotaFen: dto.totalQuotaFen,
          reserveBasisPoints: dto.reserveBasisPoints ?? 1_000,
          tierHigh: 85,
          tierMedium: 60,
          stage: 'drafting',
        }),
      );
      await em.save(em.create(MembershipEntity, { userId: user.userId, cycleId: cycle.id, role: 'coordinator', departmentId: null }));
      const withMembership = { ...user, memberships: [...user.memberships, { cycleId: cycle.id, role: 'coordinator' as const, departmentId: null }] };
      return this.view(cycle, withMembership);
    });
  }

  async update(user: Principal, id: string, dto: UpdateCycleDto): Promise<CycleView> {
    const cycle = await this.coordinated(user, id);
    if (cycle.version !== dto.version) throw new StaleVersion('cycle', dto.version, cycle.version);
    const { version: _version, ...changes } = dto;
    const next = { ...cycle, ...changes };
    if (next.tierMedium >= next.tierHigh) throw new ValidationFailed([{ field: 'tierMedium', reason: 'must be below tierHigh' }]);
    // the version check and the write are one statement, so two concurrent writers cannot both win
    const result = await this.cycles
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version: dto.version })
      .execute();
    if (result.affected !== 1) {
      const current = await this.cycles.findOneByOrFail({ id });
      throw new StaleVersion('cycle', dto.version, current.version);
    }
    this.events.changed({ cycleId: id, cause: 'cycle' });
    if (dto.stage !== undefined && dto.stage !== cycle.stage) this.events.changed({ cycleId: id, cause: 'access' });
    return this.view(await this.cycles.findOneByOrFail({ id }), user);
  }

  async listEnvelopes(user: Principal, id: string): Promise<{ department: string; amountFen: number }[]> {
    await this.readable(user, id);
    const directory = await this.departments.directory();
    const rows = await this.envelopes.find({ where: { cycleId: id } });
    return rows.map((r) => ({ department: directory.codeOf(r.departmentId), amountFen: r.amountFen })).sort((a, b) => a.department.localeCompare(b.department));
  }

  async setEnvelopes(user: Principal, id: string, dto: SetEnvelopesDto) {
    await this.coordinated(user, id);
    const directory = await this.departments.directory();
    const rows = dto.envelopes.map((e, i) => ({ cycleId: id, departmentId: directory.idOf(e.department, `envelopes.${i}.department`), amountFen: e.amountFen }));
    await this.envelopes.upsert(rows, ['cycleId', 'departmentId']);
    this.events.changed({ cycleId: id, cause: 'cycle' });
    return this.listEnvelopes(user, id);
  }
}
