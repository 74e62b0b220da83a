import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UuidParam } from '../../base/validation';
import { CurrentUser, type Principal } from '../auth';
import { AttachmentContentQuery, UploadAttachmentQuery } from './attachments.dto';
import { AttachmentsService } from './attachments.service';
import { contentDisposition, readUpload } from './read-upload';

/**
 * The served file may be framed by the web client itself (PDF preview), nothing else; it runs
 * no script and loads nothing. Images and Office files are sandboxed as well (Chromium's PDF
 * viewer does not open in a sandboxed document).
 */
const CONTENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get('packages/:id/attachments')
  list(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string) {
    return this.attachments.list(user, id);
  }

  /** The body is the file's bytes; `Content-Type` its declared media type (or application/octet-stream). */
  @Post('packages/:id/attachments')
  @ApiConsumes('application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  async upload(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Query() query: UploadAttachmentQuery, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const bytes = await readUpload(request, response, this.attachments.maxBytes);
    response.status(201);
    return this.attachments.upload(user, id, {
      fileName: query.name,
      declaredType: request.headers['content-type'] ?? null,
      lineId: query.lineId ?? null,
      department: query.department ?? null,
      bytes,
    });
  }

  /** PDF and images inline (preview), Office files as downloads; `?download=1` always downloads. */
  @Get('attachments/:id/content')
  async content(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string, @Query() query: AttachmentContentQuery, @Res() response: Response) {
    const file = await this.attachments.content(user, id);
    const download = query.download === '1' || query.download === 'true' || !file.inline;
    response.set({
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.length),
      'Content-Disposition': contentDisposition(download ? 'attachment' : 'inline', file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': file.contentType === 'application/pdf' ? CONTENT_CSP : `${CONTENT_CSP}; sandbox`,
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'private, no-store',
    });
    response.end(file.bytes);
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  async remove(@CurrentUser() user: Principal, @Param('id', new UuidParam()) id: string): Promise<void> {
    await this.attachments.remove(user, id);
  }
}
