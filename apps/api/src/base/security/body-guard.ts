import type { NextFunction, Request, Response } from 'express';
import { hasControlCharacters } from '@zerobase/domain';
import { ValidationFailed, type FieldError } from '../errors';

/** No request body the API accepts nests deeper than this. */
export const MAX_BODY_DEPTH = 32;

/**
 * Checks a parsed JSON body before anything else reads it: nesting depth (a body nested
 * thousands deep would exhaust the validator's recursion) and control characters such as NUL
 * in any string or key (PostgreSQL cannot store NUL in text). Iterative, so it cannot itself
 * overflow the stack. Returns the problems, naming the field.
 */
export function bodyProblems(body: unknown): FieldError[] {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  const out: FieldError[] = [];
  while (stack.length && out.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasControlCharacters(value)) out.push({ field: path || 'body', reason: 'must not contain control characters (such as NUL)' });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      out.push({ field: path || 'body', reason: `nests deeper than ${MAX_BODY_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (hasControlCharacters(key)) out.push({ field: childPath, reason: 'field names must not contain control characters' });
      else stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return out;
}

/** Express middleware (after the JSON parser): refuses such bodies with 400 naming the field. */
export function bodyGuard(request: Request, _response: Response, next: NextFunction): void {
  const problems = request.body === undefined ? [] : bodyProblems(request.body);
  next(problems.length ? new ValidationFailed(problems) : undefined);
}
