import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { ImportCatalogueDto, ImportCatalogueXlsxDto, PriceEntryDto, UpdatePriceEntryDto } from './price-checks.dto';
import { PriceCatalogueService } from './price-catalogue.service';
import { PriceChecksService } from './price-checks.service';

@ApiTags('price checks')
@ApiBearerAuth()
@Controller()
export class PriceChecksController {
  constructor(
    private readonly catalogue: PriceCatalogueService,
    private readonly checks: PriceChecksService,
  ) {}

  /** The shared reference-price catalogue (one for every cycle). */
  @Get('price-catalogue')
  list() {
    return this.catalogue.list();
  }

  @Post('price-catalogue')
  create(@CurrentUser() user: Principal, @Body() body: PriceEntryDto) {
    return this.catalogue.create(user, body);
  }

  @Patch('price-catalogue/:id')
  update(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Body() body: UpdatePriceEntryDto) {
    return this.catalogue.update(user, id, body);
  }

  @Delete('price-catalogue/:id')
  @HttpCode(204)
  async remove(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string): Promise<void> {
    await this.catalogue.remove(user, id);
  }

  /** A CSV of reference prices: any bad row → 400 naming each row and column, nothing stored. */
  @Post('price-catalogue/import')
  @HttpCode(200)
  importCsv(@CurrentUser() user: Principal, @Body() body: ImportCatalogueDto) {
    return this.catalogue.importCsv(user, body);
  }

  @Post('price-catalogue/import-xlsx')
  @HttpCode(200)
  importXlsx(@CurrentUser() user: Principal, @Body() body: ImportCatalogueXlsxDto) {
    return this.catalogue.importXlsx(user, body);
  }

  /** Every flagged cost line of the packages the reader reads in the cycle. */
  @Get('cycles/:cycleId/price-checks')
  cycle(@CurrentUser() user: Principal, @Param('cycleId', new UuidParam('cycleId')) cycleId: string) {
    return this.checks.forCycle(user, cycleId);
  }

  /** Each cost line of the package against the catalogue and the department's past unit costs, with the references used. */
  @Get('packages/:id/price-checks')
  package(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.checks.forPackage(user, id);
  }
}
