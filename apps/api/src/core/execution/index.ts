import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation';
import { PackagesModule } from '../packages';
import { ExecutionController } from './execution.controller';
import { ExecutionService } from './execution.service';
import { ProblemsService } from './problems.service';

@Module({
  imports: [PackagesModule, EvaluationModule],
  controllers: [ExecutionController],
  providers: [ExecutionService, ProblemsService],
  exports: [ExecutionService],
})
export class ExecutionModule {}

export { ExecutionService } from './execution.service';
