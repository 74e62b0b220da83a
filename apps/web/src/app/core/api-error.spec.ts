import { describe, expect, it } from 'vitest';
import { toProblem } from './api-error';

describe('server errors as messages', () => {
  it('should map the server’s error types to message keys, never to its English text', () => {
    expect(toProblem({ status: 404, error: { error: 'notFound', message: 'package x does not exist' } })).toMatchObject({ key: 'error.notFound', transient: false, type: 'notFound' });
    expect(toProblem({ status: 403, error: { error: 'forbidden', message: 'You may not read this package' } }).key).toBe('error.forbidden');
    const validation = toProblem({ status: 400, error: { error: 'validation', fields: [{ field: 'code', reason: 'bad' }] } });
    expect(validation).toMatchObject({ key: 'error.validation', params: { fields: 'code' } });
    expect(toProblem({ status: 409, error: { error: 'conflict', details: { conflicts: [{ id: 'c1' }] } } }).details).toEqual({ conflicts: [{ id: 'c1' }] });
  });

  it('should treat an unreachable or unavailable server as transient, worth retrying by itself', () => {
    expect(toProblem({ status: 0, error: new Error('Failed to fetch') })).toMatchObject({ key: 'error.network', transient: true });
    expect(toProblem({ status: 503, error: 'Service Unavailable' })).toMatchObject({ key: 'error.network', transient: true });
    expect(toProblem({ status: 500, error: { error: 'internal' } })).toMatchObject({ key: 'error.server', transient: false });
    expect(toProblem(undefined).transient).toBe(true);
  });
});
