import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { NextCycleService } from './next-cycle.service';
import { AdjustGradeDto, NextCycleDto, PerformanceSettingsDto, ScoreSheetDto, ScorersDto } from './performance.dto';
import { PerformanceService } from './performance.service';

const cycleParam = () => new UuidParam('cycleId');

@ApiTags('performance')
@ApiBearerAuth()
@Controller()
export class PerformanceController {
  constructor(
    private readonly performance: PerformanceService,
    private readonly nextCycle: NextCycleService,
  ) {}

  /** The end-of-cycle evaluation as the user may read it: all for coordinators, a scorer's own packages otherwise. */
  @Get('cycles/:cycleId/performance')
  view(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.performance.view(user, cycleId);
  }

  @Put('cycles/:cycleId/performance/settings')
  settings(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: PerformanceSettingsDto) {
    return this.performance.setSettings(user, cycleId, body);
  }

  @Put('packages/:id/performance/scorers')
  scorers(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: ScorersDto) {
    return this.performance.setScorers(user, id, body);
  }

  @Put('packages/:id/performance/sheet')
  sheet(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: ScoreSheetDto) {
    return this.performance.submitSheet(user, id, body);
  }

  @Put('packages/:id/performance/grade')
  grade(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: AdjustGradeDto) {
    return this.performance.adjustGrade(user, id, body);
  }

  /** What creating the next cycle would carry forward, and what each grade does. */
  @Get('cycles/:cycleId/next-cycle/preview')
  preview(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.nextCycle.preview(user, cycleId);
  }

  @Post('cycles/:cycleId/next-cycle')
  @HttpCode(201)
  create(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: NextCycleDto) {
    return this.nextCycle.create(user, cycleId, body);
  }
}
