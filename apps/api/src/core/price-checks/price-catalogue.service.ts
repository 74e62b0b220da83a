import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  cleanPriceEntry,
  COST_CATEGORIES,
  DEFAULT_PRICE_BAND,
  isAnyCoordinator,
  MAX_CATALOGUE_ENTRIES,
  parseCatalogueCsv,
  parseCatalogueTable,
  priceEntryProblems,
  unitKey,
  type CatalogueImportResult,
  type ImportedPriceEntry,
  type PriceCatalogueEntry,
  type PriceEntryInput,
  type RowError,
} from '@zerobase/domain';
import { Forbidden, NotFound, StaleVersion, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { xlsxTable } from '../execution/xlsx-table';
import type { ImportCatalogueDto, ImportCatalogueXlsxDto, PriceEntryDto, UpdatePriceEntryDto } from './price-checks.dto';

/** Catalogue writes run one at a time (across instances): the one-entry-per-category-and-unit rule and the size limit hold. */
const CATALOGUE_LOCK = 727_401;

interface EntryRow {
  id: string;
  category: PriceCatalogueEntry['category'];
  unit: string;
  item: string;
  price_fen: string;
  edition: string;
  low_basis_points: number;
  high_basis_points: number;
  version: number;
  updated_at: Date;
}

function toEntry(r: EntryRow): PriceCatalogueEntry {
  return {
    id: r.id,
    category: r.category,
    unit: r.unit,
    item: r.item,
    priceFen: Number(r.price_fen),
    edition: r.edition,
    lowBasisPoints: r.low_basis_points,
    highBasisPoints: r.high_basis_points,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * The shared reference-price catalogue (参考价目录): one list for every cycle. Everyone signed in
 * reads it (the checks name the entry used); coordinators of any cycle keep it, by hand or by
 * importing a CSV or XLSX file — a file with any bad row stores nothing.
 */
@Injectable()
export class PriceCatalogueService {
  constructor(private readonly dataSource: DataSource) {}

  async list(em: EntityManager = this.dataSource.manager): Promise<PriceCatalogueEntry[]> {
    // in the order of the cost categories (land, materials, …), then by unit
    const rows: EntryRow[] = await em.query(`SELECT * FROM price_catalogue_entry ORDER BY array_position($1::text[], category), unit_key`, [COST_CATEGORIES]);
    return rows.map(toEntry);
  }

  private keeper(user: Principal): void {
    if (!isAnyCoordinator(user.memberships)) throw new Forbidden('Only coordinators keep the reference-price catalogue');
  }

  private check(entry: PriceEntryInput): PriceEntryInput {
    const clean = cleanPriceEntry(entry);
    const problems = priceEntryProblems(clean);
    if (problems.length) throw new ValidationFailed(problems);
    return clean;
  }

  private async locked<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [CATALOGUE_LOCK]);
      return work(em);
    });
  }

  private async holder(em: EntityManager, entry: PriceEntryInput): Promise<string | null> {
    const [row]: { id: string }[] = await em.query(`SELECT id FROM price_catalogue_entry WHERE category = $1 AND unit_key = $2`, [entry.category, unitKey(entry.unit)]);
    return row?.id ?? null;
  }

  async create(user: Principal, dto: PriceEntryDto): Promise<PriceCatalogueEntry> {
    this.keeper(user);
    const entry = this.check({
      category: dto.category,
      unit: dto.unit,
      item: dto.item,
      priceFen: dto.priceFen,
      edition: dto.edition,
      lowBasisPoints: dto.lowBasisPoints ?? DEFAULT_PRICE_BAND.lowBasisPoints,
      highBasisPoints: dto.highBasisPoints ?? DEFAULT_PRICE_BAND.highBasisPoints,
    });
    return this.locked(async (em) => {
      if (await this.holder(em, entry)) throw new StateConflict(`The catalogue already has a price for ${entry.category} per "${entry.unit}"; change that entry`);
      const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM price_catalogue_entry`);
      if (n >= MAX_CATALOGUE_ENTRIES) throw new StateConflict(`The catalogue holds at most ${MAX_CATALOGUE_ENTRIES} entries`);
      const [row]: EntryRow[] = await em.query(
        `INSERT INTO price_catalogue_entry (category, unit, unit_key, item, price_fen, edition, low_basis_points, high_basis_points, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [entry.category, entry.unit, unitKey(entry.unit), entry.item, entry.priceFen, entry.edition, entry.lowBasisPoints, entry.highBasisPoints, user.userId],
      );
      return toEntry(row);
    });
  }

  async update(user: Principal, id: string, dto: UpdatePriceEntryDto): Promise<PriceCatalogueEntry> {
    this.keeper(user);
    return this.locked(async (em) => {
      const [found]: EntryRow[] = await em.query(`SELECT * FROM price_catalogue_entry WHERE id = $1`, [id]);
      if (!found) throw new NotFound('catalogue entry', id);
      if (found.version !== dto.version) throw new StaleVersion('catalogue entry', dto.version, found.version);
      const current = toEntry(found);
      const { version: _version, ...changes } = dto;
      const entry = this.check({
        category: changes.category ?? current.category,
        unit: changes.unit ?? current.unit,
        item: changes.item ?? current.item,
        priceFen: changes.priceFen ?? current.priceFen,
        edition: changes.edition ?? current.edition,
        lowBasisPoints: changes.lowBasisPoints ?? current.lowBasisPoints,
        highBasisPoints: changes.highBasisPoints ?? current.highBasisPoints,
      });
      const holder = await this.holder(em, entry);
      if (holder && holder !== id) throw new StateConflict(`The catalogue already has a price for ${entry.category} per "${entry.unit}"`);
      const [[row]]: [EntryRow[], number] = await em.query(
        `UPDATE price_catalogue_entry SET category = $2, unit = $3, unit_key = $4, item = $5, price_fen = $6, edition = $7, low_basis_points = $8, high_basis_points = $9,
           version = version + 1, updated_by = $10, updated_at = now() WHERE id = $1 RETURNING *`,
        [id, entry.category, entry.unit, unitKey(entry.unit), entry.item, entry.priceFen, entry.edition, entry.lowBasisPoints, entry.highBasisPoints, user.userId],
      );
      return toEntry(row);
    });
  }

  async remove(user: Principal, id: string): Promise<void> {
    this.keeper(user);
    const [, deleted]: [unknown, number] = await this.dataSource.query(`DELETE FROM price_catalogue_entry WHERE id = $1`, [id]);
    if (!deleted) throw new NotFound('catalogue entry', id);
  }

  async importCsv(user: Principal, dto: ImportCatalogueDto): Promise<CatalogueImportResult> {
    this.keeper(user);
    return this.importRows(user, parseCatalogueCsv(dto.csv));
  }

  async importXlsx(user: Principal, dto: ImportCatalogueXlsxDto): Promise<CatalogueImportResult> {
    this.keeper(user);
    const table = await xlsxTable(dto.xlsxBase64);
    if (!table) throw new ValidationFailed([{ field: 'xlsxBase64', reason: 'is not an XLSX workbook with a sheet' }]);
    return this.importRows(user, parseCatalogueTable(table));
  }

  /** Every row is good, or nothing is stored: an entry of the same category and unit is replaced, the others are added. */
  private async importRows(user: Principal, parsed: { rows: ImportedPriceEntry[]; errors: RowError[] }): Promise<CatalogueImportResult> {
    if (parsed.errors.length) throw new ValidationFailed(parsed.errors.map((e) => ({ field: `row ${e.row}: ${e.field}`, reason: e.reason })));
    return this.locked(async (em) => {
      let created = 0;
      let updated = 0;
      for (const { entry } of parsed.rows) {
        const [row]: { inserted: boolean }[] = await em.query(
          `INSERT INTO price_catalogue_entry (category, unit, unit_key, item, price_fen, edition, low_basis_points, high_basis_points, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (category, unit_key) DO UPDATE SET unit = EXCLUDED.unit, item = EXCLUDED.item, price_fen = EXCLUDED.price_fen, edition = EXCLUDED.edition,
             low_basis_points = EXCLUDED.low_basis_points, high_basis_points = EXCLUDED.high_basis_points,
             version = price_catalogue_entry.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
          [entry.category, entry.unit, unitKey(entry.unit), entry.item, entry.priceFen, entry.edition, entry.lowBasisPoints, entry.highBasisPoints, user.userId],
        );
        if (row.inserted) created++;
        else updated++;
      }
      const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM price_catalogue_entry`);
      if (n > MAX_CATALOGUE_ENTRIES) throw new StateConflict(`The catalogue would hold ${n} entries; at most ${MAX_CATALOGUE_ENTRIES}`);
      return { created, updated };
    });
  }
}
