import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './column-transformers';

@Entity('department_envelope')
export class DepartmentEnvelopeEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'uuid' }) cycleId: string;
  @PrimaryColumn({ name: 'department_id', type: 'uuid' }) departmentId: string;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber }) amountFen: number;
}
