import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '@zerobase/domain';
import { ValidationFailed } from '../../base/errors';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { NotificationsService } from './notifications.service';

function kindOf(raw: string): NotificationKind {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(raw)) throw new ValidationFailed([{ field: 'kind', reason: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }]);
  return raw as NotificationKind;
}

/** The signed-in user's own notifications: nobody reads or mutes another user's. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentUser() user: Principal) {
    return this.notifications.list(user);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: Principal) {
    return this.notifications.markAllRead(user);
  }

  @Get('mutes')
  mutes(@CurrentUser() user: Principal) {
    return this.notifications.mutes(user);
  }

  @Put('mutes/:kind')
  mute(@CurrentUser() user: Principal, @Param('kind') kind: string) {
    return this.notifications.setMuted(user, kindOf(kind), true);
  }

  @Delete('mutes/:kind')
  unmute(@CurrentUser() user: Principal, @Param('kind') kind: string) {
    return this.notifications.setMuted(user, kindOf(kind), false);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.notifications.markRead(user, id);
  }
}
