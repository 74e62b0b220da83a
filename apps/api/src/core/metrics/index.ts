import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { MetricsInputs } from './metrics-inputs';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { MEETING_SOURCE } from './meeting-source';
import { StoredMeetings } from './stored-meetings';

@Module({
  imports: [PackagesModule],
  controllers: [MetricsController],
  providers: [MetricsInputs, MetricsService, { provide: MEETING_SOURCE, useClass: StoredMeetings }],
  exports: [MetricsService],
})
export class MetricsModule {}

export { MetricsService } from './metrics.service';
export { MEETING_SOURCE, type MeetingSource } from './meeting-source';
