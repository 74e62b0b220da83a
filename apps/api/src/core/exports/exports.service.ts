import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { RankingService } from '../evaluation';
import { MetricsService } from '../metrics';
import { PackagesService } from '../packages';
import { metricsTable, packagesTable, rankingTable, tableToCsv, type ExportKind, type ExportTable } from './export-tables';
import { tablesToXlsx } from './xlsx';

/** CSV and XLSX exports of a cycle's packages with cost lines, its ranking and allocation, and its metrics (coordinators). */
@Injectable()
export class ExportsService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly packages: PackagesService,
    private readonly ranking: RankingService,
    private readonly metrics: MetricsService,
    private readonly departments: DepartmentsService,
  ) {}

  async tables(user: Principal, cycleId: string, kinds: readonly ExportKind[]): Promise<ExportTable[]> {
    await this.cycles.coordinated(user, cycleId);
    const directory = await this.departments.directory();
    const name = (code: string) => directory.byCode(code)?.nameZh ?? code;
    const out: ExportTable[] = [];
    for (const kind of kinds) {
      if (kind === 'packages') out.push(packagesTable(await this.packages.list(user, cycleId, {}), name));
      if (kind === 'ranking') out.push(rankingTable(await this.ranking.compute(cycleId)));
      if (kind === 'metrics') out.push(metricsTable(await this.metrics.computeFor(cycleId), name));
    }
    return out;
  }

  async csv(user: Principal, cycleId: string, kind: ExportKind): Promise<string> {
    const [table] = await this.tables(user, cycleId, [kind]);
    return tableToCsv(table);
  }

  async xlsx(user: Principal, cycleId: string, kinds: readonly ExportKind[]): Promise<Buffer> {
    return tablesToXlsx(await this.tables(user, cycleId, kinds));
  }
}
