import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ConcurrentOverwrite } from './conflicts';
import { departmentNotes, departmentSection, sharedText } from './schema';
import { getSharedText, setSharedText } from './shared-fields';
import { TestServer, syncOneWay } from './testing/fixtures';
import { DeletedTextMemory, textWithout } from './text-rewrites';
import { UpdateResolver } from './update-resolver';

const ORIGINAL = 'Renovate the old residential area jointly.';

function rewrites(server: TestServer): ConcurrentOverwrite[] {
  return server.conflicts.filter((c): c is ConcurrentOverwrite => c.kind === 'concurrentOverwrite' && c.unseen !== undefined);
}

describe('text rewrites: two people rewrite the same text while apart', () => {
  it('both replace the purpose → one conflict with both intended texts; the merged text is kept', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'Power rewrote the purpose.');
    setSharedText(b, 'purpose', 'Telecom has another idea.');
    server.push(a);
    expect(rewrites(server)).toEqual([]);
    server.push(b);
    const [found] = rewrites(server);
    expect(found).toMatchObject({
      key: 'overwrite:shared//purpose',
      path: { section: 'shared', collection: null, rowId: null, field: 'purpose' },
      previous: { value: 'Power rewrote the purpose.', clientId: 1 },
      incoming: { value: null, clientId: 2 },
    });
    // Yjs kept both wordings glued together; what telecom meant is the merged text without power's
    const merged = getSharedText(server.doc, 'purpose');
    expect(merged).not.toBe('Telecom has another idea.');
    expect(textWithout(sharedText(server.doc, 'purpose'), found!.unseen!, found!.kept)).toBe('Telecom has another idea.');
  });

  it('what the other side deleted and the writer kept is part of the writer’s text', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'Power rewrote it.'); // keeps only the final '.'
    setSharedText(b, 'purpose', 'Telecom did too, jointly.'); // keeps 'jointly.'
    server.push(a);
    server.push(b);
    const [found] = rewrites(server);
    expect(found?.previous.value).toBe('Power rewrote it.');
    expect(textWithout(sharedText(server.doc, 'purpose'), found!.unseen!, found!.kept)).toBe('Telecom did too, jointly.');
  });

  it('a prefix one side kept and the other deleted is part of the first side’s text', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'Reinforce the lines.'); // keeps the leading 'Re' and the final '.'
    setSharedText(b, 'purpose', 'Bury the cables.'); // deletes 'Re'
    server.push(b);
    server.push(a);
    const [found] = rewrites(server);
    expect(found?.previous.value).toBe('Bury the cables.');
    expect(textWithout(sharedText(server.doc, 'purpose'), found!.unseen!, found!.kept)).toBe('Reinforce the lines.');
  });

  it('a rewrite against a partial edit of the same words is found, with each side’s text', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'Renovate the old residential area in 2027.');
    setSharedText(b, 'purpose', 'Renovate the old residential area with five departments.');
    server.push(a);
    server.push(b);
    const [found] = rewrites(server);
    expect(found?.previous.value).toBe('Renovate the old residential area in 2027.');
    expect(textWithout(sharedText(server.doc, 'purpose'), found!.unseen!, found!.kept)).toBe('Renovate the old residential area with five departments.');
  });

  it('edits of different places of the same text merge without a conflict', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    a.transact(() => sharedText(a, 'purpose').insert(0, 'Urgent: '));
    b.transact(() => sharedText(b, 'purpose').insert(ORIGINAL.length, ' Phase one.'));
    b.transact(() => sharedText(b, 'purpose').delete(ORIGINAL.length - 1, 1));
    server.push(a);
    server.push(b);
    expect(rewrites(server)).toEqual([]);
    expect(getSharedText(server.doc, 'purpose')).toBe('Urgent: Renovate the old residential area jointly Phase one.');
  });

  it('two people adding at the same place without deleting anything is not a conflict', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    a.transact(() => sharedText(a, 'purpose').insert(ORIGINAL.length, ' A.'));
    b.transact(() => sharedText(b, 'purpose').insert(ORIGINAL.length, ' B.'));
    server.push(a);
    server.push(b);
    expect(rewrites(server)).toEqual([]);
  });

  it('sequential rewrites (the second writer saw the first) are not a conflict, typed one character at a time', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'First wording.');
    server.push(a);
    syncOneWay(server.doc, b);
    const text = sharedText(b, 'purpose');
    b.transact(() => text.delete(0, text.length));
    for (const ch of 'Second wording.') {
      b.transact(() => text.insert(text.length, ch));
      server.push(b);
    }
    expect(rewrites(server)).toEqual([]);
    expect(getSharedText(server.doc, 'purpose')).toBe('Second wording.');
  });

  it('a rewrite typed one character at a time while offline is one conflict on arrival', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'Agreed at the meeting.');
    const text = sharedText(b, 'purpose');
    b.transact(() => text.delete(0, text.length));
    for (const ch of 'Not agreed yet.') b.transact(() => text.insert(text.length, ch));
    server.push(a);
    server.push(b);
    const found = rewrites(server);
    expect(found).toHaveLength(1);
    expect(textWithout(sharedText(server.doc, 'purpose'), found[0]!.unseen!, found[0]!.kept)).toBe('Not agreed yet.');
  });

  it('department notes are text fields too', () => {
    const server = new TestServer();
    const power = departmentSection('power');
    const a = server.client(1);
    const b = server.client(2);
    a.transact(() => departmentNotes(a, 'power').insert(0, 'old note'));
    server.push(a);
    syncOneWay(server.doc, b);
    a.transact(() => {
      const t = departmentNotes(a, 'power');
      t.delete(0, t.length);
      t.insert(0, 'note by A');
    });
    b.transact(() => {
      const t = departmentNotes(b, 'power');
      t.delete(0, t.length);
      t.insert(0, 'note by B');
    });
    server.push(a);
    server.push(b);
    const [found] = rewrites(server);
    expect(found?.path).toEqual({ section: power, collection: null, rowId: null, field: 'notes' });
    expect(found?.previous.value).toBe('note by A');
    expect(textWithout(departmentNotes(server.doc, 'power'), found!.unseen!, found!.kept)).toBe('note by B');
  });

  it('the same update applied to a plain Y.Doc converges as Yjs always does (detection changes nothing)', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setSharedText(a, 'purpose', 'X');
    setSharedText(b, 'purpose', 'Y');
    server.push(a);
    server.push(b);
    syncOneWay(server.doc, a);
    expect(getSharedText(a, 'purpose')).toBe(getSharedText(server.doc, 'purpose'));
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(server.doc));
  });
});

describe('DeletedTextMemory', () => {
  it('keeps the content of deleted text characters, and only up to its capacity (oldest dropped)', () => {
    const server = new TestServer(null);
    const a = server.client(1);
    a.transact(() => sharedText(a, 'purpose').insert(0, 'abcdef'));
    server.push(a);
    const memory = new DeletedTextMemory(3);
    a.transact(() => sharedText(a, 'purpose').delete(1, 4)); // b c d e
    memory.remember(new UpdateResolver(server.doc, Y.encodeStateAsUpdate(a, Y.encodeStateVector(server.doc))));
    expect(memory.size).toBe(3);
    expect([1, 2, 3, 4].map((clock) => memory.charAt(1, clock))).toEqual([undefined, 'c', 'd', 'e']);
    expect(memory.charAt(1, 0)).toBeUndefined(); // never deleted
  });
});
