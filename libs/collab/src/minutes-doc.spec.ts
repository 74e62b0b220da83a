import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { admitUpdate, sectionRights } from './merge-core';
import { appendMinutesLine, isMinutesEmpty, MINUTES_SCHEMA, minutesPartsOfPaths, minutesText, readMinutes, writeMinutes } from './minutes-doc';
import { sharedText } from './schema';

const writer = { rights: { writeShared: true, writeDepartments: new Set<string>() } };
const reader = { rights: { writeShared: false, writeDepartments: new Set<string>() } };

function updateOf(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const sv = Y.encodeStateVector(copy);
  edit(copy);
  return Y.encodeStateAsUpdate(copy, sv);
}

describe('minutes document', () => {
  it('should fill, read and append lines once', () => {
    const doc = new Y.Doc();
    expect(isMinutesEmpty(doc)).toBe(true);
    writeMinutes(doc, { agenda: '1. 议题', notes: '' });
    expect(appendMinutesLine(doc, 'agenda', '2. 其他')).toBe(true);
    expect(appendMinutesLine(doc, 'agenda', '2. 其他')).toBe(false);
    expect(readMinutes(doc)).toMatchObject({ agenda: '1. 议题\n2. 其他', decisions: '' });
    expect(isMinutesEmpty(doc)).toBe(false);
  });

  it('should admit text edits of the minutes parts to writers only, and nothing outside the minutes schema', () => {
    const server = new Y.Doc();
    const edit = updateOf(server, (d) => minutesText(d, 'notes').insert(0, '记录'));
    expect(admitUpdate(server, edit, writer, [sectionRights], MINUTES_SCHEMA)).toMatchObject({ ok: true });
    expect(admitUpdate(server, edit, reader, [sectionRights], MINUTES_SCHEMA)).toMatchObject({ ok: false, code: 'forbidden' });
    const foreign = updateOf(server, (d) => sharedText(d, 'purpose').insert(0, 'x'));
    expect(admitUpdate(server, foreign, writer, [sectionRights], MINUTES_SCHEMA)).toMatchObject({ ok: false, code: 'invalid' });
    const notText = updateOf(server, (d) => d.getMap('minutes/notes').set('a', 1));
    expect(admitUpdate(server, notText, writer, [sectionRights], MINUTES_SCHEMA)).toMatchObject({ ok: false });
    // a package document does not take minutes parts
    expect(admitUpdate(server, edit, writer, [sectionRights])).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('should name the parts an edit touched from the paths the merge path records, in the parts’ order', () => {
    const server = new Y.Doc();
    writeMinutes(server, { notes: '会议记录', agenda: '1. 议题' });
    const edit = updateOf(server, (doc) => {
      minutesText(doc, 'notes').insert(0, '主持人：');
      minutesText(doc, 'attendance').insert(0, '张三');
    });
    const admitted = admitUpdate(server, edit, writer, [sectionRights], MINUTES_SCHEMA);
    if (!admitted.ok) throw new Error(admitted.reason);
    expect(minutesPartsOfPaths([...admitted.payload.scope.paths])).toEqual(['attendance', 'notes']);
    expect(minutesPartsOfPaths(['shared/purpose', 'minutes/unknown', 'minutes/agenda.x'])).toEqual(['agenda']);
  });
});
