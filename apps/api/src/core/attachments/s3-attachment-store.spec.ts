import { describe, expect, it } from 'vitest';
import { AttachmentMissing } from './attachment-store';
import { S3AttachmentStore, signV4 } from './s3-attachment-store';

// the worked examples of AWS's "Signature Version 4: authenticating requests (Authorization header)" for S3
const EXAMPLE = { region: 'us-east-1', service: 's3', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', date: new Date('2013-05-24T00:00:00Z') };

describe('signV4', () => {
  it('reproduces AWS’s GET Object example', () => {
    const headers = signV4({ ...EXAMPLE, method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), body: Buffer.alloc(0), headers: { Range: 'bytes=0-9' } });
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('reproduces AWS’s PUT Object example (signed payload, escaped key)', () => {
    const headers = signV4({
      ...EXAMPLE,
      method: 'PUT',
      url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
      body: Buffer.from('Welcome to Amazon S3.'),
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
    });
    expect(headers['authorization']).toContain('SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class');
    expect(headers['authorization']).toContain('Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });
});

describe('S3AttachmentStore', () => {
  const key = '0f8fad5b-d9cb-469f-a165-70867728950e';
  function fakeS3() {
    const objects = new Map<string, Buffer>();
    const calls: { method: string; url: string; authorization: string }[] = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ method: init.method!, url: url.toString(), authorization: headers['authorization']! });
      const path = url.pathname;
      if (init.method === 'PUT') objects.set(path, Buffer.from(init.body as Uint8Array));
      if (init.method === 'DELETE') objects.delete(path);
      if (init.method === 'GET') return objects.has(path) ? new Response(new Uint8Array(objects.get(path)!)) : new Response('NoSuchKey', { status: 404 });
      return new Response(null, { status: init.method === 'DELETE' ? 204 : 200 });
    }) as unknown as typeof fetch;
    return { objects, calls, fetchImpl };
  }

  it('puts, gets and removes objects at <endpoint>/<bucket>/<prefix><key>, every request signed', async () => {
    const s3 = fakeS3();
    const store = new S3AttachmentStore({ endpoint: 'http://minio.local:9000', bucket: 'zerobase', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK', prefix: 'attachments/' }, s3.fetchImpl);
    await store.put(key, Buffer.from('%PDF-1.4'));
    expect(s3.calls[0]).toMatchObject({ method: 'PUT', url: `http://minio.local:9000/zerobase/attachments/${key}` });
    expect(s3.calls[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AK\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect((await store.get(key)).toString()).toBe('%PDF-1.4');
    await store.remove(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(AttachmentMissing);
    await expect(store.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow('not a store key');
  });
});
