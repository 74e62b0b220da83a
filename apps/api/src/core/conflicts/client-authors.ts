import * as Y from 'yjs';
import type { Who } from './conflict-types';

const MAX_PACKAGES = 5_000;
const MAX_CLIENTS_PER_PACKAGE = 2_000;

/**
 * Which user and department wrote with which Yjs client id, per package: learnt from the
 * connection (or server change) that sent each update, so that a conflict's previous value can
 * name its author. Kept in memory, bounded, and independent of document unloads; after a
 * restart earlier writers are unknown (the record then carries only their client id).
 */
export class ClientAuthors {
  private readonly byPackage = new Map<string, Map<number, Omit<Who, 'department'>>>();

  /** Remember the authors of the structs in an update (call before it is merged). */
  learn(packageId: string, update: Uint8Array, who: Omit<Who, 'department'>): void {
    let clients: Map<number, bigint | number>;
    try {
      clients = Y.parseUpdateMeta(update).from;
    } catch {
      return;
    }
    if (clients.size === 0) return;
    let known = this.byPackage.get(packageId);
    if (known) this.byPackage.delete(packageId); // most recently used last
    else known = new Map();
    this.byPackage.set(packageId, known);
    for (const clientId of clients.keys()) {
      known.delete(clientId);
      known.set(clientId, who);
      if (known.size > MAX_CLIENTS_PER_PACKAGE) known.delete(known.keys().next().value as number);
    }
    if (this.byPackage.size > MAX_PACKAGES) this.byPackage.delete(this.byPackage.keys().next().value as string);
  }

  get(packageId: string, clientId: number): Omit<Who, 'department'> | undefined {
    return this.byPackage.get(packageId)?.get(clientId);
  }
}
