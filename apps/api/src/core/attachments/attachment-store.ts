/**
 * Where attachment bytes live. The database keeps the metadata and a key; a store keeps the
 * bytes under that key. `DiskAttachmentStore` (under DATA_DIR) is the one implemented; an
 * object-storage store (S3-compatible) would implement the same three calls.
 */
export interface AttachmentStore {
  /** Stores the bytes durably under a new key (written completely or not at all). */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes under a key; rejects with AttachmentMissing when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes the bytes; a missing key is not an error. */
  remove(key: string): Promise<void>;
  /** For logs: where the bytes go. */
  readonly description: string;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

export class AttachmentMissing extends Error {}

/** Keys are UUIDs: nothing a client sends ever becomes part of a path or object name. */
export const STORE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
