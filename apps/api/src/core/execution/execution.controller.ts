import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CreateProblemDto, ExecutionQuery, ImportActualsDto, ImportActualsXlsxDto, MonthlyActualDto, OffTrackRuleDto, ProblemsQuery, ProposeAdjustmentDto, ReviewDto, UpdateProblemDto } from './execution.dto';
import { ExecutionService } from './execution.service';
import { ProblemsService } from './problems.service';

const cycleParam = () => new UuidParam('cycleId');

@ApiTags('execution')
@ApiBearerAuth()
@Controller()
export class ExecutionController {
  constructor(
    private readonly execution: ExecutionService,
    private readonly problems: ProblemsService,
  ) {}

  /** Execution rate, KPI completion, projection and off-track flags of each funded package at a month. */
  @Get('cycles/:cycleId/execution')
  status(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Query() query: ExecutionQuery) {
    return this.execution.status(user, cycleId, query.month);
  }

  @Put('cycles/:cycleId/execution-rule')
  rule(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: OffTrackRuleDto) {
    return this.execution.setRule(user, cycleId, body);
  }

  @Put('packages/:id/actuals/:month')
  actual(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Param('month', ParseIntPipe) month: number, @Body() body: MonthlyActualDto) {
    return this.execution.putActual(user, id, month, body);
  }

  @Post('cycles/:cycleId/actuals/import')
  @HttpCode(200)
  importActuals(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: ImportActualsDto) {
    return this.execution.importActuals(user, cycleId, body);
  }

  @Post('cycles/:cycleId/actuals/import-xlsx')
  @HttpCode(200)
  importActualsXlsx(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: ImportActualsXlsxDto) {
    return this.execution.importActualsXlsx(user, cycleId, body);
  }

  /** Apply the off-track rule at the review and open a problem for each package off track. */
  @Post('cycles/:cycleId/execution/review')
  @HttpCode(200)
  review(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: ReviewDto) {
    return this.problems.review(user, cycleId, body.month);
  }

  @Get('cycles/:cycleId/adjustments')
  adjustments(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.execution.adjustments(user, cycleId);
  }

  @Post('cycles/:cycleId/adjustments')
  propose(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: ProposeAdjustmentDto) {
    return this.execution.propose(user, cycleId, body);
  }

  @Post('adjustments/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.execution.decide(user, id, true);
  }

  @Post('adjustments/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.execution.decide(user, id, false);
  }

  @Get('cycles/:cycleId/problems')
  problemList(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Query() query: ProblemsQuery) {
    return this.problems.list(user, cycleId, query);
  }

  @Post('cycles/:cycleId/problems')
  createProblem(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: CreateProblemDto) {
    return this.problems.create(user, cycleId, body);
  }

  @Patch('problems/:id')
  updateProblem(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: UpdateProblemDto) {
    return this.problems.update(user, id, body);
  }

  @Post('problems/:id/close')
  @HttpCode(200)
  closeProblem(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.problems.close(user, id);
  }
}
