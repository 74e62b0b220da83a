import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('department')
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) code: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
}
