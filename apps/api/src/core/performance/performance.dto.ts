import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EVALUATION_TEMPLATES, GRADES, type CarryOverRule, type EvaluationTemplate, type Grade } from '@zerobase/domain';

export class GradeRuleDto {
  @ApiProperty() @IsNumber() @Min(0) @Max(100) excellent: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) good: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) medium: number;
}

export class PerformanceSettingsDto {
  @ApiProperty({ enum: EVALUATION_TEMPLATES }) @IsIn(EVALUATION_TEMPLATES) template: EvaluationTemplate;
  @ApiPropertyOptional({ type: GradeRuleDto }) @IsOptional() @ValidateNested() @Type(() => GradeRuleDto) gradeRule?: GradeRuleDto;
  @ApiPropertyOptional({ description: 'per grade: { effect: priority | noGrowth | cut | cancelled | none, cutBasisPoints? }' })
  @IsOptional()
  @IsObject()
  carryOverRule?: CarryOverRule;
}

export class ScorersDto {
  @ApiProperty({ type: [String], description: 'user ids of reviewers or evaluators of the cycle; replaces the package’s scorers' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class ScoreSheetDto {
  @ApiProperty({ description: 'dimension key → score 0–100, every dimension of the cycle’s template' }) @IsObject() scores: Record<string, number>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) comment?: string;
}

export class AdjustGradeDto {
  @ApiProperty({ enum: GRADES }) @IsIn(GRADES) grade: Grade;
  @ApiProperty({ description: 'why the coordinator departs from the computed grade' }) @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class NextCycleDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) nameEn?: string;
  @ApiPropertyOptional({ description: 'default: the next year' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional({ description: 'default: this cycle’s quota' }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) totalQuotaFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000) reserveBasisPoints?: number;
}
