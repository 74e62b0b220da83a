import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from '@zerobase/domain';

export class CreateUserDto {
  @ApiProperty() @IsEmail({ require_tld: false }, { message: 'must be an email address' }) @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) displayName: string;
  @ApiProperty({ description: 'at least 10 characters, not a common password' }) @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(MAX_PASSWORD_LENGTH) password: string;
  @ApiPropertyOptional({ description: 'department code the person works in' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
}

export class CreateMembershipDto {
  @ApiProperty() @IsUUID() userId: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ description: 'department code; required for liaisons, refused for other roles' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  department?: string;
}
