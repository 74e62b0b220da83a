import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentRegistry } from './document-registry';
import { PackageProjection } from './package-projection';

/** At most this many documents are re-projected per start (the rest on their next load). */
const MAX_RECOVERED = 1_000;

/**
 * After a crash, packages whose log holds changes newer than their projection are loaded once
 * in the background: loading compares the document's state vector with the one the projection
 * was computed from (PackageProjection.onLoaded) and projects again, so REST and the ranking
 * show every acknowledged edit without waiting for the next one.
 */
@Injectable()
export class ProjectionRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('projection-recovery');

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: DocumentRegistry,
    private readonly projection: PackageProjection,
  ) {}

  onApplicationBootstrap(): void {
    void this.recover().catch((error: unknown) => this.logger.error(`recovery failed: ${String(error)}`));
  }

  async recover(): Promise<number> {
    const rows: { doc_id: string }[] = await this.dataSource.query(
      `SELECT d.doc_id FROM (
           SELECT doc_id, max(created_at) AS changed_at FROM doc_update GROUP BY doc_id
           UNION ALL SELECT doc_id, updated_at FROM doc_snapshot
         ) d
         JOIN decision_package p ON p.id = d.doc_id
         LEFT JOIN doc_projection j ON j.doc_id = d.doc_id
        GROUP BY d.doc_id, j.projected_at
       HAVING j.projected_at IS NULL OR max(d.changed_at) > j.projected_at
        LIMIT $1`,
      [MAX_RECOVERED],
    );
    for (const { doc_id: id } of rows) {
      try {
        await this.projection.flush(await this.registry.get(id));
      } catch (error) {
        this.logger.warn(`re-projecting ${id} failed: ${String(error)}`);
      }
    }
    if (rows.length) this.logger.log(`checked ${rows.length} documents whose projection may be behind`);
    return rows.length;
  }
}
