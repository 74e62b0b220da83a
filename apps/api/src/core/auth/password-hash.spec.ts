import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { hashPassword, isLegacyHash, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('hashes with scrypt, salted, and verifies', async () => {
    const [a, b] = await Promise.all([hashPassword('预算-审核-2027-春'), hashPassword('预算-审核-2027-春')]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('预算-审核-2027-春', a)).toBe(true);
    expect(await verifyPassword('预算-审核-2027-秋', a)).toBe(false);
    expect(isLegacyHash(a)).toBe(false);
  });

  it('still verifies bcrypt hashes stored before, and refuses unknown formats', async () => {
    const legacy = bcrypt.hashSync('old-password-1', 4);
    expect(isLegacyHash(legacy)).toBe(true);
    expect(await verifyPassword('old-password-1', legacy)).toBe(true);
    expect(await verifyPassword('wrong', legacy)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});
