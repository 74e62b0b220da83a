import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class UploadAttachmentQuery {
  @ApiProperty({ description: 'the file name, with its extension (URL-encoded)' }) @IsString() @MinLength(1) @MaxLength(1000) name: string;
  @ApiPropertyOptional({ description: 'the cost line (document line id) the file supports; absent: the whole package' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(64) lineId?: string;
  @ApiPropertyOptional({ description: 'department code to record it under, when you speak for several departments of the package' }) @IsOptional() @IsString() @MaxLength(40) department?: string;
}

export class AttachmentContentQuery {
  @ApiPropertyOptional({ enum: ['1', 'true'], description: 'always as a download, even a PDF or image' }) @IsOptional() @IsIn(['1', 'true', '0', 'false']) download?: string;
}
