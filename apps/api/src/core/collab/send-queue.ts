/** What a bounded send queue needs of a socket (ws's WebSocket satisfies it). */
export interface QueueSocket {
  readonly bufferedAmount: number;
  pause(): void;
  resume(): void;
}

const CHECK_MS = 50;

/**
 * Bounds what the server holds for one slow reader. Above `pauseBytes` of unsent data the
 * server stops reading from the connection (its edits wait in the kernel, not in our memory);
 * when the queue drains below half of it, reading resumes. Above `closeBytes`, or still above
 * `pauseBytes` after `stalledMs`, `onOverflow` is called (the gateway closes with CLOSE.tooSlow).
 */
export class SendQueue {
  private timer: NodeJS.Timeout | null = null;
  private pausedAt = 0;
  private overflowed = false;

  constructor(
    private readonly socket: QueueSocket,
    private readonly pauseBytes: number,
    private readonly onOverflow: (queued: number) => void,
    private readonly closeBytes = pauseBytes * 4,
    private readonly stalledMs = 30_000,
  ) {}

  get paused(): boolean {
    return this.timer !== null;
  }

  /** Call after each send. */
  afterSend(): void {
    const queued = this.socket.bufferedAmount;
    if (queued > this.closeBytes) return this.overflow(queued);
    if (queued <= this.pauseBytes || this.timer) return;
    this.socket.pause();
    this.pausedAt = Date.now();
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private check(): void {
    const queued = this.socket.bufferedAmount;
    if (queued <= this.pauseBytes / 2) {
      this.stop();
      this.socket.resume();
    } else if (Date.now() - this.pausedAt > this.stalledMs) {
      this.overflow(queued);
    }
  }

  private overflow(queued: number): void {
    this.stop();
    if (this.overflowed) return;
    this.overflowed = true;
    this.onOverflow(queued);
  }
}


/** What holding writes needs of a socket (net.Socket satisfies it). */
export interface CorkSocket {
  cork(): void;
  uncork(): void;
}

/**
 * Holds a connection's writes until the end of the current tick (its promise callbacks
 * included): the frames one peer is sent in one tick — the relays of every change one group
 * commit stored — leave in one write instead of one each.
 */
export class TickCork {
  private held = false;

  constructor(private readonly socket: CorkSocket) {}

  hold(): void {
    if (this.held) return;
    this.held = true;
    this.socket.cork();
    process.nextTick(() => {
      this.held = false;
      this.socket.uncork();
    });
  }
}
