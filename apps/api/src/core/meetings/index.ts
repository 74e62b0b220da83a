import { Module } from '@nestjs/common';
import { CollabModule } from '../collab';
import { CyclesModule } from '../cycles';
import { EvaluationModule } from '../evaluation';
import { NotificationsModule } from '../notifications';
import { PackagesModule } from '../packages';
import { FollowUpsService } from './follow-ups.service';
import { MeetingStore } from './meeting-store';
import { MeetingsController } from './meetings.controller';
import { MeetingsGateway } from './meetings.gateway';
import { MeetingsService } from './meetings.service';
import { MinutesDocument } from './minutes-document';
import { MinutesVersions } from './minutes-versions';
import { MinutesService } from './minutes.service';

/** Coordination meetings (跨部门联席会议): agenda, live room, decisions, follow-up actions, minutes. */
@Module({
  imports: [CollabModule, CyclesModule, EvaluationModule, NotificationsModule, PackagesModule],
  controllers: [MeetingsController],
  providers: [MeetingStore, MeetingsService, MeetingsGateway, FollowUpsService, MinutesService, MinutesDocument, MinutesVersions],
  exports: [MinutesDocument],
})
export class MeetingsModule {}

export { MinutesDocument } from './minutes-document';
