import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { MembershipEntity, UserEntity } from '../../models';
import type { Principal } from './principal';

/** Loads a user and their memberships: what every authorization decision needs. */
@Injectable()
export class PrincipalService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
  ) {}

  async load(userId: string): Promise<Principal | null> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user) return null;
    const memberships = await this.memberships.find({ where: { userId } });
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      departmentId: user.departmentId,
      memberships: memberships.map((m) => ({ cycleId: m.cycleId, role: m.role, departmentId: m.departmentId })),
    };
  }
}
