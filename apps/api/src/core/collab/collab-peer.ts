import type { WriteRights } from '@zerobase/collab';
import type { Principal } from '../auth';

/** One side of a change: a connected client, or the server acting for a user or itself. */
export interface ChangeAuthor {
  userId: string | null;
  /** the department a liaison edits for, for the edit log */
  departmentId: string | null;
  rights: WriteRights;
  /** edit-log origin: 'client', 'rest', 'resolution', 'restore', 'migration' … */
  origin: string;
}

/** A connected y-websocket client as the document sees it. */
export interface CollabPeer extends ChangeAuthor {
  readonly id: number;
  /** who it is; refreshed when memberships change (collab-access.ts), as presence is built per reader from it */
  principal: Principal;
  /** awareness client ids this connection controls, removed when it leaves */
  readonly awarenessIds: Set<number>;
  /** `written`: called once the message has left for the socket (or was dropped with the connection) */
  send(message: Uint8Array, written?: () => void): void;
  close(code: number, reason: string): void;
}

export const READ_ONLY: WriteRights = { writeShared: false, writeDepartments: new Set() };
export const WRITE_ALL: WriteRights = { writeShared: true, writeDepartments: 'all' };
