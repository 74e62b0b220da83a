import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

const MAX_FEN = Number.MAX_SAFE_INTEGER;

export class KpiActualDto {
  @ApiProperty({ description: 'KPI id' }) @Matches(/^[A-Za-z0-9_-]{1,64}$/) kpi: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
}

export class MonthlyActualDto {
  @ApiProperty({ description: 'spent in the month, fen' }) @IsInt() @Min(0) @Max(MAX_FEN) spentFen: number;
  @ApiPropertyOptional({ type: [KpiActualDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => KpiActualDto) kpiActuals?: KpiActualDto[];
}

export class ImportActualsDto {
  @ApiProperty({ description: 'CSV text: code,month,spentWan[,kpi:<id>…]' }) @IsString() @MaxLength(1_000_000) csv: string;
  @ApiPropertyOptional({ description: 'store the good rows even if some rows are bad (default false: nothing is stored)' }) @IsOptional() @IsBoolean() applyValidRows?: boolean;
}

export class ImportActualsXlsxDto {
  @ApiProperty({ description: 'an XLSX workbook, base64: its first sheet has the columns of the CSV import (code, month, spentWan, kpi:<id>…)' })
  @IsString()
  @MaxLength(2_000_000)
  xlsxBase64: string;
  @ApiPropertyOptional({ description: 'store the good rows even if some rows are bad (default false: nothing is stored)' }) @IsOptional() @IsBoolean() applyValidRows?: boolean;
}

export class ExecutionQuery {
  @ApiPropertyOptional({ description: 'month of the review (1–12); default: the rule’s review month' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(12) month?: number;
}

export class ReviewDto {
  @ApiPropertyOptional({ description: 'month of the review (1–12); default: the rule’s review month' }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number;
}

export class OffTrackRuleDto {
  @ApiProperty() @IsInt() @Min(1) @Max(12) reviewMonth: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000) minExecutionBasisPoints: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000) minKpiProgressBasisPoints: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000) minProjectionBasisPoints: number;
}

export class ProposeAdjustmentDto {
  @ApiProperty({ enum: ['cut', 'reallocate'] }) @IsIn(['cut', 'reallocate']) kind: 'cut' | 'reallocate';
  @ApiProperty() @IsUUID() fromPackageId: string;
  @ApiPropertyOptional({ description: 'for reallocate' }) @IsOptional() @IsUUID() toPackageId?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_FEN) amountFen: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2_000) reason: string;
}

export class CreateProblemDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() packageId?: string;
  @ApiPropertyOptional({ description: 'department code' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2_000) description: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) owner: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4_000) measures?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueDate?: string;
}

export class UpdateProblemDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) owner?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4_000) measures?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueDate?: string;
  @ApiPropertyOptional({ enum: ['open', 'inProgress'] }) @IsOptional() @IsIn(['open', 'inProgress']) status?: 'open' | 'inProgress';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4_000) evidence?: string;
}

export class ProblemsQuery {
  @ApiPropertyOptional({ enum: ['open', 'inProgress', 'closed'] }) @IsOptional() @IsIn(['open', 'inProgress', 'closed']) status?: string;
  @ApiPropertyOptional({ description: 'only problems past their due date and not closed' }) @IsOptional() @IsIn(['true', 'false']) overdue?: string;
}
