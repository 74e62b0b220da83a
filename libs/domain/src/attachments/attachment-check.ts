import { hasControlCharacters } from '../limits';
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_TYPES, GENERIC_CONTENT_TYPES, MAX_ATTACHMENT_NAME_LENGTH, type AttachmentType } from './attachment-types';
import { sniffContent } from './content-sniffing';

/** Why an upload is refused: the field, the reason, and whether it is about the media type (415) or the request (400) or the size (413). */
export interface AttachmentProblem {
  status: 400 | 413 | 415;
  field: 'file' | 'name' | 'contentType';
  reason: string;
}

export type AttachmentCheck = { ok: true; type: AttachmentType; fileName: string } | ({ ok: false } & AttachmentProblem);

/** Media types some clients send for a kind besides the canonical one. */
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf' };

/** The file name as kept: the last path segment, trimmed; null with a reason when unusable. */
export function attachmentFileName(raw: string): { name: string } | { problem: string } {
  const name = raw.split(/[\\/]/).pop()!.trim();
  if (!name) return { problem: 'is required (the file name, with its extension)' };
  if (hasControlCharacters(name)) return { problem: 'must not contain control characters' };
  if (name.length > MAX_ATTACHMENT_NAME_LENGTH) return { problem: `must be at most ${MAX_ATTACHMENT_NAME_LENGTH} characters` };
  return { name };
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * Checks an uploaded file: its size, then its content (which alone decides the type), then
 * that its name's extension and the declared media type say the same thing as the content.
 */
export function checkAttachment(input: { bytes: Uint8Array; fileName: string; declaredType: string | null | undefined; maxBytes: number }): AttachmentCheck {
  const named = attachmentFileName(input.fileName);
  if ('problem' in named) return { ok: false, status: 400, field: 'name', reason: named.problem };
  if (input.bytes.length > input.maxBytes) return { ok: false, status: 413, field: 'file', reason: `is larger than ${formatBytes(input.maxBytes)} (the largest attachment accepted)` };
  const extension = extensionOf(named.name);
  if (!ATTACHMENT_EXTENSIONS.includes(extension)) {
    return { ok: false, status: 415, field: 'name', reason: `must end in one of .${ATTACHMENT_EXTENSIONS.join(', .')} (got ${extension ? `.${extension}` : 'no extension'})` };
  }
  const sniffed = sniffContent(input.bytes);
  if (!sniffed.ok) return { ok: false, status: 415, field: 'file', reason: sniffed.reason };
  const byName = sniffed.kinds.map((k) => ATTACHMENT_TYPES[k]).find((t) => t.extensions.includes(extension));
  if (!byName) {
    const actual = ATTACHMENT_TYPES[sniffed.kinds[0]!];
    return { ok: false, status: 415, field: 'file', reason: `is named .${extension} but its content is ${describe(actual)}` };
  }
  const declared = normalizedType(input.declaredType);
  if (!GENERIC_CONTENT_TYPES.includes(declared) && declared !== byName.contentType) {
    return { ok: false, status: 415, field: 'contentType', reason: `was declared ${declared} but the content is ${describe(byName)}` };
  }
  return { ok: true, type: byName, fileName: named.name };
}

function normalizedType(type: string | null | undefined): string {
  const bare = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

function describe(type: AttachmentType): string {
  return `a ${type.kind.toUpperCase()} file (${type.contentType})`;
}

/** 20971520 → "20 MB"; 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}
