import bcrypt from 'bcryptjs';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: new ones are scrypt (node:crypto, computed on libuv's thread pool, so a burst
 * of logins does not stall the event loop); bcrypt hashes stored before are still verified.
 * Format: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`.
 */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether the stored hash needs replacing with a current one (after a successful login). */
export function isLegacyHash(stored: string): boolean {
  return !stored.startsWith('scrypt$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('scrypt$')) {
    const [, n, r, p, salt, hash] = stored.split('$');
    const expected = Buffer.from(hash ?? '', 'base64');
    if (expected.length !== KEY_LENGTH) return false;
    const key = await derive(password, Buffer.from(salt ?? '', 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
    return timingSafeEqual(key, expected);
  }
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  return false;
}
