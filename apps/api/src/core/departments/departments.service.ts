import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { hierarchyCycle, isAnyCoordinator } from '@zerobase/domain';
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
  constructor(@InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>) {}

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

  async update(user: Principal, id: string, dto: UpdateDepartmentDto): Promise<DepartmentView> {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators manage departments');
    const saved = await this.departments.manager.transaction(async (em) => {
      const repo = em.getRepository(DepartmentEntity);
      const department = await repo.findOne({ where: { id } });
      if (!department) throw new NotFound('department', id);
      const { parent, ...names } = dto;
      if (parent !== undefined) {
        // moves are taken one at a time, so that two moved together cannot close a cycle
        await em.query(`LOCK TABLE department IN SHARE ROW EXCLUSIVE MODE`);
        const directory = new DepartmentDirectory(await repo.find({ order: { code: 'ASC' } }));
        const parentId = parent === null ? null : directory.idOf(parent, 'parent');
        // the hierarchy stays a tree: consolidation merges the units' orders up it
        const cycle = hierarchyCycle(directory.entries.map((d) => ({ id: d.id, parentId: d.id === id ? parentId : d.parentId })));
        if (cycle !== null) throw new ValidationFailed([{ field: 'parent', reason: `would make a cycle in the decision-unit hierarchy: ${cycle.map((u) => directory.codeOf(u)).join(' → ')}` }]);
        department.parentId = parentId;
      }
      Object.assign(department, names);
      return repo.save(department);
    });
    return (await this.directory()).view(saved);
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
