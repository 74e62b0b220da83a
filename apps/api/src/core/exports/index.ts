import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation';
import { MetricsModule } from '../metrics';
import { PackagesModule } from '../packages';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [PackagesModule, EvaluationModule, MetricsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
