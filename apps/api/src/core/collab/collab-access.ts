import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ACCESS_REVOKED, CLOSE, encodeRightsNotice } from '@zerobase/collab';
import { canReadPackage } from '@zerobase/domain';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { CycleEvents, type CycleChange } from '../../base/events/cycle-events';
import { PrincipalService, type Principal } from '../auth';
import { DepartmentsService } from '../departments';
import { accessFacts, PackagesService } from '../packages';
import { READ_ONLY, type CollabPeer } from './collab-peer';
import { DocumentKinds } from './document-kinds';
import { DocumentRegistry } from './document-registry';
import type { LiveDocument } from './live-document';
import { rightsNotice, sameRights, writeRightsFor } from './write-rights';

const CHANNEL = 'zerobase:access';

/**
 * Re-authorizes open `/collab` connections when who may read or write changes (a membership,
 * a publication, a stage): a connection that may no longer read is closed (4403, "access
 * revoked: …"), one whose rights changed is narrowed (or widened) in place. With REDIS_URL the
 * re-check reaches every instance.
 */
@Injectable()
export class CollabAccess implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('collab-access');
  private readonly instance = randomUUID();
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(
    private readonly events: CycleEvents,
    private readonly registry: DocumentRegistry,
    private readonly principals: PrincipalService,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly kinds: DocumentKinds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.events.on((change) => {
      if (change.cause !== 'access') return;
      this.run(change);
      if (this.pub) void this.pub.publish(CHANNEL, JSON.stringify({ instance: this.instance, change })).catch((e: unknown) => this.logger.warn(`publish failed: ${String(e)}`));
    });
    if (!this.config.redisUrl) return;
    this.pub = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
    this.sub = this.pub.duplicate();
    this.pub.on('error', (e) => this.logger.warn(`redis: ${String(e)}`));
    this.sub.on('error', (e) => this.logger.warn(`redis: ${String(e)}`));
    await this.sub.subscribe(CHANNEL);
    this.sub.on('message', (_channel: string, message: string) => {
      try {
        const { instance, change } = JSON.parse(message) as { instance: string; change: CycleChange };
        if (instance !== this.instance && typeof change?.cycleId === 'string') this.run(change);
      } catch {
        // not ours
      }
    });
  }

  private run(change: CycleChange): void {
    void this.recheck(change).catch((error: unknown) => this.logger.error(`re-check after ${change.cause} failed: ${String(error)}`));
  }

  async recheck(change: CycleChange): Promise<void> {
    const principals = new Map<string, Promise<Principal | null>>();
    const principalOf = (userId: string) => {
      if (!principals.has(userId)) principals.set(userId, this.principals.load(userId));
      return principals.get(userId)!;
    };
    for (const live of await this.registry.loadedDocuments()) {
      if (live.cycleId !== change.cycleId || (change.packageId && live.packageId !== change.packageId)) continue;
      if (change.document && live.name !== change.document) continue;
      const peers = [...live.peers].filter((p) => !change.userId || p.userId === change.userId);
      if (peers.length === 0) continue;
      if (live.kind !== 'package') {
        await this.recheckOther(live, peers, principalOf);
        continue;
      }
      const parts = await this.packages.parts(live.packageId).catch(() => null);
      const directory = await this.departments.directory();
      for (const peer of peers) {
        const principal = await principalOf(peer.principal.userId);
        if (!principal) revoke(peer, CLOSE.unauthenticated, `${ACCESS_REVOKED}: the account no longer exists`);
        else if (!parts || !canReadPackage(principal.memberships, accessFacts(parts))) revoke(peer, CLOSE.forbidden, `${ACCESS_REVOKED}: you may no longer read this package`);
        else {
          const { rights, departmentId, locked } = writeRightsFor(principal, live.cycleId, parts.owners.map((o) => o.departmentId), directory, parts.pkg.stage);
          const changed = !sameRights(peer.rights, rights);
          peer.principal = principal;
          peer.rights = rights;
          peer.departmentId = departmentId;
          // narrowed (a stage lock) or widened (a reopening) in place: the client is told
          if (changed) peer.send(encodeRightsNotice(rightsNotice(rights, locked)));
        }
      }
    }
  }

  /** A document of another kind (minutes): its handler's access rule, the same as when it was opened. */
  private async recheckOther(live: LiveDocument, peers: CollabPeer[], principalOf: (userId: string) => Promise<Principal | null>): Promise<void> {
    const handler = this.kinds.handler(live.kind);
    for (const peer of peers) {
      const principal = await principalOf(peer.principal.userId);
      const access = principal ? await handler.access(principal, live.ref.id) : null;
      if (!access) revoke(peer, CLOSE.unauthenticated, `${ACCESS_REVOKED}: the account no longer exists`);
      else if (!access.read) revoke(peer, CLOSE.forbidden, `${ACCESS_REVOKED}: ${access.reason}`);
      else {
        peer.principal = principal!;
        peer.rights = access.rights;
        peer.departmentId = access.departmentId;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.disconnect();
    this.pub?.disconnect();
  }
}

/** Nothing it sends from now on is merged; then the connection closes with the reason. */
function revoke(peer: CollabPeer, code: number, reason: string): void {
  peer.rights = READ_ONLY;
  peer.close(code, reason);
}
