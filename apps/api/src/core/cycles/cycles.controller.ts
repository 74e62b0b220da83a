import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CreateCycleDto, SetEnvelopesDto, UpdateCycleDto } from './cycles.dto';
import { CyclesService } from './cycles.service';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Get()
  list(@CurrentUser() user: Principal) {
    return this.cycles.listFor(user);
  }

  @Post()
  create(@CurrentUser() user: Principal, @Body() body: CreateCycleDto) {
    return this.cycles.create(user, body);
  }

  @Get(':cycleId')
  async get(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) id: string) {
    return this.cycles.view(await this.cycles.readable(user, id), user);
  }

  @Patch(':cycleId')
  update(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) id: string, @Body() body: UpdateCycleDto) {
    return this.cycles.update(user, id, body);
  }

  @Get(':cycleId/envelopes')
  envelopes(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) id: string) {
    return this.cycles.listEnvelopes(user, id);
  }

  @Put(':cycleId/envelopes')
  setEnvelopes(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) id: string, @Body() body: SetEnvelopesDto) {
    return this.cycles.setEnvelopes(user, id, body);
  }
}
