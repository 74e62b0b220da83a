import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('evaluation_criterion')
export class EvaluationCriterionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'cycle_id', type: 'uuid' }) cycleId: string;
  @Column({ type: 'text' }) key: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @Column({ name: 'description_zh', type: 'text', default: '' }) descriptionZh: string;
  @Column({ name: 'description_en', type: 'text', default: '' }) descriptionEn: string;
  @Column({ type: 'int' }) weight: number;
  @Column({ type: 'int' }) position: number;
}
