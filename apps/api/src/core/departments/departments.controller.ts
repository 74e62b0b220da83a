import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { CreateDepartmentDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentsService } from './departments.service';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  list() {
    return this.departments.list();
  }

  @Post()
  create(@CurrentUser() user: Principal, @Body() body: CreateDepartmentDto) {
    return this.departments.create(user, body);
  }

  @Patch(':id')
  update(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: UpdateDepartmentDto) {
    return this.departments.update(user, id, body);
  }
}
