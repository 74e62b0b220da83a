import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { PriceCatalogueService } from './price-catalogue.service';
import { PriceChecksController } from './price-checks.controller';
import { PriceChecksService } from './price-checks.service';

@Module({
  imports: [PackagesModule],
  controllers: [PriceChecksController],
  providers: [PriceCatalogueService, PriceChecksService],
  exports: [PriceCatalogueService, PriceChecksService],
})
export class PriceChecksModule {}

export { PriceCatalogueService } from './price-catalogue.service';
export { PriceChecksService } from './price-checks.service';
