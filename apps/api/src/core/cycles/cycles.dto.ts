import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CYCLE_STAGES, type CycleStage } from '@zerobase/domain';

const MAX_FEN = Number.MAX_SAFE_INTEGER;

export class CreateCycleDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'English name, shown in the English interface' }) @IsOptional() @IsString() @MaxLength(200) nameEn?: string;
  @ApiProperty() @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @ApiProperty({ description: 'total quota in fen' }) @IsInt() @Min(0) @Max(MAX_FEN) totalQuotaFen: number;
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @IsInt() @Min(0) @Max(10_000) reserveBasisPoints?: number;
}

export class UpdateCycleDto {
  @ApiProperty({ description: 'the version you read (optimistic concurrency)' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) nameEn?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) totalQuotaFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10_000) reserveBasisPoints?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) tierHigh?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(99) tierMedium?: number;
  @ApiPropertyOptional({ enum: CYCLE_STAGES }) @IsOptional() @IsIn(CYCLE_STAGES) stage?: CycleStage;
}

export class EnvelopeDto {
  @ApiProperty() @IsString() @MaxLength(40) department: string;
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
}

export class SetEnvelopesDto {
  @ApiProperty({ type: [EnvelopeDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => EnvelopeDto)
  envelopes: EnvelopeDto[];
}
