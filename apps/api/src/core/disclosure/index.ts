import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation';
import { ExecutionModule } from '../execution';
import { DisclosureController } from './disclosure.controller';
import { DisclosureService } from './disclosure.service';

@Module({
  imports: [EvaluationModule, ExecutionModule],
  controllers: [DisclosureController],
  providers: [DisclosureService],
  exports: [DisclosureService],
})
export class DisclosureModule {}

export { DisclosureService } from './disclosure.service';
