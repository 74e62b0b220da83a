import { Module } from '@nestjs/common';
import { EvaluationModule } from '../evaluation';
import { DisclosureController } from './disclosure.controller';
import { DisclosureService } from './disclosure.service';

@Module({
  imports: [EvaluationModule],
  controllers: [DisclosureController],
  providers: [DisclosureService],
  exports: [DisclosureService],
})
export class DisclosureModule {}

export { DisclosureService } from './disclosure.service';
