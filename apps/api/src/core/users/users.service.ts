import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isAnyCoordinator, passwordProblem, type MembershipView, type Role, type UserView } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import { MembershipEntity, UserEntity } from '../../models';
import { hashPassword, type Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import type { CreateMembershipDto, CreateUserDto } from './users.dto';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
    private readonly departments: DepartmentsService,
    private readonly cycles: CyclesService,
    private readonly events: CycleEvents,
  ) {}

  private requireCoordinator(user: Principal): void {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators manage users');
  }

  async list(user: Principal): Promise<UserView[]> {
    this.requireCoordinator(user);
    const directory = await this.departments.directory();
    const users = await this.users.find({ order: { email: 'ASC' } });
    return users.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, department: u.departmentId ? directory.codeOf(u.departmentId) : null }));
  }

  async create(user: Principal, dto: CreateUserDto): Promise<UserView> {
    this.requireCoordinator(user);
    const email = dto.email.trim().toLowerCase();
    const weak = passwordProblem(dto.password, email);
    if (weak) throw new ValidationFailed([{ field: 'password', reason: weak }]);
    if (await this.users.exist({ where: { email } })) throw new StateConflict(`A user with email ${email} exists`);
    const directory = await this.departments.directory();
    const departmentId = dto.department ? directory.idOf(dto.department, 'department') : null;
    const saved = await this.users.save(this.users.create({ email, displayName: dto.displayName, passwordHash: await hashPassword(dto.password), departmentId }));
    return { id: saved.id, email, displayName: saved.displayName, department: dto.department ?? null };
  }

  async listMemberships(user: Principal, cycleId: string): Promise<MembershipView[]> {
    await this.cycles.coordinated(user, cycleId);
    const directory = await this.departments.directory();
    const rows = await this.memberships
      .createQueryBuilder('m')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .select(['m.id AS id', 'm.user_id AS "userId"', 'u.email AS email', 'm.role AS role', 'm.department_id AS "departmentId"'])
      .where('m.cycle_id = :cycleId', { cycleId })
      .orderBy('u.email')
      .getRawMany<{ id: string; userId: string; email: string; role: Role; departmentId: string | null }>();
    return rows.map((r) => ({ id: r.id, userId: r.userId, email: r.email, role: r.role, department: r.departmentId ? directory.codeOf(r.departmentId) : null }));
  }

  async addMembership(user: Principal, cycleId: string, dto: CreateMembershipDto): Promise<MembershipView> {
    await this.cycles.coordinated(user, cycleId);
    const member = await this.users.findOne({ where: { id: dto.userId } });
    if (!member) throw new NotFound('user', dto.userId);
    if (dto.role === 'liaison' && !dto.department) throw new ValidationFailed([{ field: 'department', reason: 'is required for a liaison' }]);
    if (dto.role !== 'liaison' && dto.department) throw new ValidationFailed([{ field: 'department', reason: 'is only for liaisons' }]);
    const departmentId = dto.department ? (await this.departments.directory()).idOf(dto.department, 'department') : null;
    const existing = await this.memberships.findOne({ where: { userId: dto.userId, cycleId, role: dto.role, departmentId: departmentId ?? undefined } });
    if (existing && existing.departmentId === departmentId) throw new StateConflict('This membership exists');
    const saved = await this.memberships.save(this.memberships.create({ userId: dto.userId, cycleId, role: dto.role, departmentId }));
    this.events.changed({ cycleId, cause: 'access', userId: dto.userId });
    return { id: saved.id, userId: member.id, email: member.email, role: saved.role, department: dto.department ?? null };
  }

  async removeMembership(user: Principal, cycleId: string, membershipId: string): Promise<void> {
    await this.cycles.coordinated(user, cycleId);
    const membership = await this.memberships.findOne({ where: { id: membershipId, cycleId } });
    const result = await this.memberships.delete({ id: membershipId, cycleId });
    if (!result.affected || !membership) throw new NotFound('membership', membershipId);
    // open sockets of this user are re-checked at once (rooms, /collab rights)
    this.events.changed({ cycleId, cause: 'access', userId: membership.userId });
  }
}
