import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { isAnyCoordinator } from '@zerobase/domain';
import { Forbidden } from '../../base/errors';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { DocumentRegistry } from './document-registry';
import { DocumentVersions } from './document-versions';
import { EditLog } from './edit-log';
import { EditLogQuery, LastChangesQuery } from './edit-log.dto';

export class CreateVersionDto {
  @ApiProperty({ example: '联席会议前' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
}

@ApiTags('collab')
@ApiBearerAuth()
@Controller()
export class CollabController {
  constructor(
    private readonly registry: DocumentRegistry,
    private readonly versions: DocumentVersions,
    private readonly editLog: EditLog,
  ) {}

  /** Which documents this instance holds in memory, and how many clients are connected. */
  @Get('collab/documents')
  async documents(@CurrentUser() user: Principal) {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators see server state');
    return this.registry.stats();
  }

  /** Who changed what, newest first: paged, filtered by department code, user and time. */
  @Get('packages/:id/edit-log')
  editLogPage(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Query() query: EditLogQuery) {
    return this.editLog.page(user, id, query);
  }

  /** Who changed each part of the package last (the markers on values another department changed). */
  @Get('packages/:id/last-changes')
  lastChanges(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Query() query: LastChangesQuery) {
    return this.editLog.lastChanges(user, id, query);
  }

  @Get('packages/:id/versions')
  list(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.versions.list(user, id);
  }

  @Post('packages/:id/versions')
  create(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: CreateVersionDto) {
    return this.versions.create(user, id, body.name, 'manual');
  }

  @Get('packages/:id/versions/:versionId')
  read(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Param('versionId', new UuidParam('versionId')) versionId: string) {
    return this.versions.read(user, id, versionId);
  }

  @Post('packages/:id/versions/:versionId/restore')
  restore(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Param('versionId', new UuidParam('versionId')) versionId: string) {
    return this.versions.restore(user, id, versionId);
  }
}
