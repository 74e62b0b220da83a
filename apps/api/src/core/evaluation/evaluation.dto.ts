import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

const MAX_FEN = Number.MAX_SAFE_INTEGER;
export const NORMALIZATION_VALUES = ['none', 'zscore', 'trimmed', 'calibrated'] as const;
export const METHOD_VALUES = ['score', 'borda', 'schulze'] as const;
export const ALLOCATION_VALUES = ['strict', 'skipAndContinue', 'optimal'] as const;

export class CriterionScoreDto {
  @ApiProperty({ example: 'feasibility' }) @IsString() @MaxLength(60) criterion: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsInt() @Min(0) @Max(100) score: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class SubmitScoresDto {
  @ApiProperty({ type: [CriterionScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores: CriterionScoreDto[];
}

export class CriterionDto {
  @ApiProperty() @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, { message: 'must be a short identifier' }) key: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) nameZh: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) nameEn: string;
  @ApiPropertyOptional({ description: 'what reviewers should judge, in Chinese' }) @IsOptional() @IsString() @MaxLength(2000) descriptionZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) descriptionEn?: string;
  @ApiProperty() @IsInt() @Min(0) @Max(100) weight: number;
}

export class SetCriteriaDto {
  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class PublicInputDto {
  @ApiProperty({ description: 'share of respondents in favour, basis points' }) @IsInt() @Min(0) @Max(10_000) supportBasisPoints: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100_000_000) responses: number;
}

export class OrderingDto {
  @ApiProperty({ type: [String], description: 'package ids, best first' }) @IsArray() @ArrayMaxSize(10_000) @IsUUID('all', { each: true }) packageIds: string[];
}

export class WeightDto {
  @ApiProperty() @IsString() @MaxLength(60) key: string;
  @ApiProperty() @IsInt() @Min(0) @Max(100) weight: number;
}

/** What a coordinator may vary in a what-if; anything left out comes from the cycle. */
export class WhatIfDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) quotaFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000) reserveBasisPoints?: number;
  @ApiPropertyOptional({ type: [WeightDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => WeightDto) weights?: WeightDto[];
  @ApiPropertyOptional({ enum: METHOD_VALUES }) @IsOptional() @IsIn(METHOD_VALUES) method?: (typeof METHOD_VALUES)[number];
  @ApiPropertyOptional({ enum: NORMALIZATION_VALUES }) @IsOptional() @IsIn(NORMALIZATION_VALUES) normalization?: (typeof NORMALIZATION_VALUES)[number];
  @ApiPropertyOptional({ enum: ALLOCATION_VALUES }) @IsOptional() @IsIn(ALLOCATION_VALUES) allocationMode?: (typeof ALLOCATION_VALUES)[number];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) pinnedPackageIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() useIncrements?: boolean;
  @ApiPropertyOptional({ description: "keep each decision unit's order (order-preserving consolidation)" }) @IsOptional() @IsBoolean() consolidation?: boolean;
}

export class SaveScenarioDto extends WhatIfDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
}

export class EvaluationSettingsDto {
  @ApiPropertyOptional({ enum: METHOD_VALUES }) @IsOptional() @IsIn(METHOD_VALUES) method?: (typeof METHOD_VALUES)[number];
  @ApiPropertyOptional({ enum: NORMALIZATION_VALUES }) @IsOptional() @IsIn(NORMALIZATION_VALUES) normalization?: (typeof NORMALIZATION_VALUES)[number];
  @ApiPropertyOptional({ enum: ALLOCATION_VALUES }) @IsOptional() @IsIn(ALLOCATION_VALUES) allocationMode?: (typeof ALLOCATION_VALUES)[number];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) pinnedPackageIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() useIncrements?: boolean;
  @ApiPropertyOptional({ description: "keep each decision unit's order in the ranking (order-preserving consolidation); default off" }) @IsOptional() @IsBoolean() consolidation?: boolean;
}

/** A decision unit's order of its own packages, best first; an empty list returns it to the scoring order. */
export class UnitOrderDto {
  @ApiProperty({ type: [String], description: 'package ids of the unit (packages it leads), best first' }) @IsArray() @ArrayMaxSize(10_000) @IsUUID('all', { each: true }) packageIds: string[];
}

/** The coordinator ranks one package of a unit above another of the same unit, and says why. */
export class ConsolidationOverrideDto {
  @ApiProperty() @IsUUID() packageId: string;
  @ApiProperty({ description: 'the package of the same unit it is ranked above' }) @IsUUID() aboveId: string;
  @ApiProperty({ description: "why the unit's order is overridden" }) @IsString() @MaxLength(2000) reason: string;
}

export class MandatedPackageDto {
  @ApiProperty() @IsUUID() packageId: string;
  @ApiPropertyOptional({ description: 'the law or rule that mandates it' }) @IsOptional() @IsString() @MaxLength(500) basis?: string;
}

export class AlternativeGroupDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(2) @ArrayMaxSize(50) @IsUUID('all', { each: true }) packageIds: string[];
}

/** Mandated packages and alternatives groups of a cycle, replaced as a whole. */
export class AllocationRulesDto {
  @ApiProperty({ type: [MandatedPackageDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => MandatedPackageDto) mandated: MandatedPackageDto[];
  @ApiProperty({ type: [AlternativeGroupDto] }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => AlternativeGroupDto) alternativeGroups: AlternativeGroupDto[];
}

export class DepartmentLimitDto {
  @ApiProperty({ description: 'department code' }) @IsString() @MinLength(1) @MaxLength(100) department: string;
  @ApiPropertyOptional({ description: 'fen the department receives at least; null for none', nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) floorFen?: number | null;
  @ApiPropertyOptional({ description: 'fen the department receives at most; null for none', nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) capFen?: number | null;
}

/** Per-department floors and caps of a cycle, replaced as a whole. */
export class DepartmentLimitsDto {
  @ApiProperty({ type: [DepartmentLimitDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => DepartmentLimitDto) limits: DepartmentLimitDto[];
}
