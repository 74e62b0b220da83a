import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CreateMembershipDto, CreateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  list(@CurrentUser() user: Principal) {
    return this.users.list(user);
  }

  @Post('users')
  create(@CurrentUser() user: Principal, @Body() body: CreateUserDto) {
    return this.users.create(user, body);
  }

  @Get('cycles/:cycleId/memberships')
  memberships(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.users.listMemberships(user, cycleId);
  }

  @Post('cycles/:cycleId/memberships')
  addMembership(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Body() body: CreateMembershipDto) {
    return this.users.addMembership(user, cycleId, body);
  }

  @Delete('cycles/:cycleId/memberships/:membershipId')
  @HttpCode(204)
  removeMembership(
    @CurrentUser() user: Principal,
    @Param('cycleId', new UuidParam('cycleId')) cycleId: string,
    @Param('membershipId', new UuidParam('membershipId')) membershipId: string,
  ) {
    return this.users.removeMembership(user, cycleId, membershipId);
  }
}
