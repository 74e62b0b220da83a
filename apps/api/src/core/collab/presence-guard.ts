import { Injectable } from '@nestjs/common';
import {
  AWARENESS_MESSAGES_PER_SECOND,
  bindPresence,
  CLOSE,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  MAX_AWARENESS_BYTES,
  MAX_AWARENESS_IDS_PER_CONNECTION,
  type PresenceIdentity,
} from '@zerobase/collab';
import { TokenBucket } from '../../base/concurrency';
import type { CollabPeer } from './collab-peer';
import type { LiveDocument } from './live-document';

export type PresenceVerdict = { kind: 'apply'; update: Uint8Array } | { kind: 'drop' } | { kind: 'close'; code: number; reason: string };

/**
 * Binds presence to the connection (libs/collab presence): identity fields come from the token,
 * a connection speaks only for the awareness client ids it announced first (and no other
 * connection holds), and awareness messages are capped in size and rate. Read-only clients
 * publish their own presence like everyone else.
 */
@Injectable()
export class PresenceGuard {
  private readonly identities = new WeakMap<CollabPeer, PresenceIdentity>();
  private readonly buckets = new WeakMap<CollabPeer, TokenBucket>();

  register(peer: CollabPeer, identity: PresenceIdentity): void {
    this.identities.set(peer, identity);
    this.buckets.set(peer, new TokenBucket(AWARENESS_MESSAGES_PER_SECOND));
  }

  check(live: LiveDocument, peer: CollabPeer, update: Uint8Array): PresenceVerdict {
    if (update.byteLength > MAX_AWARENESS_BYTES) return { kind: 'close', code: CLOSE.tooLarge, reason: `awareness update over ${MAX_AWARENESS_BYTES} bytes` };
    const identity = this.identities.get(peer);
    if (!identity || !this.buckets.get(peer)?.take()) return { kind: 'drop' };
    let entries;
    try {
      entries = decodeAwarenessEntries(update);
    } catch {
      return { kind: 'close', code: CLOSE.malformed, reason: 'malformed awareness update' };
    }
    const owns = (clientId: number): boolean => {
      if (peer.awarenessIds.has(clientId)) return true;
      for (const other of live.peers) if (other !== peer && other.awarenessIds.has(clientId)) return false;
      if (peer.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
      peer.awarenessIds.add(clientId);
      return true;
    };
    const bound = bindPresence(entries, identity, owns);
    return bound.length ? { kind: 'apply', update: encodeAwarenessEntries(bound) } : { kind: 'drop' };
  }
}
