import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AttachmentMissing, STORE_KEY, type AttachmentStore } from './attachment-store';

/**
 * Attachment bytes as files under one directory (DATA_DIR/attachments by default), sharded by
 * the key's first two characters. A file is written to a temporary name, flushed to disk and
 * renamed into place, then the directory is flushed: after `put` resolves it survives a crash,
 * and a half-written file never carries a real key.
 */
export class DiskAttachmentStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  get description(): string {
    return `disk (${this.root})`;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.path(key);
    const dir = join(this.root, key.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${key}.${randomBytes(6).toString('hex')}.part`);
    try {
      const file = await open(temporary, 'wx', 0o640);
      try {
        await file.writeFile(data);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(dir);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AttachmentMissing(key);
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    if (!STORE_KEY.test(key)) throw new Error(`not a store key: ${key}`);
    return join(this.root, key.slice(0, 2), key);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // some file systems refuse fsync on directories; the rename is still in the journal
  } finally {
    await handle.close();
  }
}
