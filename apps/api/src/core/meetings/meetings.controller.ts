import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { FollowUpsService } from './follow-ups.service';
import { CreateMeetingDto, DecisionDto, ListFollowUpsQuery, MeetingPositionDto, MinutesNotesDto, MinutesVersionDto, PreviewDto } from './meetings.dto';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';
import { MinutesVersions } from './minutes-versions';

const cycleParam = () => new UuidParam('cycleId');

@ApiTags('meetings')
@ApiBearerAuth()
@Controller()
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly followUps: FollowUpsService,
    private readonly minutes: MinutesService,
    private readonly versions: MinutesVersions,
  ) {}

  @Get('cycles/:cycleId/meetings')
  list(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.meetings.list(user, cycleId);
  }

  @Post('cycles/:cycleId/meetings')
  create(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: CreateMeetingDto) {
    return this.meetings.create(user, cycleId, body);
  }

  @Get('meetings/:id')
  get(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.meetings.get(user, id);
  }

  @Post('meetings/:id/start')
  @HttpCode(200)
  start(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.meetings.setStatus(user, id, 'open');
  }

  @Post('meetings/:id/end')
  @HttpCode(200)
  end(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.meetings.setStatus(user, id, 'ended');
  }

  @Put('meetings/:id/position')
  position(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: MeetingPositionDto) {
    return this.meetings.setPosition(user, id, body);
  }

  @Post('meetings/:id/what-if')
  @HttpCode(200)
  preview(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: PreviewDto) {
    return this.meetings.preview(user, id, body);
  }

  @Post('meetings/:id/what-if/adopt')
  adopt(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.meetings.adoptPreview(user, id);
  }

  @Post('meetings/:id/what-if/discard')
  @HttpCode(200)
  discard(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.meetings.discardPreview(user, id);
  }

  @Post('meetings/:id/decisions')
  decide(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: DecisionDto) {
    return this.meetings.decide(user, id, body);
  }

  @Get('meetings/:id/minutes')
  minutesText(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.minutes.texts(user, id);
  }

  @Put('meetings/:id/minutes')
  notes(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: MinutesNotesDto) {
    return this.minutes.setNotes(user, id, body.notes);
  }

  @Post('meetings/:id/minutes/close')
  @HttpCode(200)
  closeMinutes(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.minutes.close(user, id);
  }

  @Get('meetings/:id/minutes/versions')
  minutesVersions(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.versions.list(user, id);
  }

  @Post('meetings/:id/minutes/versions')
  recordMinutesVersion(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: MinutesVersionDto) {
    return this.versions.create(user, id, body.name);
  }

  @Get('meetings/:id/minutes/versions/:versionId')
  minutesVersion(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Param('versionId', new UuidParam('versionId')) versionId: string) {
    return this.versions.read(user, id, versionId);
  }

  @Post('meetings/:id/minutes/versions/:versionId/restore')
  @HttpCode(200)
  restoreMinutesVersion(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Param('versionId', new UuidParam('versionId')) versionId: string) {
    return this.versions.restore(user, id, versionId);
  }

  @Get('meetings/:id/minutes.docx')
  async docx(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Res() res: Response) {
    const file = await this.minutes.exportDocx(user, id);
    res.set({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="minutes-${id}.docx"` });
    res.send(file);
  }

  @Get('meetings/:id/minutes.pdf')
  async pdf(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Res() res: Response) {
    const file = await this.minutes.exportPdf(user, id);
    res.set({ 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="minutes-${id}.pdf"` });
    res.send(file);
  }

  @Get('cycles/:cycleId/follow-ups')
  followUpList(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Query() query: ListFollowUpsQuery) {
    return this.followUps.list(user, cycleId, query.department);
  }

  @Post('follow-ups/:id/done')
  @HttpCode(200)
  done(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.followUps.markDone(user, id);
  }
}
