import type { Request, Response } from 'express';
import { formatBytes } from '@zerobase/domain';
import { attachmentError } from './attachment-errors';

/**
 * The raw request body of an upload, at most `maxBytes`, counted while it arrives: beyond the
 * limit nothing more is kept and the rest is drained, so that a browser still sending reads
 * the 413; a body far beyond it (by Content-Length at once, or while arriving) is refused and
 * its connection closed. A body some parser already took (JSON) is no file.
 */
export async function readUpload(request: Request, response: Response, maxBytes: number): Promise<Buffer> {
  if (request.body !== undefined || request.readableEnded) throw attachmentError(415, 'contentType', `${request.headers['content-type'] ?? 'this type'} is not a file: send the file's bytes as the body`);
  const tooLarge = () => {
    response.setHeader('Connection', 'close');
    return attachmentError(413, 'file', `is larger than ${formatBytes(maxBytes)} (the largest attachment accepted)`, maxBytes);
  };
  // past the limit the rest is read and dropped (so the client, still sending, gets the answer), up to this much more
  const drainLimit = maxBytes + Math.max(maxBytes, 16 * 1024 * 1024);
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > drainLimit) throw tooLarge();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > drainLimit) {
        cleanup();
        request.pause();
        reject(tooLarge());
      } else if (received <= maxBytes) {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      if (received > maxBytes) reject(attachmentError(413, 'file', `is larger than ${formatBytes(maxBytes)} (the largest attachment accepted)`, maxBytes));
      else resolve(Buffer.concat(chunks, received));
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
