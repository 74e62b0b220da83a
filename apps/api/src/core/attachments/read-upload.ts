import type { Request, Response } from 'express';
import { formatBytes } from '@zerobase/domain';
import { attachmentError } from './attachment-errors';

/**
 * The raw request body of an upload, at most `maxBytes`: refused at once from Content-Length
 * when it says more, else counted while it arrives, and the connection is closed after the
 * 413 answer so the rest is never read. A body some parser already took (JSON) is no file.
 */
export async function readUpload(request: Request, response: Response, maxBytes: number): Promise<Buffer> {
  if (request.body !== undefined || request.readableEnded) throw attachmentError(415, 'contentType', `${request.headers['content-type'] ?? 'this type'} is not a file: send the file's bytes as the body`);
  const tooLarge = () => {
    response.setHeader('Connection', 'close');
    return attachmentError(413, 'file', `is larger than ${formatBytes(maxBytes)} (the largest attachment accepted)`, maxBytes);
  };
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        cleanup();
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** `inline` or `attachment`, with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
