import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import type { CommittedPayload, DocumentExtension } from './document-pipeline';
import { DocStore } from './doc-store';
import { DocumentRegistry } from './document-registry';

const CHANNEL = 'zerobase:collab';

/**
 * With REDIS_URL set, committed document changes go to every other instance that holds the
 * same document, which relays them to its own clients. PostgreSQL stays the one source of
 * truth: an instance that missed a message catches up from the log when an update needs it.
 */
@Injectable()
export class RedisFanout implements DocumentExtension, OnModuleInit, OnApplicationShutdown {
  readonly name = 'redis-fanout';
  private readonly logger = new Logger('redis-fanout');
  private readonly instance = randomUUID();
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(
    private readonly registry: DocumentRegistry,
    private readonly store: DocStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.pub = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
    this.sub = this.pub.duplicate();
    this.pub.on('error', (e) => this.logger.warn(`redis: ${String(e)}`));
    this.sub.on('error', (e) => this.logger.warn(`redis: ${String(e)}`));
    await this.sub.subscribe(CHANNEL);
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.receive(message));
    // changes published while the subscription was down are lost: catch up from the store
    let lost = false;
    this.sub.on('close', () => (lost = true));
    this.sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      void this.catchUp();
      // and once more after the resubscription, for what was committed in between
      setTimeout(() => void this.catchUp(), 1_000).unref();
    });
    this.logger.log('sharing document changes with other instances through Redis');
  }

  onCommitted({ live, change }: CommittedPayload): void {
    if (!this.pub) return;
    const header = Buffer.from(`${this.instance}|${live.name}|`);
    void this.pub.publish(CHANNEL, Buffer.concat([header, Buffer.from(change.change)])).catch((e: unknown) => this.logger.warn(`publish failed: ${String(e)}`));
  }

  private receive(message: Buffer): void {
    const first = message.indexOf(0x7c);
    const second = message.indexOf(0x7c, first + 1);
    if (first < 0 || second < 0) return;
    const instance = message.subarray(0, first).toString();
    const packageId = message.subarray(first + 1, second).toString();
    if (instance === this.instance || !this.registry.isLoaded(packageId)) return;
    const update = new Uint8Array(message.subarray(second + 1));
    void this.registry.get(packageId).then((live) => live.applyRemote(update)).catch(() => undefined);
  }

  /** Merges each loaded document's stored state; whatever was new here is relayed to this instance's clients. */
  private async catchUp(): Promise<void> {
    for (const live of await this.registry.loadedDocuments()) {
      try {
        const stored = await this.store.load(live.packageId);
        for (const part of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)]) live.applyRemote(part);
      } catch (error) {
        this.logger.warn(`catching up ${live.name} failed: ${String(error)}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.disconnect();
    this.pub?.disconnect();
  }
}
