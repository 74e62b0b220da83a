import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An owning department of a package and its share of the cost (basis points). */
@Entity('package_department')
export class PackageDepartmentEntity {
  @PrimaryColumn({ name: 'package_id', type: 'uuid' }) packageId: string;
  @PrimaryColumn({ name: 'department_id', type: 'uuid' }) departmentId: string;
  @Column({ name: 'share_bp', type: 'int' }) shareBasisPoints: number;
}
