import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class MetricsQuery {
  @ApiPropertyOptional({ description: 'period start (inclusive), ISO date or instant' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'period end (exclusive), ISO date or instant' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'department code' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
}

export class MetricsSeriesQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: ['week', 'month'], default: 'month' }) @IsOptional() @IsIn(['week', 'month']) bucket?: 'week' | 'month';
}

export class CorrelationsQuery {
  @ApiPropertyOptional({ description: 'comma-separated cycle ids; every cycle the user coordinates when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  @Matches(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, { message: 'cycles must be cycle ids separated by commas' })
  cycles?: string;
}

export class SeparateRequestDto {
  @ApiProperty({ description: 'department code (an owner of the package)' }) @IsString() @MaxLength(40) department: string;
  @ApiProperty({ description: 'what the department would have asked for on its own, fen' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class SetSeparateRequestsDto {
  @ApiProperty({ type: [SeparateRequestDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SeparateRequestDto) requests: SeparateRequestDto[];
}
