import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'water' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,39}$/, { message: 'must be 2–40 lowercase letters, digits or dashes, starting with a letter' })
  code: string;

  @ApiProperty({ example: '水务局' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameZh: string;

  @ApiProperty({ example: 'Water Authority' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  nameEn: string;

  @ApiPropertyOptional({ description: 'code of the parent unit, for a division' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  parent?: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameEn?: string;
  @ApiPropertyOptional({ description: 'code of the new parent unit (a division under its bureau: consolidation merges up it); null makes it a top-level unit (moving never makes a loop)', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  parent?: string | null;
}
