import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CostLineEntity, DecisionPackageEntity, PackageDepartmentEntity } from '../../models';
import { PackageScoresService } from './package-scores.service';
import { PackagesController } from './packages.controller';
import { PackagesService } from './packages.service';

@Module({
  imports: [TypeOrmModule.forFeature([DecisionPackageEntity, PackageDepartmentEntity, CostLineEntity])],
  controllers: [PackagesController],
  providers: [PackagesService, PackageScoresService],
  exports: [PackagesService, PackageScoresService],
})
export class PackagesModule {}

export { accessFacts, PackagesService } from './packages.service';
export { PackageScoresService } from './package-scores.service';
export { documentLine } from './document-line';
export { SHARED_PART, type PackageParts } from './package-view';
export type { PackageContentWriter } from './package-content-writer';
export type { StageGate } from './stage-gate';
