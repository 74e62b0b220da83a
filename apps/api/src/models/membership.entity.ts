import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@zerobase/domain';

@Entity('membership')
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'cycle_id', type: 'uuid' }) cycleId: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
}
