import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { MinutesDocument } from '@zerobase/domain';
import { AppError } from '../../base/errors';

/** CJK fonts looked for, in order (family: the PostScript name inside a .ttc collection); MINUTES_FONT (+ MINUTES_FONT_FAMILY for a .ttc) comes first. */
const CANDIDATES: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

export function minutesFont(env: NodeJS.ProcessEnv = process.env): { path: string; family?: string } | null {
  const configured = env['MINUTES_FONT'];
  if (configured) return existsSync(configured) ? { path: configured, family: env['MINUTES_FONT_FAMILY'] || undefined } : null;
  return CANDIDATES.find((c) => existsSync(c.path)) ?? null;
}

/** 会议纪要 as PDF with pdfkit and an embedded (subset) CJK font; no browser needed. */
export function renderMinutesPdf(minutes: MinutesDocument): Promise<Buffer> {
  const font = minutesFont();
  if (!font) throw new AppError('conflict', 'PDF export needs a Chinese font on the server: install fonts-wqy-zenhei or set MINUTES_FONT to a .ttf/.ttc file');
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 72, right: 72 }, info: { Title: `${minutes.title} ${minutes.meta[0]?.[1] ?? ''}`, Creator: 'Zerobase' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('cjk', font.path, font.family);
    pdf.font('cjk');
    pdf.fontSize(22).text(minutes.title, { align: 'center' });
    pdf.moveDown(1);
    for (const [label, value] of minutes.meta) {
      pdf.fontSize(12).text(`${label}：`, { continued: true }).text(value);
      pdf.moveDown(0.3);
    }
    pdf.moveTo(72, pdf.y + 4).lineTo(pdf.page.width - 72, pdf.y + 4).stroke();
    pdf.moveDown(1);
    for (const section of minutes.sections) {
      pdf.fontSize(14).text(section.heading);
      pdf.moveDown(0.4);
      for (const line of section.lines) {
        pdf.fontSize(11.5).text(line, { indent: 12, lineGap: 2 });
        pdf.moveDown(0.3);
      }
      pdf.moveDown(0.6);
    }
    pdf.moveDown(1);
    pdf.fontSize(10).text(minutes.footer, { align: 'right' });
    pdf.end();
  });
}
