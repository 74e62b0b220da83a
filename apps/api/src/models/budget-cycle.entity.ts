import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { CycleStage } from '@zerobase/domain';
import { bigintNumber } from './column-transformers';

@Entity('budget_cycle')
export class BudgetCycleEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text', default: '' }) nameEn: string;
  @Column({ name: 'fiscal_year', type: 'int' }) fiscalYear: number;
  @Column({ name: 'total_quota_fen', type: 'bigint', transformer: bigintNumber }) totalQuotaFen: number;
  @Column({ name: 'reserve_bp', type: 'int' }) reserveBasisPoints: number;
  @Column({ name: 'tier_high', type: 'int' }) tierHigh: number;
  @Column({ name: 'tier_medium', type: 'int' }) tierMedium: number;
  @Column({ type: 'text' }) stage: CycleStage;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
