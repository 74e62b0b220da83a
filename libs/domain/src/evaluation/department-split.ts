import { BASIS_POINTS_PER_UNIT, type Fen } from '../money';
import type { InputIssue } from './errors';
import type { DepartmentShare } from './model';

function weightOf(s: DepartmentShare): number {
  return 'basisPoints' in s ? s.basisPoints : s.amountFen;
}

/**
 * Checks a package's cost split: at least one department, no department twice, either all basis
 * points (integers summing to 10 000) or all amounts (whole fen summing to the package cost).
 */
export function validateDepartmentShares(shares: readonly DepartmentShare[], costFen: Fen, path: string): InputIssue[] {
  if (!Array.isArray(shares) || shares.length === 0) return [{ path, message: 'at least one department share is required' }];
  if (!shares.every((s) => typeof s === 'object' && s !== null)) return [{ path, message: 'each share must be an object' }];
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  const byBp = 'basisPoints' in shares[0]!;
  let total = 0;
  shares.forEach((s, i) => {
    if (typeof s.departmentId !== 'string' || s.departmentId === '') issues.push({ path: `${path}[${i}].departmentId`, message: 'is required' });
    else if (seen.has(s.departmentId)) issues.push({ path: `${path}[${i}].departmentId`, message: `"${s.departmentId}" appears twice` });
    seen.add(s.departmentId);
    if ('basisPoints' in s !== byBp) {
      issues.push({ path: `${path}[${i}]`, message: 'mix of basis points and amounts; use one kind per package' });
      return;
    }
    const w = weightOf(s);
    if (!(Number.isSafeInteger(w) && w >= 0)) issues.push({ path: `${path}[${i}]`, message: 'share must be a whole number ≥ 0' });
    else total += w;
  });
  if (issues.length > 0) return issues;
  if (byBp && total !== BASIS_POINTS_PER_UNIT) issues.push({ path, message: `basis points must sum to 10000, got ${total}` });
  if (!byBp && total !== costFen) issues.push({ path, message: `department amounts sum to ${total} fen, the package costs ${costFen}` });
  return issues;
}

/**
 * Splits an amount between departments in proportion to their shares, to the fen, by largest
 * remainder: every part is the floor of its exact share, and the fen left over go one each to the
 * largest remainders (earlier share first on equal remainders). The parts always sum to the amount.
 */
export function splitByShares(amountFen: Fen, shares: readonly DepartmentShare[]): Fen[] {
  const n = shares.length;
  if (n === 1) return [amountFen];
  const weights = shares.map(weightOf);
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) {
    // nothing to go by: equal parts
    return splitByShares(
      amountFen,
      shares.map((s) => ({ departmentId: s.departmentId, basisPoints: 1 })),
    );
  }
  if (total === amountFen) return weights.slice(); // amounts that already add up
  const parts = new Array<number>(n);
  const remainders = new Array<number>(n);
  let given = 0;
  if (Number.isSafeInteger(amountFen * total)) {
    for (let i = 0; i < n; i++) {
      const prod = amountFen * weights[i]!;
      parts[i] = Math.floor(prod / total);
      remainders[i] = prod - parts[i]! * total;
      given += parts[i]!;
    }
  } else {
    const a = BigInt(amountFen);
    const t = BigInt(total);
    for (let i = 0; i < n; i++) {
      const prod = a * BigInt(weights[i]!);
      parts[i] = Number(prod / t);
      remainders[i] = Number(prod % t);
      given += parts[i]!;
    }
  }
  let left = amountFen - given;
  if (left > 0) {
    const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => remainders[y]! - remainders[x]! || x - y);
    for (let j = 0; left > 0; j = (j + 1) % n, left--) parts[idx[j]!] += 1;
  }
  return parts;
}
