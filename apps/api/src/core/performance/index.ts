import { Module } from '@nestjs/common';
import { ExecutionModule } from '../execution';
import { NextCycleService } from './next-cycle.service';
import { PerformanceController } from './performance.controller';
import { PerformanceData } from './performance-data';
import { PerformanceService } from './performance.service';

@Module({
  imports: [ExecutionModule],
  controllers: [PerformanceController],
  providers: [PerformanceData, PerformanceService, NextCycleService],
})
export class PerformanceModule {}
