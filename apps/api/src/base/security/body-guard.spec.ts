import { describe, expect, it } from 'vitest';
import { bodyProblems, MAX_BODY_DEPTH } from './body-guard';

describe('bodyProblems', () => {
  it('passes ordinary bodies, tabs and line breaks included', () => {
    expect(bodyProblems({ title: 'a\tb\nc', lines: [{ quantity: 1, tags: ['x'] }], empty: null })).toEqual([]);
  });

  it('names fields holding NUL or other control characters, keys included', () => {
    expect(bodyProblems({ title: 'a\u0000b', lines: [{ description: 'x\u0007' }] }).map((p) => p.field).sort()).toEqual(['lines.0.description', 'title']);
    expect(bodyProblems({ ['bad\u0000key']: 1 }).map((p) => p.field)).toEqual(['bad\u0000key']);
  });

  it('refuses nesting past the bound without recursing (5 000 levels)', () => {
    const deep = JSON.parse(`{"purpose":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const problems = bodyProblems(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0].reason).toContain(String(MAX_BODY_DEPTH));
    expect(problems[0].field.startsWith('purpose.0')).toBe(true);
  });
});
