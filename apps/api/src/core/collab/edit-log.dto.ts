import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const EDIT_LOG_MAX_LIMIT = 200;

export class EditLogQuery {
  @ApiPropertyOptional({ description: `entries per page (1–${EDIT_LOG_MAX_LIMIT})`, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDIT_LOG_MAX_LIMIT) limit?: number;
  @ApiPropertyOptional({ description: 'entries to skip (newest first)', default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) offset?: number;
  @ApiPropertyOptional({ description: 'department code of the author' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
  @ApiPropertyOptional({ description: 'user id of the author' }) @IsOptional() @IsUUID() user?: string;
  @ApiPropertyOptional({ description: 'from this instant (inclusive), ISO 8601' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'until this instant (exclusive), ISO 8601' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class LastChangesQuery {
  @ApiPropertyOptional({ description: 'only what edit-log entries from this instant on changed (inclusive), ISO 8601' }) @IsOptional() @IsISO8601({ strict: true }) since?: string;
}
