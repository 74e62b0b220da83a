import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentEntity } from '../../models';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DepartmentEntity])],
  controllers: [DepartmentsController],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}

export { DepartmentDirectory, DepartmentsService, type DepartmentView } from './departments.service';
