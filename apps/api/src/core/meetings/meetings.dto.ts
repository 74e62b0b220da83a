import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DECISION_OUTCOMES, OVERRIDES, type DecisionOutcome, type Override } from '@zerobase/domain';
import { WhatIfDto } from '../evaluation';

/** One agenda item: a package, or a free item with a title. */
export class AgendaItemDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() packageId?: string;
  @ApiPropertyOptional({ description: 'required for a free item' }) @ValidateIf((o: AgendaItemDto) => !o.packageId) @IsString() @MinLength(1) @MaxLength(300) title?: string;
}

export class CreateMeetingDto {
  @ApiProperty({ example: '2027年度预算第一次跨部门联席会议' }) @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiPropertyOptional({ example: '财政局三楼会议室' }) @IsOptional() @IsString() @MaxLength(300) place?: string;
  @ApiProperty({ example: '2026-12-03T09:00:00+08:00' }) @IsISO8601({ strict: true }) scheduledAt: string;
  @ApiProperty({ type: [String], description: 'department codes' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(40, { each: true }) invitedDepartments: string[];
  @ApiProperty({ type: [AgendaItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda: AgendaItemDto[];
}

/** Where the coordinator is: the agenda item and the package on screen. */
export class MeetingPositionDto {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(199) agendaPosition: number;
  @ApiPropertyOptional({ description: 'defaults to the item’s package' }) @IsOptional() @IsUUID() onScreenPackageId?: string;
}

export class NewJointPackageDto {
  @ApiProperty({ example: 'DP-J1' }) @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1–40 letters, digits, _ or -' }) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
}

export class FollowUpDto {
  @ApiProperty({ description: 'owner department code' }) @IsString() @MaxLength(40) department: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @ApiProperty({ example: '2026-12-31' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) dueDate: string;
}

export class DecisionDto {
  @ApiProperty() @IsUUID() agendaItemId: string;
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn(DECISION_OUTCOMES) outcome: DecisionOutcome;
  @ApiPropertyOptional({ description: 'comments (returned) or the reason (override)' }) @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @ApiPropertyOptional({ enum: OVERRIDES }) @IsOptional() @IsIn(OVERRIDES) override?: Override;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) mergePackageIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() jointPackageId?: string;
  @ApiPropertyOptional({ type: NewJointPackageDto }) @IsOptional() @ValidateNested() @Type(() => NewJointPackageDto) newJointPackage?: NewJointPackageDto;
  @ApiPropertyOptional({ type: [String], description: 'department codes' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(40, { each: true }) agreeing?: string[];
  @ApiPropertyOptional({ type: [String], description: 'department codes' }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(40, { each: true }) objecting?: string[];
  @ApiPropertyOptional({ description: 'the decision this one replaces' }) @IsOptional() @IsUUID() supersedes?: string;
  @ApiPropertyOptional({ type: [FollowUpDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FollowUpDto) followUps?: FollowUpDto[];
}

export class PreviewDto extends WhatIfDto {}

export class MinutesNotesDto {
  @ApiProperty() @IsString() @MaxLength(100_000) notes: string;
}

export class MinutesVersionDto {
  @ApiProperty({ example: '会后整理稿' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
}

export class ListFollowUpsQuery {
  @ApiPropertyOptional({ description: 'department code' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
}
