import type { Who } from './conflict-types';

const MAX_PACKAGES = 5_000;
const MAX_CLIENTS_PER_PACKAGE = 2_000;

/**
 * Which user and department wrote with which Yjs client id, per package: learnt from the
 * connection (or server change) that sent each update, so that a conflict's previous value can
 * name its author. Kept in memory, bounded, and independent of document unloads; after a
 * restart earlier writers are unknown (the record then carries only their client id). Deletions
 * carry no client id, so who deleted which row is remembered the same way, by row.
 */
export class ClientAuthors {
  private readonly byPackage = new Map<string, Map<number, Omit<Who, 'department'>>>();
  private readonly deleters = new Map<string, Omit<Who, 'department'>>();

  /** Remember the author of the structs these client ids wrote in an update (call before it is merged). */
  learn(packageId: string, clientIds: Iterable<number>, who: Omit<Who, 'department'>): void {
    let known = this.byPackage.get(packageId);
    if (known) this.byPackage.delete(packageId); // most recently used last
    else known = new Map();
    this.byPackage.set(packageId, known);
    for (const clientId of clientIds) {
      known.delete(clientId);
      known.set(clientId, who);
      if (known.size > MAX_CLIENTS_PER_PACKAGE) known.delete(known.keys().next().value as number);
    }
    if (this.byPackage.size > MAX_PACKAGES) this.byPackage.delete(this.byPackage.keys().next().value as string);
  }

  get(packageId: string, clientId: number): Omit<Who, 'department'> | undefined {
    return this.byPackage.get(packageId)?.get(clientId);
  }

  /** Remember who deleted a row (by its edit-delete key), for a later edit of it. */
  learnDeletion(packageId: string, rowKey: string, who: Omit<Who, 'department'>): void {
    const key = `${packageId} ${rowKey}`;
    this.deleters.delete(key);
    this.deleters.set(key, who);
    if (this.deleters.size > MAX_PACKAGES * 10) this.deleters.delete(this.deleters.keys().next().value as string);
  }

  deleter(packageId: string, rowKey: string): Omit<Who, 'department'> | undefined {
    return this.deleters.get(`${packageId} ${rowKey}`);
  }
}
