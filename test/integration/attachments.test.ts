import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { SAMPLE_FILES, solidPng, textPdf, uploadAttachment } from '../support/sample-files';
import { connectSocket } from '../support/socket-client';

const MAX_BYTES = 256 * 1024;
let server: DemoServer;
let dataDir: string;
let dp01: string;
let power: HttpClient;
let telecom: HttpClient;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Every file under the attachment directory (the disk store), temporary ones included. */
function storedFiles(): string[] {
  const root = join(dataDir, 'attachments');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  try {
    walk(root);
  } catch {
    // not created yet
  }
  return out.sort();
}
const upload = (client: HttpClient | null, file: Parameters<typeof uploadAttachment>[3], packageId = dp01) => uploadAttachment(server.api.baseUrl, client?.token ?? null, packageId, file);
async function download(client: HttpClient, id: string, query = ''): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${server.api.baseUrl}/api/attachments/${id}/content${query}`, { headers: { authorization: `Bearer ${client.token}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zb-attachments-'));
  server = await startDemoServer({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
  const packages = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  dp01 = packages.find((p: { code: string }) => p.code === 'DP-01').id;
  [power, telecom] = await Promise.all([server.as('power'), server.as('telecom')]);
});
afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('attachments of a package', () => {
  const study = textPdf('Feasibility study');
  const drawing = solidPng(40, 30, [30, 120, 200]);
  let studyId: string;
  let drawingId: string;

  it('should take a PDF from the power liaison on the joint line upgrade and a drawing on one of power’s cost lines, and push both to telecom', async () => {
    const socket = await connectSocket(server.api.baseUrl, telecom.token!);
    try {
      const uploaded = await upload(power, { name: '可行性研究报告.pdf', bytes: study, type: 'application/pdf' });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ packageId: dp01, lineId: null, department: 'power', fileName: '可行性研究报告.pdf', kind: 'pdf', contentType: 'application/pdf', sizeBytes: study.length, removable: true });
      expect(uploaded.body.uploadedBy.name).toBeTruthy();
      studyId = uploaded.body.id;
      const pushed = await socket.next('attachment', (e) => e.type === 'added' && e.attachment.id === studyId);
      expect(pushed).toMatchObject({ packageId: dp01, attachment: { fileName: '可行性研究报告.pdf', department: 'power' } });

      const pkg = (await power.get(`/api/packages/${dp01}`)).body;
      const powerLine = pkg.costLines.find((l: { department: string }) => l.department === 'power');
      const onLine = await upload(power, { name: 'trench-drawing.png', bytes: drawing, type: 'image/png', lineId: powerLine.id });
      expect(onLine.status).toBe(201);
      expect(onLine.body).toMatchObject({ lineId: powerLine.id, department: 'power', kind: 'png' });
      drawingId = onLine.body.id;

      // a line of telecom's section is not power's to document
      const telecomLine = pkg.costLines.find((l: { department: string }) => l.department === 'telecom');
      const foreign = await upload(power, { name: 'x.png', bytes: drawing, lineId: telecomLine.id });
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toContain('another department');
      const unknown = await upload(power, { name: 'x.png', bytes: drawing, lineId: 'no-such-line' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields).toEqual([{ field: 'lineId', reason: 'is not a cost line of this package' }]);
    } finally {
      socket.close();
    }
  });

  it('should list them for telecom with who and when, and serve them inline with their type, nosniff and a framing policy for the preview', async () => {
    const list = await telecom.get(`/api/packages/${dp01}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.map((a: { fileName: string }) => a.fileName)).toEqual(['可行性研究报告.pdf', 'trench-drawing.png']);
    for (const a of list.body) {
      expect(a).toMatchObject({ department: 'power', removable: false });
      expect(Date.parse(a.uploadedAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
    }

    const pdf = await download(telecom, studyId);
    expect(pdf.status).toBe(200);
    expect(sha(pdf.bytes)).toBe(sha(study));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent('可行性研究报告.pdf')}`);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pdf.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(pdf.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(pdf.headers.get('content-security-policy')).not.toContain('script-src');

    const png = await download(telecom, drawingId);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-security-policy')).toContain('sandbox');
    expect(sha(png.bytes)).toBe(sha(drawing));
    expect((await download(telecom, drawingId, '?download=1')).headers.get('content-disposition')).toMatch(/^attachment; filename="trench-drawing.png"/);
  });

  it('should serve Office files as downloads only', async () => {
    const sheet = await upload(power, { name: '报价单.xlsx', bytes: SAMPLE_FILES.xlsx() });
    expect(sheet.status).toBe(201);
    expect(sheet.body).toMatchObject({ kind: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const file = await download(telecom, sheet.body.id);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await telecom.get(`/api/packages/${dp01}/attachments`)).body).toHaveLength(3);
  });

  it('should refuse them to a user who may not read the package (an observer, once it is no longer published) and to anonymous callers', async () => {
    const observer = await server.as('observer');
    // published: observers read the package, so its attachments too
    expect((await observer.get(`/api/packages/${dp01}/attachments`)).status).toBe(200);
    expect((await download(observer, studyId)).status).toBe(200);

    const coordinator = await server.as('coordinator');
    const current = (await coordinator.get(`/api/packages/${dp01}`)).body;
    expect((await coordinator.patch(`/api/packages/${dp01}`, { version: current.version, published: false })).status).toBe(200);
    expect((await observer.get(`/api/packages/${dp01}`)).status).toBe(403);
    const list = await observer.get(`/api/packages/${dp01}/attachments`);
    expect(list.status).toBe(403);
    const content = await download(observer, studyId);
    expect(content.status).toBe(403);
    expect(content.bytes.toString()).not.toContain('Feasibility');
    expect((await upload(observer, { name: 'x.pdf', bytes: study })).status).toBe(403);
    expect((await upload(null, { name: 'x.pdf', bytes: study })).status).toBe(401);
    expect((await fetch(`${server.api.baseUrl}/api/attachments/${studyId}/content`)).status).toBe(401);

    const again = (await coordinator.get(`/api/packages/${dp01}`)).body;
    expect((await coordinator.patch(`/api/packages/${dp01}`, { version: again.version, published: true })).status).toBe(200);
  });

  it('should refuse a file whose content is not what its name or declared type says, or that is too large, and store nothing', async () => {
    const before = storedFiles();
    const rows = async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM package_attachment`))[0]!.n;
    const rowsBefore = await rows();

    const pngAsPdf = await upload(power, { name: 'report.pdf', bytes: solidPng(4, 4, [0, 0, 0]), type: 'application/pdf' });
    expect(pngAsPdf.status).toBe(415);
    expect(pngAsPdf.body.fields).toEqual([{ field: 'file', reason: 'is named .pdf but its content is a PNG file (image/png)' }]);

    const html = await upload(power, { name: 'quote.pdf', bytes: Buffer.from('<html><script>alert(document.cookie)</script></html>') });
    expect(html.status).toBe(415);
    expect(html.body.fields[0]).toMatchObject({ field: 'file', reason: expect.stringContaining('is not a PDF, PNG, JPEG or Office file') });

    const zipAsDocx = await upload(power, { name: 'drawings.docx', bytes: SAMPLE_FILES.xlsx() });
    expect(zipAsDocx.status).toBe(415);
    expect(zipAsDocx.body.message).toContain('XLSX');

    const declaredHtml = await upload(power, { name: 'report.pdf', bytes: study, type: 'text/html' });
    expect(declaredHtml.status).toBe(415);
    expect(declaredHtml.body.fields[0].field).toBe('contentType');

    const exe = await upload(power, { name: 'setup.exe', bytes: study });
    expect(exe.status).toBe(415);
    expect(exe.body.fields[0].field).toBe('name');

    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES)]);
    const tooLarge = await upload(power, { name: 'big.pdf', bytes: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.fields).toEqual([{ field: 'file', reason: 'is larger than 256 KB (the largest attachment accepted)' }]);

    // no Content-Length (chunked): counted while it arrives
    const chunks = Array.from({ length: 10 }, (_, i) => Buffer.concat([Buffer.from(i === 0 ? '%PDF-1.4\n' : ''), Buffer.alloc(40 * 1024)]));
    const streamed = await fetch(`${server.api.baseUrl}/api/packages/${dp01}/attachments?name=streamed.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${power.token}`, 'content-type': 'application/pdf' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(new Uint8Array(next));
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).details).toEqual({ maxBytes: MAX_BYTES });

    const json = await power.post(`/api/packages/${dp01}/attachments?name=a.pdf`, { a: 1 });
    expect(json.status).toBe(415);

    expect(await rows()).toBe(rowsBefore);
    expect(storedFiles()).toEqual(before);
    expect((await telecom.get(`/api/packages/${dp01}/attachments`)).body).toHaveLength(3);
  });

  it('should let only the department that added an attachment (or a coordinator) remove it', async () => {
    const refused = await telecom.delete(`/api/attachments/${studyId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('Only the department that added');
    expect((await download(telecom, studyId)).status).toBe(200);

    const socket = await connectSocket(server.api.baseUrl, telecom.token!);
    try {
      const before = storedFiles().length;
      expect((await power.delete(`/api/attachments/${drawingId}`)).status).toBe(204);
      expect(await socket.next('attachment', (e) => e.type === 'removed' && e.id === drawingId)).toMatchObject({ packageId: dp01 });
      expect((await download(telecom, drawingId)).status).toBe(404);
      expect(storedFiles()).toHaveLength(before - 1);
    } finally {
      socket.close();
    }
    // a telecom attachment is telecom's: power may not remove it, the coordinator may
    const telecomNote = await upload(telecom, { name: 'telecom-quote.docx', bytes: SAMPLE_FILES.docx() });
    expect(telecomNote.body).toMatchObject({ department: 'telecom', kind: 'docx' });
    expect((await power.delete(`/api/attachments/${telecomNote.body.id}`)).status).toBe(403);
    expect((await (await server.as('coordinator')).delete(`/api/attachments/${telecomNote.body.id}`)).status).toBe(204);
  });

  it('should keep the files across a server restart (durable on disk under DATA_DIR)', async () => {
    await server.api.restart();
    const again = await telecom.get(`/api/packages/${dp01}/attachments`);
    expect(again.body.map((a: { fileName: string }) => a.fileName)).toEqual(['可行性研究报告.pdf', '报价单.xlsx']);
    const pdf = await download(telecom, studyId);
    expect(pdf.status).toBe(200);
    expect(sha(pdf.bytes)).toBe(sha(study));
    expect(storedFiles().every((f) => f.startsWith(join(dataDir, 'attachments')) && !f.endsWith('.part'))).toBe(true);
  });
});
