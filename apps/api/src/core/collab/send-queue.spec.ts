import * as net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue, TickCork } from './send-queue';

function socket() {
  return { bufferedAmount: 0, paused: false, pause() { this.paused = true; }, resume() { this.paused = false; } };
}

describe('SendQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should stop reading above the bound and resume once the queue drains below half of it', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow);
    s.bufferedAmount = 900;
    queue.afterSend();
    expect(s.paused).toBe(false);
    s.bufferedAmount = 1500;
    queue.afterSend();
    expect(s.paused).toBe(true);
    s.bufferedAmount = 600;
    vi.advanceTimersByTime(100);
    expect(s.paused).toBe(true);
    s.bufferedAmount = 400;
    vi.advanceTimersByTime(100);
    expect(s.paused).toBe(false);
    expect(overflow).not.toHaveBeenCalled();
  });

  it('should give up on a connection whose queue passes four times the bound, once', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow);
    s.bufferedAmount = 4001;
    queue.afterSend();
    queue.afterSend();
    expect(overflow).toHaveBeenCalledTimes(1);
    expect(overflow).toHaveBeenCalledWith(4001);
  });

  it('should give up on a connection that stays behind for too long', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow, 4000, 2000);
    s.bufferedAmount = 2000;
    queue.afterSend();
    vi.advanceTimersByTime(1900);
    expect(overflow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(overflow).toHaveBeenCalledWith(2000);
    expect(queue.paused).toBe(false);
  });
});

describe('TickCork', () => {
  /** A connected TCP socket, and the number of chunks each of its writes to the kernel carried. */
  async function connection() {
    const server = net.createServer((peer) => peer.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const writes: number[] = [];
    const raw = client as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const [write, writev] = [raw._write.bind(client), raw._writev.bind(client)];
    raw._write = (...a: unknown[]) => (writes.push(1), write(...a));
    raw._writev = (chunks: unknown, ...a: unknown[]) => (writes.push((chunks as unknown[]).length), writev(chunks, ...a));
    return { client, writes, close: () => (client.destroy(), new Promise((r) => server.close(r))) };
  }

  /** Like the relays of one group commit: one promise callback per change, in one tick. */
  async function relayInOneTick(send: (message: string) => void, messages: string[]) {
    const committed = Promise.resolve();
    await Promise.all(messages.map((m) => committed.then(() => send(m))));
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('should send what one tick writes to a connection in one write, and the next tick in the next', async () => {
    const { client, writes, close } = await connection();
    const cork = new TickCork(client);
    const send = (m: string) => {
      cork.hold();
      client.write(m);
    };
    await relayInOneTick(send, ['a', 'b', 'c']);
    await relayInOneTick(send, ['d', 'e']);
    expect(writes).toEqual([3, 2]);
    await close();
  });

  it('should write each message on its own without it (the comparison)', async () => {
    const { client, writes, close } = await connection();
    await relayInOneTick((m) => client.write(m), ['a', 'b', 'c']);
    expect(writes.length).toBeGreaterThan(1);
    await close();
  });
});
