/** The rules a new password must meet (accounts created or changed through the API). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** Passwords that appear at the top of every leaked-password list (compared case-insensitively). */
const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', '123456', '1234567', '12345678',
  '123456789', '1234567890', '0123456789', '12345678910', '1q2w3e4r5t', '1qaz2wsx3edc', 'qwertyuiop', 'qwerty123', 'qwerty1234', 'asdfghjkl',
  'zxcvbnm123', 'iloveyou', 'iloveyou1', 'princess1', 'sunshine1', 'football1', 'baseball1', 'welcome1', 'welcome123', 'letmein123',
  'abc1234567', 'abcdefghij', 'aaaaaaaaaa', '1111111111', '0000000000', 'admin12345', 'administrator', 'changeme123', 'trustno1234',
  'zerobase123', 'zerobase-demo', 'woaini1314', '5201314520', 'qwe123456', 'a123456789', 'aa123456789',
]);

/** Why a password is not acceptable, or null. */
export function passwordProblem(password: string, email = ''): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().length === 0) return 'must not be only spaces';
  if (new Set(password).size < 3) return 'must use more than two different characters';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is a commonly used password';
  if (email && lower === email.trim().toLowerCase()) return 'must not be the e-mail address';
  return null;
}
