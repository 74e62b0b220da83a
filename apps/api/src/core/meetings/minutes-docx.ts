import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { MinutesDocument } from '@zerobase/domain';

const FONT = { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun' };
const run = (text: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text, font: FONT, size: options.size ?? 24, bold: options.bold });

/** 会议纪要 as a Word document: centred title, a table of the meeting's facts, numbered sections. */
export async function renderMinutesDocx(minutes: MinutesDocument): Promise<Buffer> {
  const meta = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: minutes.meta.map(
      ([label, value]) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: 20, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(label, { bold: true })] })] }),
            new TableCell({ width: { size: 80, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(value)] })] }),
          ],
        }),
    ),
  });
  const body = minutes.sections.flatMap((section) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [run(section.heading, { bold: true, size: 28 })] }),
    ...section.lines.map((line) => new Paragraph({ spacing: { after: 80 }, children: [run(line)] })),
  ]);
  const document = new Document({
    creator: 'Zerobase',
    title: `${minutes.title} ${minutes.meta[0]?.[1] ?? ''}`,
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(minutes.title, { bold: true, size: 44 })] }),
          meta,
          ...body,
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 360 }, children: [run(minutes.footer, { size: 20 })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
