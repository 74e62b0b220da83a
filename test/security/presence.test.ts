import { CLOSE, MAX_AWARENESS_BYTES } from '@zerobase/collab';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { me } from './channels';

/** Presence is bound to the connection: identity from the token, own client ids only, capped size. */
let server: DemoServer;
let packageId: string;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
  packageId = list.find((p) => p.code === 'DP-01')!.id;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

async function open(who: string): Promise<CollabClient> {
  const c = connectCollab(server.api.baseUrl, packageId, (await server.as(who)).token);
  clients.push(c);
  await c.synced();
  return c;
}

/** Sends raw awareness entries on a client's own socket, as a hostile client would. */
function sendAwareness(c: CollabClient, entries: { clientId: number; clock: number; state: unknown }[]): void {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  (c.provider.ws as unknown as { send(data: Uint8Array): void }).send(encoding.toUint8Array(outer));
}

const stateOf = (watcher: CollabClient, clientId: number) => watcher.provider.awareness.getStates().get(clientId) as any;

describe('presence bound to the connection', () => {
  it('should replace a claimed name and role with the token’s identity', async () => {
    const watcher = await open('coordinator');
    const power = await open('power');
    const powerMe = await me(await server.as('power'));
    power.provider.awareness.setLocalState({ user: { name: '财政局 统筹协调人', role: 'coordinator', color: '#123456' }, cursor: 1 });
    const seen = await eventually(() => stateOf(watcher, power.doc.clientID), (s) => s?.cursor === 1, 10_000, 'power’s presence');
    expect(seen.user).toEqual({ name: powerMe.displayName, id: powerMe.userId, department: 'power', role: 'liaison', color: '#123456' });
  });

  it('should ignore presence for a client id another connection owns, and relay the sender’s own', async () => {
    const watcher = await open('coordinator');
    const power = await open('power');
    const observer = await open('observer');
    power.provider.awareness.setLocalState({ user: { name: 'x' }, cursor: 'power-here' });
    await eventually(() => stateOf(watcher, power.doc.clientID), (s) => s?.cursor === 'power-here', 10_000, 'power’s presence');
    const clock = (power.provider.awareness.meta.get(power.doc.clientID)?.clock ?? 0) + 5;
    // a read-only client overwrites, then removes, power's presence; then announces its own as the marker
    sendAwareness(observer, [{ clientId: power.doc.clientID, clock, state: { user: { name: 'hijacked' }, cursor: 'taken' } }]);
    sendAwareness(observer, [{ clientId: power.doc.clientID, clock: clock + 1, state: null }]);
    observer.provider.awareness.setLocalState({ user: { name: 'x' }, cursor: 'observer-marker' });
    await eventually(() => stateOf(watcher, observer.doc.clientID), (s) => s?.cursor === 'observer-marker', 10_000, 'the observer’s own presence');
    expect(stateOf(watcher, power.doc.clientID)?.cursor).toBe('power-here');
    expect(observer.closes).toEqual([]);
  });

  it('should close a connection that sends an oversized presence and relay none of it', async () => {
    const watcher = await open('coordinator');
    const telecom = await open('telecom');
    telecom.provider.awareness.setLocalState({ user: { name: 'x' }, blob: 'x'.repeat(MAX_AWARENESS_BYTES * 4) });
    const close = await eventually(() => telecom.closes[0], (c) => c !== undefined, 10_000, 'the close');
    expect(close.code).toBe(CLOSE.tooLarge);
    const states = [...watcher.provider.awareness.getStates().values()] as any[];
    expect(states.some((s) => typeof s?.blob === 'string')).toBe(false);
    expect(awarenessProtocol).toBeDefined();
  });
});
