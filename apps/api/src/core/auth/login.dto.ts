import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.zerobase' })
  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'zerobase-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}
