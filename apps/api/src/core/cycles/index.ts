import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetCycleEntity, DepartmentEnvelopeEntity } from '../../models';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([BudgetCycleEntity, DepartmentEnvelopeEntity])],
  controllers: [CyclesController],
  providers: [CyclesService],
  exports: [CyclesService],
})
export class CyclesModule {}

export { CyclesService, type CycleView } from './cycles.service';
