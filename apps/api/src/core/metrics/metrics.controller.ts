import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CorrelationsQuery, MetricsQuery, MetricsSeriesQuery, SetSeparateRequestsDto } from './metrics.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Collaboration metrics per cycle, department, department pair and package (definitions: docs/metrics.md). */
  @Get('cycles/:cycleId/metrics')
  get(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Query() query: MetricsQuery) {
    return this.metrics.metrics(user, cycleId, query);
  }

  /** The collaboration score against money saved and satisfaction change, over the packages of several cycles and per cycle. */
  @Get('metrics/correlations')
  correlations(@CurrentUser() user: Principal, @Query() query: CorrelationsQuery) {
    return this.metrics.correlations(user, query);
  }

  @Get('cycles/:cycleId/metrics/series')
  series(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Query() query: MetricsSeriesQuery) {
    return this.metrics.series(user, cycleId, query);
  }

  @Get('packages/:id/separate-requests')
  separate(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.metrics.separateRequests(user, id);
  }

  @Put('packages/:id/separate-requests')
  setSeparate(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: SetSeparateRequestsDto) {
    return this.metrics.setSeparateRequests(user, id, body);
  }
}
