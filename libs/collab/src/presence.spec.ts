import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { bindPresence, decodeAwarenessEntries, encodeAwarenessEntries, withoutStaffNames } from './presence';

const identity = { id: 'u1', name: '供电公司 联络人', department: 'power', role: 'liaison' };

describe('presence', () => {
  it('reads and writes the y-protocols awareness format', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'x', color: '#fff' }, cursor: 3 });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const entries = decodeAwarenessEntries(update);
    expect(entries).toEqual([{ clientId: doc.clientID, clock: 1, state: { user: { name: 'x', color: '#fff' }, cursor: 3 } }]);
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(other, encodeAwarenessEntries(entries), null);
    expect(other.getStates().get(doc.clientID)).toEqual({ user: { name: 'x', color: '#fff' }, cursor: 3 });
  });

  it('replaces claimed identity fields with the token’s and keeps the rest', () => {
    const [entry] = bindPresence([{ clientId: 7, clock: 1, state: { user: { name: '统筹协调人', role: 'coordinator', color: '#f00' }, cursor: 1 } }], identity, () => true);
    expect(entry.state).toEqual({ user: { name: identity.name, id: 'u1', department: 'power', role: 'liaison', color: '#f00' }, cursor: 1 });
  });

  it('drops entries for client ids the connection does not own, keeps removals of its own', () => {
    const out = bindPresence(
      [
        { clientId: 1, clock: 2, state: null },
        { clientId: 2, clock: 1, state: { user: {} } },
      ],
      identity,
      (id) => id === 1,
    );
    expect(out).toEqual([{ clientId: 1, clock: 2, state: null }]);
  });

  it('refuses bytes that are not an awareness update', () => {
    expect(() => decodeAwarenessEntries(new Uint8Array([1, 1, 1]))).toThrow();
  });

  it('takes the person out of presence for readers who see departments only, and keeps the rest', () => {
    const [bound] = bindPresence([{ clientId: 7, clock: 3, state: { user: { color: '#f00', email: 'power@x' }, field: 'title', cursor: 1 } }], identity, () => true);
    const [entry, removal] = withoutStaffNames([bound, { clientId: 8, clock: 2, state: null }]);
    expect(entry).toEqual({ clientId: 7, clock: 3, state: { user: { id: null, name: null, department: 'power', role: 'liaison', color: '#f00' }, field: 'title', cursor: 1 } });
    expect(removal).toEqual({ clientId: 8, clock: 2, state: null });
  });
});
