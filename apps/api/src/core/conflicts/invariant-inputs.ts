import { Injectable } from '@nestjs/common';
import { departmentRequests, SHARED_COST_OWNER } from '@zerobase/collab';
import { packageTotals, percentOf, type CostCategory, type Fen } from '@zerobase/domain';
import { DataSource } from 'typeorm';

/** What the invariants of one package are checked against (department ids, not codes). */
export interface InvariantInputs {
  totalQuotaFen: Fen;
  reserveBasisPoints: number;
  /** the quota less the risk reserve: no single package may ask more */
  quotaFen: Fen;
  /** envelope per department id, for the departments that have one */
  envelopes: Map<string, Fen>;
  /** per department id: what it asks in the cycle's other packages */
  otherRequests: Map<string, Fen>;
}

/**
 * Reads the cycle's quota and envelopes and what the package's departments ask in the cycle's
 * other packages, from the relational projection (each department's own lines, its split share
 * of shared lines and its part of the contingency, as `projectSnapshot` counts them).
 */
@Injectable()
export class InvariantInputsReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(cycleId: string, packageId: string, departmentIds: readonly string[]): Promise<InvariantInputs | null> {
    const [cycle] = await this.dataSource.query(`SELECT total_quota_fen, reserve_bp FROM budget_cycle WHERE id = $1`, [cycleId]);
    if (!cycle) return null;
    const totalQuotaFen = Number(cycle.total_quota_fen);
    const reserveBasisPoints = Number(cycle.reserve_bp);
    const envelopeRows: { department_id: string; amount_fen: string }[] = await this.dataSource.query(
      `SELECT department_id, amount_fen FROM department_envelope WHERE cycle_id = $1 AND department_id = ANY($2::uuid[])`,
      [cycleId, departmentIds],
    );
    const envelopes = new Map(envelopeRows.map((r) => [r.department_id, Number(r.amount_fen)]));
    const otherRequests = new Map<string, Fen>();
    if (envelopes.size > 0) {
      const watched = [...envelopes.keys()];
      const packages: { id: string; contingency_bp: number }[] = await this.dataSource.query(
        `SELECT p.id, p.contingency_bp FROM decision_package p
          WHERE p.cycle_id = $1 AND p.id <> $2 AND EXISTS (SELECT 1 FROM package_department d WHERE d.package_id = p.id AND d.department_id = ANY($3::uuid[]))`,
        [cycleId, packageId, watched],
      );
      const ids = packages.map((p) => p.id);
      if (ids.length) {
        const [owners, lines]: [
          { package_id: string; department_id: string; share_bp: number }[],
          { package_id: string; department_id: string | null; category: CostCategory; year: number; quantity_milli: string; unit_cost_fen: string }[],
        ] = await Promise.all([
          this.dataSource.query(`SELECT package_id, department_id, share_bp FROM package_department WHERE package_id = ANY($1::uuid[])`, [ids]),
          this.dataSource.query(`SELECT package_id, department_id, category, year, quantity_milli, unit_cost_fen FROM cost_line WHERE package_id = ANY($1::uuid[])`, [ids]),
        ]);
        for (const pkg of packages) {
          const mine = owners.filter((o) => o.package_id === pkg.id);
          const pkgLines = lines
            .filter((l) => l.package_id === pkg.id)
            .map((l) => ({ departmentId: l.department_id ?? SHARED_COST_OWNER, category: l.category, year: l.year, quantityMilli: Number(l.quantity_milli), unitCostFen: Number(l.unit_cost_fen) }));
          let requests: Record<string, Fen>;
          try {
            requests = departmentRequests(
              packageTotals(pkgLines, pkg.contingency_bp),
              mine.map((o) => o.department_id),
              mine.map((o) => ({ departmentId: o.department_id, basisPoints: o.share_bp })),
            ).requestByDepartment;
          } catch {
            continue; // amounts out of range: that package reports it itself
          }
          for (const id of watched) if (requests[id]) otherRequests.set(id, (otherRequests.get(id) ?? 0) + requests[id]);
        }
      }
    }
    return { totalQuotaFen, reserveBasisPoints, quotaFen: totalQuotaFen - percentOf(totalQuotaFen, reserveBasisPoints), envelopes, otherRequests };
  }
}
