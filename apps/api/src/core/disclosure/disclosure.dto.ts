import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_WITHDRAW_REASON_LENGTH } from '@zerobase/domain';

export class WithdrawPublicationDto {
  @ApiProperty({ description: 'why the cycle is taken off the public pages (kept with the publications)', maxLength: MAX_WITHDRAW_REASON_LENGTH })
  @IsString()
  @Matches(/\S/, { message: 'must say why' })
  @MaxLength(MAX_WITHDRAW_REASON_LENGTH)
  reason: string;
}
