import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { foldUpdates } from './fold-updates';

const WORKER_FILE = join(__dirname, 'snapshot-worker.js');

/**
 * Folds snapshot + log into a new snapshot on a worker thread, one request at a time, so a
 * compaction of a large document does not delay the relays of every other document. Where the
 * compiled worker is absent (sources run directly), it folds inline.
 */
@Injectable()
export class SnapshotEncoder implements OnModuleDestroy {
  private readonly logger = new Logger('snapshot-encoder');
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (state: Uint8Array) => void; reject: (error: Error) => void }>();

  /** Folds the parts (their buffers are handed over to the worker: the caller must not reuse them). */
  fold(parts: Uint8Array[]): Promise<Uint8Array> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(foldUpdates(parts));
    const id = ++this.nextId;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, parts }, parts.map((p) => p.buffer as ArrayBuffer));
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (!existsSync(WORKER_FILE)) return null;
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on('message', (reply: { id: number; state?: Uint8Array; error?: string }) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.state) waiter.resolve(new Uint8Array(reply.state));
      else waiter.reject(new Error(reply.error ?? 'snapshot worker failed'));
    });
    const fail = (error: Error) => {
      this.logger.error(`snapshot worker stopped: ${error.message}`);
      this.worker = null;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`exited with ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
