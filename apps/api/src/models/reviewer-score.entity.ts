import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('reviewer_score')
export class ReviewerScoreEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'cycle_id', type: 'uuid' }) cycleId: string;
  @Column({ name: 'package_id', type: 'uuid' }) packageId: string;
  @Column({ name: 'reviewer_id', type: 'uuid' }) reviewerId: string;
  @Column({ name: 'criterion_key', type: 'text' }) criterionKey: string;
  @Column({ type: 'int' }) score: number;
  @Column({ type: 'text' }) comment: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
