import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('app_setting')
export class AppSettingEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) value: string;
}
