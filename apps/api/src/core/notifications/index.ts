import { Module } from '@nestjs/common';
import { CollabModule } from '../collab';
import { EvaluationModule } from '../evaluation';
import { NotificationTriggers } from './notification-triggers';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Per-user notifications: stored, folded against storms, muted per kind, pushed live. */
@Module({
  imports: [CollabModule, EvaluationModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationTriggers],
  exports: [NotificationsService, NotificationTriggers],
})
export class NotificationsModule {}

export { NotificationTriggers } from './notification-triggers';
export { NotificationsService, type NotificationDraft, type NotificationView } from './notifications.service';
