import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('refuses short, blank, repetitive and common passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('          ')).toMatch(/spaces/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/different/);
    expect(passwordProblem('Password123')).toMatch(/common/);
    expect(passwordProblem('someone@example.test', 'someone@example.test')).toMatch(/e-mail/);
  });

  it('accepts a long enough, uncommon password', () => {
    expect(passwordProblem('预算-审核-2027-春')).toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
  });
});
