import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { CONFLICT_KINDS, CONFLICT_STATUSES, RESOLUTION_ACTIONS, type ConflictKind, type ConflictStatus, type ResolutionAction } from './conflict-types';

const STATUS_FILTER = [...CONFLICT_STATUSES, 'all'] as const;

export class ListConflictsQuery {
  @ApiPropertyOptional({ enum: STATUS_FILTER, default: 'open' }) @IsOptional() @IsIn(STATUS_FILTER) status?: ConflictStatus | 'all';
  @ApiPropertyOptional({ enum: CONFLICT_KINDS }) @IsOptional() @IsIn(CONFLICT_KINDS) kind?: ConflictKind;
}

export class ResolveConflictDto {
  @ApiProperty({
    enum: RESOLUTION_ACTIONS,
    description:
      'keepIncoming / keepPrevious: one side of an overwrite; newValue: enter a value (a field value, a restored row’s fields, or a split [{ department, basisPoints }]); restore: bring a deleted row back with the edits; acceptJointImplementation: move duplicate lines into the shared part; dismiss: close without a change',
  })
  @IsIn(RESOLUTION_ACTIONS)
  action: ResolutionAction;

  @ApiPropertyOptional({
    description: 'newValue: the value; acceptJointImplementation: optional { split?: [{ department, basisPoints }], merge?: boolean, merged?: { description?, location?, unitCostFen?, … } }',
  })
  @ValidateIf((o: ResolveConflictDto) => o.action === 'newValue')
  @IsDefined({ message: 'value is required for newValue' })
  value?: unknown;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2_000) comment?: string;
}
