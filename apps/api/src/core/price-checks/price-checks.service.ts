import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  canReadPackage,
  pastSpending,
  PriceReferenceIndex,
  readsPastActuals,
  type CostCategory,
  type CyclePriceChecksView,
  type CyclePriceFlag,
  type PackagePriceChecksView,
  type PastPackage,
  type PastSpend,
  type PricedLine,
} from '@zerobase/domain';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { PackagesService } from '../packages';
import { PriceCatalogueService } from './price-catalogue.service';

interface LineRow {
  package_id: string;
  id: string;
  department_id: string | null;
  category: CostCategory;
  description: string;
  quantity_milli: string;
  unit: string;
  unit_cost_fen: string;
}

interface PastRow {
  package_id: string;
  fiscal_year: number;
  spent_fen: string;
  department_id: string | null;
  category: CostCategory;
  unit: string;
  quantity_milli: string;
  unit_cost_fen: string;
}

const pricedLine = (r: LineRow, directory: DepartmentDirectory): PricedLine => ({
  id: r.id,
  department: r.department_id ? directory.codeOf(r.department_id) : null,
  category: r.category,
  description: r.description,
  quantityMilli: Number(r.quantity_milli),
  unit: r.unit,
  unitCostFen: Number(r.unit_cost_fen),
});

/**
 * Claim plausibility: the cost lines of a package, or the flagged lines of a cycle, against the
 * reference-price catalogue and the departments' past actuals (libs/domain price-checks). A
 * package's checks follow the package's read rule; past actuals are compared for the members who
 * work in the cycle (`readsPastActuals`).
 */
@Injectable()
export class PriceChecksService {
  constructor(
    private readonly catalogue: PriceCatalogueService,
    private readonly cycles: CyclesService,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * What each department spent per unit in the cycles of earlier fiscal years: every package with
   * reported actuals, its spending spread over its lines of that fiscal year by planned amount.
   */
  async pastSpending(beforeFiscalYear: number, directory: DepartmentDirectory): Promise<PastSpend[]> {
    const rows: PastRow[] = await this.dataSource.query(
      `WITH spent AS (SELECT package_id, sum(spent_fen) AS spent_fen FROM execution_actual GROUP BY package_id)
       SELECT s.package_id, c.fiscal_year, s.spent_fen, l.department_id, l.category, l.unit, l.quantity_milli, l.unit_cost_fen
         FROM spent s
         JOIN decision_package p ON p.id = s.package_id
         JOIN budget_cycle c ON c.id = p.cycle_id
         JOIN cost_line l ON l.package_id = p.id AND l.year = c.fiscal_year
        WHERE c.fiscal_year < $1
        ORDER BY s.package_id, l.position`,
      [beforeFiscalYear],
    );
    const packages = new Map<string, PastPackage & { lines: PastPackage['lines'][number][] }>();
    for (const r of rows) {
      let pkg = packages.get(r.package_id);
      if (!pkg) packages.set(r.package_id, (pkg = { packageId: r.package_id, fiscalYear: r.fiscal_year, spentFen: Number(r.spent_fen), lines: [] }));
      pkg.lines.push({ department: r.department_id ? directory.codeOf(r.department_id) : null, category: r.category, unit: r.unit, quantityMilli: Number(r.quantity_milli), unitCostFen: Number(r.unit_cost_fen) });
    }
    return pastSpending([...packages.values()]);
  }

  private async fiscalYear(cycleId: string): Promise<number> {
    const [row]: { fiscal_year: number }[] = await this.dataSource.query(`SELECT fiscal_year FROM budget_cycle WHERE id = $1`, [cycleId]);
    return row.fiscal_year;
  }

  async forPackage(user: Principal, packageId: string): Promise<PackagePriceChecksView> {
    const parts = await this.packages.readableParts(user, packageId);
    const cycleId = parts.pkg.cycleId;
    const [fiscalYear, catalogue, directory] = await Promise.all([this.fiscalYear(cycleId), this.catalogue.list(), this.departments.directory()]);
    const pastCompared = readsPastActuals(user.memberships, cycleId);
    const codes = new Set(parts.owners.map((o) => directory.codeOf(o.departmentId)));
    const past = pastCompared ? (await this.pastSpending(fiscalYear, directory)).filter((p) => codes.has(p.department)) : [];
    const index = new PriceReferenceIndex({ catalogue, past });
    const lines = [...parts.lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => index.check({ id: l.id, department: l.departmentId ? directory.codeOf(l.departmentId) : null, category: l.category, description: l.description, quantityMilli: l.quantityMilli, unit: l.unit, unitCostFen: l.unitCostFen }));
    return { packageId, cycleId, catalogue, past, pastCompared, lines };
  }

  async forCycle(user: Principal, cycleId: string): Promise<CyclePriceChecksView> {
    const cycle = await this.cycles.readable(user, cycleId);
    const [catalogue, directory] = await Promise.all([this.catalogue.list(), this.departments.directory()]);
    const pastCompared = readsPastActuals(user.memberships, cycleId);
    const past = pastCompared ? await this.pastSpending(cycle.fiscalYear, directory) : [];
    const packages: { id: string; code: string; title: string; published: boolean }[] = await this.dataSource.query(
      `SELECT id, code, title, published FROM decision_package WHERE cycle_id = $1 ORDER BY code`,
      [cycleId],
    );
    const owners: { package_id: string; department_id: string }[] = await this.dataSource.query(
      `SELECT pd.package_id, pd.department_id FROM package_department pd JOIN decision_package p ON p.id = pd.package_id WHERE p.cycle_id = $1`,
      [cycleId],
    );
    const lines: LineRow[] = await this.dataSource.query(
      `SELECT l.package_id, l.id, l.department_id, l.category, l.description, l.quantity_milli, l.unit, l.unit_cost_fen
         FROM cost_line l JOIN decision_package p ON p.id = l.package_id WHERE p.cycle_id = $1 ORDER BY l.package_id, l.position`,
      [cycleId],
    );
    const ownersOf = new Map<string, string[]>();
    for (const o of owners) ownersOf.set(o.package_id, [...(ownersOf.get(o.package_id) ?? []), o.department_id]);
    const linesOf = new Map<string, LineRow[]>();
    for (const l of lines) linesOf.set(l.package_id, [...(linesOf.get(l.package_id) ?? []), l]);
    const index = new PriceReferenceIndex({ catalogue, past });
    const view: CyclePriceChecksView = { cycleId, checkedLines: 0, withCatalogue: 0, withPastUnitCost: 0, pastCompared, flagged: [] };
    for (const pkg of packages) {
      if (!canReadPackage(user.memberships, { cycleId, departmentIds: ownersOf.get(pkg.id) ?? [], published: pkg.published, packageId: pkg.id })) continue;
      for (const row of linesOf.get(pkg.id) ?? []) {
        const check = index.check(pricedLine(row, directory));
        if (check.unitCostFen <= 0 || check.quantityMilli <= 0) continue;
        view.checkedLines++;
        if (check.catalogue) view.withCatalogue++;
        if (check.history?.basis === 'perUnit') view.withPastUnitCost++;
        if (check.flagged) view.flagged.push({ ...check, packageId: pkg.id, packageCode: pkg.code, packageTitle: pkg.title } satisfies CyclePriceFlag);
      }
    }
    return view;
  }
}
