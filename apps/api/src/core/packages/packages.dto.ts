import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  COLLECTION_LIMITS,
  COST_CATEGORIES,
  EFFORT_LEVELS,
  MAX_COST_LINES,
  MAX_PACKAGE_TOTAL_FEN,
  MAX_QUANTITY_MILLI,
  MAX_UNIT_COST_FEN,
  MAX_YEAR,
  MILLI_PER_UNIT,
  MIN_YEAR,
  PACKAGE_STAGES,
  quantityToMilli,
  TEXT_LIMITS,
  type CostCategory,
  type EffortLevel,
  type PackageStage,
} from '@zerobase/domain';

// every bound comes from libs/domain/src/limits.ts, which collab edits are checked against too
const TEXT = TEXT_LIMITS.item;
const LONG_TEXT = TEXT_LIMITS.long;
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A finite number with at most 3 decimals (class-validator's maxDecimalPlaces throws on 1e-7). */
function IsQuantity(): PropertyDecorator {
  return ValidateBy({
    name: 'isQuantity',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && quantityToMilli(value) !== null,
      defaultMessage: () => '$property must be a number with at most 3 decimals',
    },
  });
}

export class CostLineDto {
  @ApiPropertyOptional({ description: 'stable id; generated when omitted' }) @IsOptional() @Matches(ITEM_ID, { message: 'must be 1–64 letters, digits, _ or -' }) id?: string;
  @ApiProperty({ description: 'department code' }) @IsString() @MaxLength(40) department: string;
  @ApiProperty({ enum: COST_CATEGORIES }) @IsIn(COST_CATEGORIES) category: CostCategory;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) description: string;
  @ApiPropertyOptional({ description: 'street or site, used to spot the same work budgeted twice' }) @IsOptional() @IsString() @MaxLength(TEXT_LIMITS.location) location?: string;
  @ApiProperty({ description: 'quantity, up to 3 decimals' })
  @IsQuantity()
  @Min(0)
  @Max(MAX_QUANTITY_MILLI / MILLI_PER_UNIT)
  quantity: number;
  @ApiProperty() @IsString() @MaxLength(40) unit: string;
  @ApiProperty({ description: 'unit cost in fen' }) @IsInt() @Min(0) @Max(MAX_UNIT_COST_FEN) unitCostFen: number;
  @ApiProperty() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
}

export class ActivityDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ITEM_ID) id?: string;
  @ApiPropertyOptional({ description: 'department code' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) name: string;
  @ApiProperty() @IsISO8601({ strict: true }) start: string;
  @ApiProperty() @IsISO8601({ strict: true }) end: string;
}

export class KpiDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ITEM_ID) id?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) name: string;
  @ApiProperty() @IsString() @MaxLength(40) unit: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) baseline: number;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) target: number;
  @ApiProperty({ enum: ['increase', 'decrease'] }) @IsIn(['increase', 'decrease']) direction: 'increase' | 'decrease';
}

export class EffortIncrementDto {
  @ApiProperty({ enum: EFFORT_LEVELS }) @IsIn(EFFORT_LEVELS) level: EffortLevel;
  @ApiProperty() @IsString() @MaxLength(TEXT) description: string;
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_PACKAGE_TOTAL_FEN) costFen: number;
  @ApiProperty() @IsString() @MaxLength(TEXT) outcome: string;
}

export class RiskDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ITEM_ID) id?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT) description: string;
  @ApiProperty() @IsString() @MaxLength(TEXT) mitigation: string;
}

export class CostShareDto {
  @ApiProperty({ description: 'department code' }) @IsString() @MaxLength(40) department: string;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000) basisPoints: number;
}

/** The content fields shared by create and update. */
export class PackageContentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) purpose?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(TEXT, { each: true }) objectives?: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000) contingencyBasisPoints?: number;
  @ApiPropertyOptional({ type: [CostLineDto] }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_COST_LINES) @ValidateNested({ each: true }) @Type(() => CostLineDto) costLines?: CostLineDto[];
  @ApiPropertyOptional({ type: [ActivityDto] }) @IsOptional() @IsArray() @ArrayMaxSize(COLLECTION_LIMITS.activities) @ValidateNested({ each: true }) @Type(() => ActivityDto) activities?: ActivityDto[];
  @ApiPropertyOptional({ type: [EffortIncrementDto] }) @IsOptional() @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => EffortIncrementDto) levels?: EffortIncrementDto[];
  @ApiPropertyOptional({ type: [KpiDto] }) @IsOptional() @IsArray() @ArrayMaxSize(COLLECTION_LIMITS.kpis) @ValidateNested({ each: true }) @Type(() => KpiDto) kpis?: KpiDto[];
  @ApiPropertyOptional({ type: [RiskDto] }) @IsOptional() @IsArray() @ArrayMaxSize(COLLECTION_LIMITS.risks) @ValidateNested({ each: true }) @Type(() => RiskDto) risks?: RiskDto[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(TEXT, { each: true }) alternatives?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) consequencesOfNotFunding?: string;
  @ApiPropertyOptional({ type: [CostShareDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CostShareDto) costSplit?: CostShareDto[];
}

export class CreatePackageDto extends PackageContentDto {
  @ApiProperty() @IsUUID() cycleId: string;
  @ApiProperty({ example: 'DP-21' }) @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1–40 letters, digits, _ or -' }) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(TEXT_LIMITS.title) title: string;
  @ApiProperty({ description: 'code of the lead department' }) @IsString() @MaxLength(40) leadDepartment: string;
  @ApiProperty({ type: [String], description: 'codes of the owning departments (2 or more: a joint package)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  departments: string[];
}

export class UpdatePackageDto extends PackageContentDto {
  @ApiProperty({ description: 'the version you read (optimistic concurrency)' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(TEXT_LIMITS.title) title?: string;
  @ApiPropertyOptional({ enum: PACKAGE_STAGES }) @IsOptional() @IsIn(PACKAGE_STAGES) stage?: PackageStage;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() published?: boolean;
}

export class ListPackagesQuery {
  @ApiPropertyOptional({ description: 'department code' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
  @ApiPropertyOptional({ enum: PACKAGE_STAGES }) @IsOptional() @IsIn(PACKAGE_STAGES) stage?: PackageStage;
  @ApiPropertyOptional({ enum: ['high', 'medium', 'low'] }) @IsOptional() @IsIn(['high', 'medium', 'low']) tier?: 'high' | 'medium' | 'low';
}

export class ReopenPackageDto {
  @ApiProperty({ description: 'the version you read (optimistic concurrency)' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ description: 'why the package is reopened (kept with the record)' }) @IsString() @MinLength(1) @MaxLength(TEXT_LIMITS.item) reason: string;
}
