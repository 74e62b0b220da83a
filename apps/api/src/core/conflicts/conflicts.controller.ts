import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { ListConflictsQuery, ResolveConflictDto } from './conflicts.dto';
import { ConflictsService } from './conflicts.service';

@ApiTags('conflicts')
@ApiBearerAuth()
@Controller()
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Get('packages/:id/conflicts')
  forPackage(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Query() query: ListConflictsQuery) {
    return this.conflicts.forPackage(user, id, query.status, query.kind);
  }

  @Get('cycles/:cycleId/conflicts')
  forCycle(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Query() query: ListConflictsQuery) {
    return this.conflicts.forCycle(user, cycleId, query.status, query.kind);
  }

  @Get('conflicts/:id')
  get(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.conflicts.get(user, id);
  }

  @Post('conflicts/:id/resolve')
  @HttpCode(200)
  resolve(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: ResolveConflictDto) {
    return this.conflicts.resolve(user, id, body);
  }
}
