import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isAnyCoordinator, unitMoveProblem } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import { DepartmentEntity } from '../../models';
import type { Principal } from '../auth';
import type { CreateDepartmentDto, UpdateDepartmentDto } from './departments.dto';

export interface DepartmentView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  parent: string | null;
}

/** The register of decision units, and the code ↔ id lookups every response needs. */
@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
    private readonly events: CycleEvents,
  ) {}

  async all(): Promise<DepartmentEntity[]> {
    return this.departments.find({ order: { code: 'ASC' } });
  }

  async directory(): Promise<DepartmentDirectory> {
    return new DepartmentDirectory(await this.all());
  }

  async list(): Promise<DepartmentView[]> {
    const directory = await this.directory();
    return directory.entries.map((d) => directory.view(d));
  }

  async create(user: Principal, dto: CreateDepartmentDto): Promise<DepartmentView> {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators manage departments');
    const directory = await this.directory();
    if (directory.byCode(dto.code)) throw new StateConflict(`A department with code ${dto.code} exists`);
    const parentId = dto.parent ? directory.idOf(dto.parent, 'parent') : null;
    const saved = await this.departments.save(this.departments.create({ code: dto.code, nameZh: dto.nameZh, nameEn: dto.nameEn, parentId }));
    return new DepartmentDirectory([...directory.entries, saved]).view(saved);
  }

  /** Renames a unit and/or moves it under another parent (or to the top level); a move that would loop is a 400 on `parent`. */
  async update(user: Principal, id: string, dto: UpdateDepartmentDto): Promise<DepartmentView> {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators manage departments');
    const moved = await this.departments.manager.transaction(async (em) => {
      // moves are serialized, so two concurrent moves cannot close a loop between them
      if (dto.parent !== undefined) await em.query(`LOCK TABLE department IN SHARE ROW EXCLUSIVE MODE`);
      const all = await em.find(DepartmentEntity);
      const department = all.find((d) => d.id === id);
      if (!department) throw new NotFound('department', id);
      if (dto.nameZh !== undefined) department.nameZh = dto.nameZh;
      if (dto.nameEn !== undefined) department.nameEn = dto.nameEn;
      let parentChanged = false;
      if (dto.parent !== undefined) {
        const parentId = dto.parent === null ? null : new DepartmentDirectory(all).idOf(dto.parent, 'parent');
        const problem = unitMoveProblem(all, id, parentId);
        if (problem) throw new ValidationFailed([{ field: 'parent', reason: problem }]);
        parentChanged = parentId !== department.parentId;
        department.parentId = parentId;
      }
      await em.save(department);
      return parentChanged;
    });
    if (moved) {
      // the hierarchy decides conflicts of interest: every cycle's ranking and queues are computed again
      const cycles: { id: string }[] = await this.departments.manager.query(`SELECT id FROM budget_cycle`);
      for (const c of cycles) this.events.changed({ cycleId: c.id, cause: 'settings' });
    }
    const directory = await this.directory();
    return directory.view(directory.entries.find((d) => d.id === id)!);
  }
}

export class DepartmentDirectory {
  private readonly byId = new Map<string, DepartmentEntity>();
  private readonly byCodeMap = new Map<string, DepartmentEntity>();

  constructor(readonly entries: DepartmentEntity[]) {
    for (const d of entries) {
      this.byId.set(d.id, d);
      this.byCodeMap.set(d.code, d);
    }
  }

  byCode(code: string): DepartmentEntity | undefined {
    return this.byCodeMap.get(code);
  }

  /** The id for a code given by a client; a 400 naming the field when unknown. */
  idOf(code: string, field: string): string {
    const department = this.byCodeMap.get(code);
    if (!department) throw new ValidationFailed([{ field, reason: `unknown department "${String(code).slice(0, 40)}"` }]);
    return department.id;
  }

  codeOf(id: string): string {
    return this.byId.get(id)?.code ?? id;
  }

  view(d: DepartmentEntity): DepartmentView {
    return { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, parent: d.parentId ? this.codeOf(d.parentId) : null };
  }
}
