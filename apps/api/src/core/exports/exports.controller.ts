import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidationFailed } from '../../base/errors';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { EXPORT_KINDS, type ExportKind } from './export-tables';
import { ExportsService } from './exports.service';

const FORMATS = ['csv', 'xlsx'] as const;

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** `packages`, `ranking` or `metrics` as `.csv`, or as `.xlsx`; `all.xlsx` holds the three sheets. */
  @Get('cycles/:cycleId/exports/:file')
  async file(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string, @Param('file') file: string, @Res() res: Response): Promise<void> {
    const [kind, format] = String(file).split('.');
    if (!(FORMATS as readonly string[]).includes(format)) throw new ValidationFailed([{ field: 'file', reason: 'must end in .csv or .xlsx' }]);
    const all = kind === 'all' && format === 'xlsx';
    if (!all && !(EXPORT_KINDS as readonly string[]).includes(kind)) throw new ValidationFailed([{ field: 'file', reason: `must be one of ${EXPORT_KINDS.join(', ')} (or all.xlsx)` }]);
    const name = `${kind}.${format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').send(await this.exports.csv(user, cycleId, kind as ExportKind));
      return;
    }
    const buffer = await this.exports.xlsx(user, cycleId, all ? EXPORT_KINDS : [kind as ExportKind]);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buffer);
  }
}
