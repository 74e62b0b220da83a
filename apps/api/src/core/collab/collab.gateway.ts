import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { encodeRightsNotice } from '@zerobase/collab';
import { broadestRole, canReadPackage } from '@zerobase/domain';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { TokenBucket } from '../../base/concurrency';
import { PrincipalService, TokenService, type Principal } from '../auth';
import { handshakeCookieToken } from '../auth';
import { DepartmentsService } from '../departments';
import { accessFacts, PackagesService } from '../packages';
import { CLOSE, closeReason, decodeMessage, encodePermissionDenied, encodeSyncStep1, MalformedMessage } from './collab-protocol';
import type { CollabPeer } from './collab-peer';
import { DocumentKinds, parseDocumentName } from './document-kinds';
import { DocumentRegistry } from './document-registry';
import type { LiveDocument } from './live-document';
import { SendQueue, TickCork } from './send-queue';
import { PresenceGuard } from './presence-guard';
import { rightsNotice, writeRightsFor } from './write-rights';

const PATH = /^\/collab\/([^/?]+)$/;
const MAX_PRE_AUTH_MESSAGES = 64;

let nextPeerId = 1;

/**
 * `/collab/<packageId>?token=…` (and `/collab/minutes:<meetingId>`, see document-kinds.ts) speaks the y-websocket protocol (sync, awareness, auth), so an
 * unmodified WebsocketProvider connects. Thin: every change goes to the document's merge path.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('collab');
  private readonly wss: WebSocketServer;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: DocumentRegistry,
    private readonly tokens: TokenService,
    private readonly principals: PrincipalService,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly presence: PresenceGuard,
    private readonly kinds: DocumentKinds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.collab.maxMessageBytes, perMessageDeflate: false });
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '').split('?')[0];
      if (!path.startsWith('/collab')) return; // Socket.IO and others handle their own paths
      socket.on('error', () => undefined);
      this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, request, socket));
    });
  }

  /** Before the HTTP server closes (it waits for open sockets): tell clients to reconnect later. */
  beforeApplicationShutdown(): void {
    for (const ws of this.wss.clients) ws.close(CLOSE.unloaded, 'server restarting');
    setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, 500).unref();
    this.wss.close();
  }

  private async accept(ws: WebSocket, request: IncomingMessage, socket: Duplex): Promise<void> {
    ws.binaryType = 'nodebuffer';
    ws.on('error', () => undefined);
    const early: Buffer[] = [];
    const buffer = (data: Buffer) => {
      if (early.push(data) > MAX_PRE_AUTH_MESSAGES) ws.close(CLOSE.rateLimited, 'too many messages before authentication');
    };
    ws.on('message', buffer);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    const packageId = match ? decodeURIComponent(match[1]) : '';
    const refuse = (code: number, reason: string) => ws.close(code, closeReason(reason));
    try {
      // session cookie: the browser's credential when the URL carries no ?token=
      const claims = await this.tokens.verify(url.searchParams.get('token') ?? handshakeCookieToken(request.headers));
      if (!claims) return refuse(CLOSE.unauthenticated, 'a valid token is required (?token=…)');
      const principal = await this.principals.load(claims.sub);
      if (!principal) return refuse(CLOSE.unauthenticated, 'the account no longer exists');
      const ref = parseDocumentName(packageId);
      if (!ref) return refuse(CLOSE.notFound, 'no such package');
      if (ref.kind !== 'package') {
        const access = await this.kinds.handler(ref.kind).access(principal, ref.id);
        if (!access.read) return refuse(access.reason === 'not found' ? CLOSE.notFound : CLOSE.forbidden, access.reason);
        const live = await this.registry.get(ref.name);
        if (ws.readyState !== WebSocket.OPEN) return;
        const directory = await this.departments.directory();
        const peer = this.createPeer(ws, socket, principal, access.rights, access.departmentId);
        const department = access.departmentId ?? principal.departmentId;
        this.presence.register(peer, { id: principal.userId, name: principal.displayName, department: department ? directory.codeOf(department) : null, role: broadestRole(principal.memberships, live.cycleId) });
        return this.attach(ws, live, peer, buffer, early);
      }
      const parts = await this.packages.parts(packageId).catch(() => null);
      if (!parts) return refuse(CLOSE.notFound, 'no such package');
      if (!canReadPackage(principal.memberships, accessFacts(parts))) return refuse(CLOSE.forbidden, 'you may not read this package');
      const directory = await this.departments.directory();
      const { rights, departmentId, locked } = writeRightsFor(principal, parts.pkg.cycleId, parts.owners.map((o) => o.departmentId), directory, parts.pkg.stage);
      const live = await this.registry.open(packageId);
      if (ws.readyState !== WebSocket.OPEN) return;
      const peer = this.createPeer(ws, socket, principal, rights, departmentId);
      const department = departmentId ?? principal.departmentId;
      this.presence.register(peer, { id: principal.userId, name: principal.displayName, department: department ? directory.codeOf(department) : null, role: broadestRole(principal.memberships, parts.pkg.cycleId) });
      this.attach(ws, live, peer, buffer, early, encodeRightsNotice(rightsNotice(rights, locked)));
    } catch (error) {
      this.logger.error(`connection to ${packageId} failed: ${String(error)}`);
      refuse(CLOSE.serverError, 'the document could not be opened');
    }
  }

  /** From here on the same for every kind of document: messages go to the document's merge path. */
  /** `notice`: the write rights told to a package's editor first (libs/collab rights-notice); none for other kinds. */
  private attach(ws: WebSocket, live: LiveDocument, peer: CollabPeer, buffer: (data: Buffer) => void, early: Buffer[], notice: Uint8Array | null = null): void {
    live.addPeer(peer);
    ws.off('message', buffer);
    const bucket = new TokenBucket(this.config.collab.messagesPerSecond);
    let chain = Promise.resolve();
    const onMessage = (data: Buffer) => {
      if (!bucket.take()) return peer.close(CLOSE.rateLimited, 'rate limit exceeded');
      chain = chain.then(() => this.handle(live, peer, data)).catch((error: unknown) => {
        this.logger.error(`message from peer ${peer.id} failed: ${String(error)}`);
        peer.close(CLOSE.serverError, 'internal error');
      });
    };
    ws.on('message', onMessage);
    ws.on('close', () => live.removePeer(peer));
    if (notice) peer.send(notice);
    live.whenDecoded(() => peer.send(encodeSyncStep1(Y.encodeStateVector(live.doc))));
    const awareness = live.awarenessMessage(peer);
    if (awareness) peer.send(awareness);
    for (const data of early) onMessage(data);
  }

  private createPeer(ws: WebSocket, socket: Duplex, principal: Principal, rights: CollabPeer['rights'], departmentId: string | null): CollabPeer {
    const queue = new SendQueue(ws, this.config.collab.sendQueueBytes, (queued) => {
      this.logger.warn(`closing a connection that fell ${queued} bytes behind`);
      // nothing more is queued for it once closing; ws drops the socket if the close handshake does not finish in 30 s
      ws.close(CLOSE.tooSlow, closeReason('too far behind: the connection did not read what the server sent'));
    });
    ws.once('close', () => queue.stop());
    // the relays of one commit batch (one tick) leave in one write per connection
    const cork = new TickCork(socket);
    return {
      id: nextPeerId++,
      principal,
      rights,
      userId: principal.userId,
      departmentId,
      origin: 'client',
      awarenessIds: new Set(),
      send: (message, written) => {
        if (ws.readyState !== WebSocket.OPEN) return written?.();
        cork.hold();
        ws.send(message, written ? () => written() : undefined);
        queue.afterSend();
      },
      close: (code, reason) => {
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, closeReason(reason));
      },
    };
  }

  private async handle(live: LiveDocument, peer: CollabPeer, data: Buffer): Promise<void> {
    let message;
    try {
      message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      return peer.close(CLOSE.malformed, error instanceof MalformedMessage ? error.message : 'malformed message');
    }
    switch (message.kind) {
      case 'syncStep1':
        await live.syncPeer(peer, message.stateVector);
        return;
      case 'update': {
        const result = await live.applyUpdate(message.update, peer, peer);
        if (result.status === 'malformed') return peer.close(CLOSE.malformed, result.reason);
        if (result.status === 'unavailable') return peer.close(CLOSE.serverError, result.reason);
        if (result.status === 'refused') {
          // the standard client logs the reason; then it must start again from the server's state
          peer.send(encodePermissionDenied(`update refused: ${result.reason}`));
          return peer.close(CLOSE.refused, `update refused: ${result.reason}`);
        }
        return;
      }
      case 'awareness': {
        const verdict = this.presence.check(live, peer, message.update);
        if (verdict.kind === 'close') return peer.close(verdict.code, verdict.reason);
        if (verdict.kind === 'drop') return;
        try {
          live.applyAwareness(verdict.update, peer);
        } catch {
          peer.close(CLOSE.malformed, 'malformed awareness update');
        }
        return;
      }
      case 'queryAwareness': {
        const awareness = live.awarenessMessage(peer);
        if (awareness) peer.send(awareness);
        return;
      }
    }
  }
}
