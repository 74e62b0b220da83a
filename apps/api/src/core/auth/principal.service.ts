import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { MembershipEntity, UserEntity } from '../../models';
import type { Membership } from '@zerobase/domain';
import type { Principal } from './principal';

/** Loads a user and their memberships: what every authorization decision needs. */
@Injectable()
export class PrincipalService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
    private readonly dataSource: DataSource,
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
      memberships: await withEvaluatorPackages(this.dataSource, userId, memberships.map((m) => ({ cycleId: m.cycleId, role: m.role, departmentId: m.departmentId }))),
    };
  }
}

/** A third-party evaluator's memberships carry the packages assigned to it (what it may read). */
async function withEvaluatorPackages(dataSource: DataSource, userId: string, memberships: Membership[]): Promise<Membership[]> {
  if (!memberships.some((m) => m.role === 'evaluator')) return memberships;
  const rows: { cycle_id: string; package_ids: string[] }[] = await dataSource.query(
    `SELECT cycle_id, array_agg(package_id) AS package_ids FROM performance_scorer WHERE user_id = $1 GROUP BY cycle_id`,
    [userId],
  );
  const byCycle = new Map(rows.map((r) => [r.cycle_id, r.package_ids]));
  return memberships.map((m) => (m.role === 'evaluator' ? { ...m, packageIds: byCycle.get(m.cycleId) ?? [] } : m));
}
