import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CreatePackageDto, ListPackagesQuery, ReopenPackageDto, UpdatePackageDto } from './packages.dto';
import { PackagesService } from './packages.service';

@ApiTags('packages')
@ApiBearerAuth()
@Controller()
export class PackagesController {
  constructor(private readonly packages: PackagesService) {}

  @Get('cycles/:cycleId/packages')
  list(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Query() query: ListPackagesQuery) {
    return this.packages.list(user, cycleId, query);
  }

  @Post('packages')
  create(@CurrentUser() user: Principal, @Body() body: CreatePackageDto) {
    return this.packages.create(user, body);
  }

  @Get('packages/:id')
  get(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.packages.get(user, id);
  }

  @Patch('packages/:id')
  update(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: UpdatePackageDto) {
    return this.packages.update(user, id, body);
  }

  /** Coordinators only: a package locked at allocation or later goes back to drafting, with a reason on record. */
  @Post('packages/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: ReopenPackageDto) {
    return this.packages.reopen(user, id, body);
  }

  @Get('packages/:id/reopenings')
  reopenings(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.packages.reopenings(user, id);
  }
}
