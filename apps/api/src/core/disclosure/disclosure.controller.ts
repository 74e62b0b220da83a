import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, Public, type Principal } from '../auth';
import { WithdrawPublicationDto } from './disclosure.dto';
import { DisclosureService } from './disclosure.service';

@ApiTags('disclosure')
@Controller()
export class DisclosureController {
  constructor(private readonly disclosure: DisclosureService) {}

  /** Publish what the cycle discloses at its current stage (coordinators). */
  @ApiBearerAuth()
  @Post('cycles/:cycleId/publications')
  @HttpCode(201)
  publish(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.disclosure.publish(user, cycleId);
  }

  /** Take the cycle off the public pages (coordinators): every publication of it is withdrawn, with the reason. */
  @ApiBearerAuth()
  @Post('cycles/:cycleId/publications/withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Body() body: WithdrawPublicationDto) {
    return this.disclosure.withdraw(user, cycleId, body.reason);
  }

  /** Every publication of the cycle, newest first, which one the public reads and which were withdrawn (coordinators). */
  @ApiBearerAuth()
  @Get('cycles/:cycleId/publications')
  publications(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.disclosure.publications(user, cycleId);
  }

  /** No login: cycles that published something. */
  @Public()
  @Get('public/cycles')
  cycles() {
    return this.disclosure.publishedCycles();
  }

  /** No login: the latest publication of a cycle. */
  @Public()
  @Get('public/cycles/:cycleId')
  cycle(@Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.disclosure.latest(cycleId);
  }

  @Public()
  @Get('public/cycles/:cycleId/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="public-cycle.csv"')
  csv(@Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.disclosure.latestCsv(cycleId);
  }
}
