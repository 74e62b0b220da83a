import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Activity, EffortIncrement, Kpi, PackageStage, Risk } from '@zerobase/domain';

/** The parts of a package that live in one JSON document rather than in tables of their own. */
export interface PackageDetails {
  objectives: string[];
  activities: Activity[];
  levels: EffortIncrement[];
  kpis: Kpi[];
  risks: Risk[];
  alternatives: string[];
  consequencesOfNotFunding: string;
  /** the free narrative of the shared part (co-edited) */
  narrative?: string;
}

@Entity('decision_package')
export class DecisionPackageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'cycle_id', type: 'uuid' }) cycleId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) purpose: string;
  @Column({ name: 'lead_department_id', type: 'uuid' }) leadDepartmentId: string;
  @Column({ type: 'text' }) stage: PackageStage;
  @Column({ type: 'boolean' }) published: boolean;
  @Column({ name: 'contingency_bp', type: 'int' }) contingencyBasisPoints: number;
  @Column({ type: 'jsonb' }) details: PackageDetails;
  @VersionColumn() version: number;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
