import { CLOSE, sharedText } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;
const clients: CollabClient[] = [];

beforeAll(async () => {
  // a small bound, so a few megabytes of relays overflow a client that reads nothing
  server = await startDemoServer({ COLLAB_SEND_QUEUE_BYTES: '16384', COLLAB_MESSAGES_PER_SECOND: '100000' });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('collab back-pressure', () => {
  it('should disconnect a client that stops reading with CLOSE.tooSlow, and keep serving the others', async () => {
    const coordinator = await server.as('coordinator');
    const packageId = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body[5].id;
    const writer = connectCollab(server.api.baseUrl, packageId, coordinator.token);
    const watcher = connectCollab(server.api.baseUrl, packageId, coordinator.token);
    clients.push(writer, watcher);
    await Promise.all([writer.synced(), watcher.synced()]);

    // a raw client that asks for the document and then reads nothing more
    const stalled = new WebSocket(`${server.api.baseUrl.replace(/^http/, 'ws')}/collab/${packageId}?token=${coordinator.token}`);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => stalled.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise<void>((resolve) => stalled.once('open', () => resolve()));
    stalled.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 with an empty state vector: "send me everything"
    stalled.pause();

    const chunk = 'x'.repeat(64 * 1024);
    const text = sharedText(writer.doc, 'narrative');
    // each change replaces the narrative with a new 64 KiB text: megabytes of relays while the
    // narrative stays within its limit (TEXT_LIMITS.narrative)
    for (let i = 0; i < 150; i++) {
      writer.doc.transact(() => {
        text.delete(0, text.length);
        text.insert(0, `${chunk}${i};`);
      });
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20));
    }
    // as soon as the server gives up on it, the stalled client reads again: it gets its backlog, then the close
    await eventually(() => server.api.output.join(''), (out) => out.includes('fell') && out.includes('behind'), 60_000, 'the server giving up on the stalled client').catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- server output ---\n${server.api.output.join('').slice(-3000)}`);
    });
    stalled.resume();
    const { code, reason } = await closed;
    // the close frame waits behind megabytes of backlog; on a loaded machine ws's 30-s close
    // timeout can drop the socket first (1006). Either way the server ended the connection.
    if (code === CLOSE.tooSlow) expect(reason).toContain('too far behind');
    else expect(code).toBe(1006);
    expect(server.api.output.join('')).toMatch(/closing a connection that fell \d+ bytes behind/);
    // the others kept being served: the watcher receives everything
    await eventually(() => sharedText(watcher.doc, 'narrative').toString().length, (n) => n === text.length, 90_000, 'the watcher receiving every relay');
    // and the server still answers new clients
    const late = connectCollab(server.api.baseUrl, packageId, coordinator.token);
    clients.push(late);
    await late.synced();
    expect(sharedText(late.doc, 'narrative').toString()).toBe(text.toString());
  }, 240_000);
});
