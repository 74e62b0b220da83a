import { ATTACHMENT_TYPES, type AttachmentKind } from './attachment-types';
import { utf8Decode } from './utf8';

/**
 * What a file's bytes are, read from the content only (magic numbers and container structure):
 * PDF, PNG, JPEG; Office Open XML (a ZIP whose central directory lists `[Content_Types].xml`
 * and the main part of a document, workbook or presentation); and legacy Office files (an OLE
 * compound file holding a WordDocument, Workbook or PowerPoint Document stream).
 */
export type Sniffed =
  | { ok: true; kinds: AttachmentKind[] }
  | { ok: false; reason: string };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const OOXML_MAIN_PARTS: [string, AttachmentKind][] = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

/** Stream names of legacy Office files, as they appear (UTF-16LE) in the compound file's directory. */
const OLE_STREAMS: [string, AttachmentKind][] = [
  ['WordDocument', 'doc'],
  ['Workbook', 'xls'],
  ['PowerPoint Document', 'ppt'],
];

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

export function sniffContent(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { ok: false, reason: 'is empty' };
  if (startsWith(bytes, PDF)) return { ok: true, kinds: ['pdf'] };
  if (startsWith(bytes, PNG)) return { ok: true, kinds: ['png'] };
  if (startsWith(bytes, JPEG)) return { ok: true, kinds: ['jpeg'] };
  if (startsWith(bytes, ZIP)) return sniffOoxml(bytes);
  if (startsWith(bytes, OLE)) return sniffOle(bytes);
  return { ok: false, reason: `is not a PDF, PNG, JPEG or Office file (its content starts with ${hex(bytes.subarray(0, 8))})` };
}

function sniffOoxml(bytes: Uint8Array): Sniffed {
  const names = zipEntryNames(bytes);
  if (!names) return { ok: false, reason: 'is a damaged ZIP archive (no readable central directory)' };
  if (!names.includes('[Content_Types].xml')) return { ok: false, reason: 'is a ZIP archive, not an Office document (no [Content_Types].xml)' };
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return { ok: false, reason: 'is an Office document with macros, which are not accepted' };
  const kinds = OOXML_MAIN_PARTS.filter(([part]) => names.includes(part)).map(([, kind]) => kind);
  if (kinds.length !== 1) return { ok: false, reason: 'is an Office Open XML package that is neither a Word document, a workbook nor a presentation' };
  return { ok: true, kinds };
}

function sniffOle(bytes: Uint8Array): Sniffed {
  const kinds = OLE_STREAMS.filter(([name]) => indexOf(bytes, utf16le(name)) >= 0).map(([, kind]) => kind);
  if (!kinds.length) return { ok: false, reason: 'is an OLE compound file that is neither a Word, Excel nor PowerPoint file' };
  return { ok: true, kinds };
}

/**
 * The entry names of a ZIP archive, from its central directory (found through the end of
 * central directory record in the last 64 KiB); null when the archive cannot be read.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    names.push(utf8Decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out[i * 2] = text.charCodeAt(i);
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The media type a kind is served with. */
export const contentTypeOf = (kind: AttachmentKind): string => ATTACHMENT_TYPES[kind].contentType;
