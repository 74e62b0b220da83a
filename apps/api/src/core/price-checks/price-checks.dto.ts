import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { COST_CATEGORIES, MAX_EDITION_LENGTH, MAX_ITEM_LENGTH, MAX_UNIT_LENGTH, type CostCategory } from '@zerobase/domain';

/** Types here; the rules (a price above 0, a band around 1×) in libs/domain `priceEntryProblems`, so that REST and imports answer alike. */
export class PriceEntryDto {
  @ApiProperty({ enum: COST_CATEGORIES }) @IsIn(COST_CATEGORIES) category: CostCategory;
  @ApiProperty({ example: '米' }) @IsString() @MaxLength(MAX_UNIT_LENGTH) unit: string;
  @ApiProperty({ example: '地下电力及通信线路（含管材）' }) @IsString() @MaxLength(MAX_ITEM_LENGTH) item: string;
  @ApiProperty({ description: 'reference price per unit, fen (> 0)' }) @IsInt() priceFen: number;
  @ApiProperty({ example: '2026 目录' }) @IsString() @MaxLength(MAX_EDITION_LENGTH) edition: string;
  @ApiPropertyOptional({ description: 'flag below this multiple of the reference, basis points (default 5 000 = 0.5×)' }) @IsOptional() @IsInt() lowBasisPoints?: number;
  @ApiPropertyOptional({ description: 'flag above this multiple of the reference, basis points (default 15 000 = 1.5×)' }) @IsOptional() @IsInt() highBasisPoints?: number;
}

export class UpdatePriceEntryDto {
  @ApiProperty({ description: 'the version read; a stale one is answered 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: COST_CATEGORIES }) @IsOptional() @IsIn(COST_CATEGORIES) category?: CostCategory;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_UNIT_LENGTH) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ITEM_LENGTH) item?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() priceFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_EDITION_LENGTH) edition?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() lowBasisPoints?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() highBasisPoints?: number;
}

export class ImportCatalogueDto {
  @ApiProperty({ description: 'CSV text: category,unit,item,priceYuan,edition[,lowRatio,highRatio] (or the Chinese column names)' }) @IsString() @MaxLength(1_000_000) csv: string;
}

export class ImportCatalogueXlsxDto {
  @ApiProperty({ description: 'an XLSX workbook, base64: its first sheet has the columns of the CSV import' }) @IsString() @MaxLength(2_000_000) xlsxBase64: string;
}
