import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { AllocationRulesDto, ConsolidationOverrideDto, DepartmentLimitsDto, UnitOrderDto, EvaluationSettingsDto, OrderingDto, PublicInputDto, SaveScenarioDto, SetCriteriaDto, SubmitScoresDto, WhatIfDto } from './evaluation.dto';
import { AllocationRulesService } from './allocation-rules.service';
import { ConsolidationService } from './consolidation.service';
import { DepartmentLimitsService } from './department-limits.service';
import { PanelCalibrationService } from './panel-calibration.service';
import { RunChainService } from './run-chain.service';
import { RankingService } from './ranking.service';
import { ScoringService } from './scoring.service';

const cycleParam = () => new UuidParam('cycleId');

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(
    private readonly ranking: RankingService,
    private readonly scoring: ScoringService,
    private readonly rules: AllocationRulesService,
    private readonly limits: DepartmentLimitsService,
    private readonly panel: PanelCalibrationService,
    private readonly chain: RunChainService,
    private readonly consolidation: ConsolidationService,
  ) {}

  /** Whether the ranking keeps each decision unit's order, each unit's order, and the coordinator's overrides with their reasons. */
  @Get('cycles/:cycleId/consolidation')
  consolidationView(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.consolidation.get(user, cycleId);
  }

  /** A unit's order of its own packages, best first (its liaison or a coordinator); an empty list: back to the scoring order. */
  @Put('cycles/:cycleId/consolidation/units/:department')
  setUnitOrder(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Param('department') department: string, @Body() body: UnitOrderDto) {
    return this.consolidation.setUnitOrder(user, cycleId, department, body);
  }

  /** Ranks a package above another of its unit, for a reason (coordinators); a cycle or a missing reason is refused. */
  @Post('cycles/:cycleId/consolidation/overrides')
  addConsolidationOverride(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: ConsolidationOverrideDto) {
    return this.consolidation.addOverride(user, cycleId, body);
  }

  @Delete('cycles/:cycleId/consolidation/overrides/:overrideId')
  @HttpCode(204)
  removeConsolidationOverride(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Param('overrideId', new UuidParam('overrideId')) overrideId: string) {
    return this.consolidation.removeOverride(user, cycleId, overrideId);
  }

  /** Records the current ranking run in the cycle's tamper-evident chain (coordinators). */
  @Post('cycles/:cycleId/ranking/runs')
  recordRun(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.chain.record(user, cycleId);
  }

  /** Every recorded run, each linked to the one before by its hash: `node tools/recompute.mjs chain.json` checks it. */
  @Get('cycles/:cycleId/ranking/runs')
  runChain(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.chain.chain(user, cycleId);
  }

  /** Verifies the stored chain; names the first entry that was altered. */
  @Get('cycles/:cycleId/ranking/runs/verify')
  verifyRuns(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.chain.verify(user, cycleId);
  }

  /** Reviewer bias (leniency / severity), Kendall's W, ICC per criterion and flags: coordinators only. */
  @Get('cycles/:cycleId/panel-calibration')
  panelCalibration(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.panel.get(user, cycleId);
  }

  @Get('cycles/:cycleId/department-limits')
  departmentLimits(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.limits.get(user, cycleId);
  }

  /** Per-department floors and caps, replaced as a whole; a floor above its cap is refused. */
  @Put('cycles/:cycleId/department-limits')
  setDepartmentLimits(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: DepartmentLimitsDto) {
    return this.limits.replace(user, cycleId, body);
  }

  /** The ranking run (inputs, rule, mode, output, content hash) as one JSON document, for offline recomputation. */
  @Get('cycles/:cycleId/ranking/run')
  run(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.ranking.run(user, cycleId);
  }

  /** The same ranking allocated in every mode (strict, skip-and-continue, optimal) and the differences. */
  @Get('cycles/:cycleId/ranking/modes')
  modes(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.ranking.modes(user, cycleId);
  }

  @Get('cycles/:cycleId/allocation-rules')
  allocationRules(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.rules.get(user, cycleId);
  }

  /** Mandated packages and alternatives groups, replaced as a whole; a group containing a mandated package is refused. */
  @Put('cycles/:cycleId/allocation-rules')
  setAllocationRules(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: AllocationRulesDto) {
    return this.rules.replace(user, cycleId, body);
  }

  @Get('cycles/:cycleId/ranking')
  current(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.ranking.current(user, cycleId);
  }

  /** Recompute with other settings without saving anything. */
  @Post('cycles/:cycleId/ranking/what-if')
  @HttpCode(200)
  whatIf(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: WhatIfDto) {
    return this.ranking.whatIf(user, cycleId, body);
  }

  @Get('cycles/:cycleId/scenarios')
  scenarios(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.ranking.scenarios(user, cycleId);
  }

  @Post('cycles/:cycleId/scenarios')
  saveScenario(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: SaveScenarioDto) {
    const { name, ...overrides } = body;
    return this.ranking.saveScenario(user, cycleId, name, overrides);
  }

  @Get('cycles/:cycleId/criteria')
  criteria(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.scoring.criteria(user, cycleId);
  }

  @Put('cycles/:cycleId/criteria')
  setCriteria(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: SetCriteriaDto) {
    return this.scoring.setCriteria(user, cycleId, body);
  }

  @Put('cycles/:cycleId/evaluation-settings')
  settings(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: EvaluationSettingsDto) {
    return this.scoring.updateSettings(user, cycleId, body);
  }

  @Post('cycles/:cycleId/scoring/close')
  @HttpCode(200)
  close(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.scoring.setScoringClosed(user, cycleId, true);
  }

  @Post('cycles/:cycleId/scoring/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.scoring.setScoringClosed(user, cycleId, false);
  }

  @Put('cycles/:cycleId/orderings/mine')
  ordering(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string, @Body() body: OrderingDto) {
    return this.scoring.setOrdering(user, cycleId, body);
  }

  /** A reviewer's queue: the packages up for scoring, progress, recusals with their reason. */
  @Get('cycles/:cycleId/queue/mine')
  myQueue(@CurrentUser() user: Principal, @Param('cycleId', cycleParam()) cycleId: string) {
    return this.scoring.myQueue(user, cycleId);
  }

  @Get('packages/:id/scores')
  scores(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.scoring.scoresOf(user, id);
  }

  @Put('packages/:id/scores/mine')
  submit(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: SubmitScoresDto) {
    return this.scoring.submit(user, id, body);
  }

  @Put('packages/:id/public-input')
  publicInput(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: PublicInputDto) {
    return this.scoring.setPublicInput(user, id, body);
  }
}
