import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CostCategory } from '@zerobase/domain';
import { bigintNumber } from './column-transformers';

@Entity('cost_line')
export class CostLineEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @PrimaryColumn({ name: 'package_id', type: 'uuid' }) packageId: string;
  /** null: a line of the package's shared part (joint implementation) */
  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
  @Column({ type: 'text' }) category: CostCategory;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', nullable: true }) location: string | null;
  @Column({ name: 'quantity_milli', type: 'bigint', transformer: bigintNumber }) quantityMilli: number;
  @Column({ type: 'text' }) unit: string;
  @Column({ name: 'unit_cost_fen', type: 'bigint', transformer: bigintNumber }) unitCostFen: number;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'int' }) position: number;
}
