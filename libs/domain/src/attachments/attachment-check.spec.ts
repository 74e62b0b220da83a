import { describe, expect, it } from 'vitest';
import { checkAttachment, formatBytes } from './attachment-check';
import { sniffContent, zipEntryNames } from './content-sniffing';
import { SAMPLE_FILES, storedZip } from './stored-zip';
import { utf8Encode } from './utf8';

const bytes = (...values: number[]) => new Uint8Array(values);
const PNG_HEAD = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const JPEG_HEAD = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const utf16 = (text: string) => Uint8Array.from([...text].flatMap((c) => [c.charCodeAt(0), 0]));
function ole(stream: string): Uint8Array {
  const out = new Uint8Array(1024);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  out.set(utf16(stream), 512);
  return out;
}
const check = (content: Uint8Array, fileName: string, declaredType: string | null = null, maxBytes = 1 << 20) => checkAttachment({ bytes: content, fileName, declaredType, maxBytes });

describe('sniffContent', () => {
  it('reads each accepted kind from its content', () => {
    expect(sniffContent(SAMPLE_FILES.pdf())).toEqual({ ok: true, kinds: ['pdf'] });
    expect(sniffContent(PNG_HEAD)).toEqual({ ok: true, kinds: ['png'] });
    expect(sniffContent(JPEG_HEAD)).toEqual({ ok: true, kinds: ['jpeg'] });
    expect(sniffContent(SAMPLE_FILES.docx())).toEqual({ ok: true, kinds: ['docx'] });
    expect(sniffContent(SAMPLE_FILES.xlsx())).toEqual({ ok: true, kinds: ['xlsx'] });
    expect(sniffContent(SAMPLE_FILES.pptx())).toEqual({ ok: true, kinds: ['pptx'] });
    expect(sniffContent(ole('WordDocument'))).toEqual({ ok: true, kinds: ['doc'] });
    expect(sniffContent(ole('Workbook'))).toEqual({ ok: true, kinds: ['xls'] });
    expect(sniffContent(ole('PowerPoint Document'))).toEqual({ ok: true, kinds: ['ppt'] });
  });

  it('refuses empty files, text, HTML and executables, saying what the content starts with', () => {
    expect(sniffContent(new Uint8Array())).toEqual({ ok: false, reason: 'is empty' });
    const html = sniffContent(utf8Encode('<html><script>alert(1)</script>'));
    expect(html.ok).toBe(false);
    expect(!html.ok && html.reason).toContain('3c 68 74 6d 6c');
    expect(sniffContent(bytes(0x4d, 0x5a, 0x90, 0)).ok).toBe(false);
    // %PDF later in the file is not a PDF
    expect(sniffContent(utf8Encode(' %PDF-1.4')).ok).toBe(false);
  });

  it('tells a plain ZIP, a damaged ZIP, a macro document and an unknown OOXML package apart from Office files', () => {
    const plain = sniffContent(storedZip({ 'readme.txt': 'hi' }));
    expect(!plain.ok && plain.reason).toContain('[Content_Types].xml');
    const damaged = SAMPLE_FILES.docx().subarray(0, 60);
    expect(sniffContent(damaged)).toMatchObject({ ok: false, reason: expect.stringContaining('damaged') });
    const macro = sniffContent(storedZip({ '[Content_Types].xml': '', 'word/document.xml': '', 'word/vbaProject.bin': 'x' }));
    expect(!macro.ok && macro.reason).toContain('macros');
    expect(sniffContent(storedZip({ '[Content_Types].xml': '', 'visio/document.xml': '' })).ok).toBe(false);
    expect(sniffContent(ole('Something Else')).ok).toBe(false);
  });

  it('lists ZIP entry names from the central directory', () => {
    expect(zipEntryNames(storedZip({ 'a.txt': 'A', '中文/b.xml': 'B' }))).toEqual(['a.txt', '中文/b.xml']);
    expect(zipEntryNames(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
  });
});

describe('checkAttachment', () => {
  it('accepts a file whose name and declared type agree with its content', () => {
    const result = check(SAMPLE_FILES.pdf(), '可行性研究报告.pdf', 'application/pdf');
    expect(result).toMatchObject({ ok: true, fileName: '可行性研究报告.pdf', type: { kind: 'pdf', contentType: 'application/pdf', inline: true } });
    expect(check(JPEG_HEAD, 'photo.JPG', 'image/jpg')).toMatchObject({ ok: true, type: { kind: 'jpeg' } });
    expect(check(SAMPLE_FILES.xlsx(), 'quote.xlsx', 'application/octet-stream')).toMatchObject({ ok: true, type: { kind: 'xlsx', inline: false } });
    // the path a browser might send is cut to the file's own name
    expect(check(PNG_HEAD, 'C:\\fakepath\\drawing.png')).toMatchObject({ ok: true, fileName: 'drawing.png' });
  });

  it('refuses content that is not what the name says (415, field file)', () => {
    expect(check(utf8Encode('MZ not a pdf'), 'report.pdf')).toMatchObject({ ok: false, status: 415, field: 'file', reason: expect.stringContaining('is not a PDF') });
    expect(check(PNG_HEAD, 'report.pdf')).toEqual({ ok: false, status: 415, field: 'file', reason: 'is named .pdf but its content is a PNG file (image/png)' });
    expect(check(SAMPLE_FILES.docx(), 'budget.xlsx')).toMatchObject({ ok: false, status: 415, field: 'file', reason: expect.stringContaining('DOCX') });
  });

  it('refuses a declared media type that disagrees with the content (415, field contentType)', () => {
    expect(check(SAMPLE_FILES.pdf(), 'report.pdf', 'text/html')).toMatchObject({ ok: false, status: 415, field: 'contentType', reason: expect.stringContaining('text/html') });
  });

  it('refuses names without an accepted extension or with control characters, and files over the limit', () => {
    expect(check(SAMPLE_FILES.pdf(), 'report.exe')).toMatchObject({ ok: false, status: 415, field: 'name', reason: expect.stringContaining('.exe') });
    expect(check(SAMPLE_FILES.pdf(), 'report')).toMatchObject({ ok: false, status: 415, field: 'name', reason: expect.stringContaining('no extension') });
    expect(check(SAMPLE_FILES.pdf(), 'a\u0000.pdf')).toMatchObject({ ok: false, status: 400, field: 'name' });
    expect(check(SAMPLE_FILES.pdf(), '  ')).toMatchObject({ ok: false, status: 400, field: 'name' });
    expect(check(SAMPLE_FILES.pdf(), `${'x'.repeat(201)}.pdf`)).toMatchObject({ ok: false, status: 400, field: 'name' });
    expect(check(new Uint8Array(2048).fill(0x25), 'big.pdf', null, 1024)).toMatchObject({ ok: false, status: 413, field: 'file', reason: expect.stringContaining('1 KB') });
  });

  it('formats sizes for people', () => {
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12)).toBe('12 B');
  });
});
