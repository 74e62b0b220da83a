/**
 * The Yjs schema of a meeting's minutes (会议纪要), one Y.Doc per meeting, on `/collab` as
 * `minutes:<meetingId>`. Every part is a root Y.Text named `minutes/<part>`; the whole document
 * is one section (SHARED_SECTION): who may write it writes every part (see libs/domain
 * `minutesRights`). Root types, as in the package schema, so nothing is ever created concurrently.
 */
import { MINUTES_PARTS, type MinutesPart, type MinutesTexts } from '@zerobase/domain';
import * as Y from 'yjs';
import { SHARED_SECTION, type RootInfo } from './schema';
import { replaceText } from './text';
import type { DocumentSchema } from './update-scope';

const PREFIX = 'minutes/';

export function minutesRootName(part: MinutesPart): string {
  return `${PREFIX}${part}`;
}

export const MINUTES_SCHEMA: DocumentSchema = {
  name: 'minutes',
  parseRootName(name: string): RootInfo | null {
    if (!name.startsWith(PREFIX)) return null;
    const part = name.slice(PREFIX.length);
    return (MINUTES_PARTS as readonly string[]).includes(part) ? { section: SHARED_SECTION, part, kind: 'text' } : null;
  },
};

/** The parts of the minutes an edit log's paths touch (`minutes/<part>…`), in the parts' order. */
export function minutesPartsOfPaths(paths: readonly string[]): MinutesPart[] {
  const touched = new Set(paths.filter((p) => p.startsWith(PREFIX)).map((p) => p.slice(PREFIX.length).split(/[/.]/)[0]));
  return MINUTES_PARTS.filter((part) => touched.has(part));
}

export function minutesText(doc: Y.Doc, part: MinutesPart): Y.Text {
  return doc.getText(minutesRootName(part));
}

export function readMinutes(doc: Y.Doc): MinutesTexts {
  return Object.fromEntries(MINUTES_PARTS.map((p) => [p, minutesText(doc, p).toString()])) as MinutesTexts;
}

/** Nothing written yet (a document opened for the first time). */
export function isMinutesEmpty(doc: Y.Doc): boolean {
  return MINUTES_PARTS.every((p) => minutesText(doc, p).length === 0);
}

/** Writes the given parts whole (one transaction). */
export function writeMinutes(doc: Y.Doc, texts: Partial<MinutesTexts>, origin?: unknown): void {
  doc.transact(() => {
    for (const part of MINUTES_PARTS) {
      const value = texts[part];
      if (value !== undefined) replaceText(minutesText(doc, part), value);
    }
  }, origin);
}

/** Adds a line at the end of a part unless the part already holds exactly that line. Returns whether it did. */
export function appendMinutesLine(doc: Y.Doc, part: MinutesPart, line: string, origin?: unknown): boolean {
  const text = minutesText(doc, part);
  const current = text.toString();
  if (current.split('\n').includes(line)) return false;
  doc.transact(() => text.insert(text.length, `${current.length && !current.endsWith('\n') ? '\n' : ''}${line}`), origin);
  return true;
}
