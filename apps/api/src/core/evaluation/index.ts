import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { AllocationRulesService } from './allocation-rules.service';
import { ConsolidationService } from './consolidation.service';
import { DepartmentLimitsService } from './department-limits.service';
import { PanelCalibrationService } from './panel-calibration.service';
import { RunChainService } from './run-chain.service';
import { EvaluationController } from './evaluation.controller';
import { RankingInputs } from './ranking-inputs';
import { RankingService } from './ranking.service';
import { ReviewQueuePush } from './review-queue-push';
import { ScoringService } from './scoring.service';

@Module({
  imports: [PackagesModule],
  controllers: [EvaluationController],
  providers: [RankingInputs, RankingService, ScoringService, AllocationRulesService, DepartmentLimitsService, PanelCalibrationService, RunChainService, ReviewQueuePush, ConsolidationService],
  exports: [RankingService],
})
export class EvaluationModule {}

export { RankingService, type RankingView } from './ranking.service';
export { WhatIfDto } from './evaluation.dto';
