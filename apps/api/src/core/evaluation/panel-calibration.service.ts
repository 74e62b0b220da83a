import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calibratePanel, scoreRecords, type PanelCalibration } from '@zerobase/domain';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { RankingInputs } from './ranking-inputs';

/** The panel's calibration as the coordinator reads it: with package codes and reviewer names. */
export interface PanelCalibrationView extends PanelCalibration {
  cycleId: string;
  scoringClosed: boolean;
  codes: Record<string, string>;
  reviewerNames: Record<string, string>;
}

/** Reviewer bias, agreement statistics and flags of a cycle's panel (libs/domain calibratePanel), for coordinators only. */
@Injectable()
export class PanelCalibrationService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly inputs: RankingInputs,
    private readonly dataSource: DataSource,
  ) {}

  async get(user: Principal, cycleId: string): Promise<PanelCalibrationView> {
    // every reviewer's scores and bias: the coordinator's view, before and after scoring closes
    await this.cycles.coordinated(user, cycleId);
    const data = await this.inputs.load(cycleId);
    const scores = scoreRecords(data.input.scores ?? []);
    const calibration = calibratePanel(scores, data.input.settings.criteria ?? [], data.input.packages.map((p) => p.id));
    const names: { id: string; display_name: string }[] = await this.dataSource.query(`SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`, [calibration.reviewers.map((r) => r.reviewerId)]);
    const codes: Record<string, string> = {};
    for (const [id, p] of data.packages) codes[id] = p.code;
    return { cycleId, scoringClosed: data.settingsRow.scoringClosed, codes, reviewerNames: Object.fromEntries(names.map((n) => [n.id, n.display_name])), ...calibration };
  }
}
