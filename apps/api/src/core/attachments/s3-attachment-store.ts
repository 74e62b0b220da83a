import { createHash, createHmac } from 'node:crypto';
import type { AttachmentsConfig } from '../../base/config/app-config';
import { AttachmentMissing, STORE_KEY, type AttachmentStore } from './attachment-store';

/** endpoint (e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000), bucket, region, keys, object name prefix */
export type S3Settings = NonNullable<AttachmentsConfig['s3']>;

/**
 * Attachment bytes as objects in an S3-compatible store (AWS S3, MinIO, Ceph RGW, OSS/COS in
 * S3 mode), through plain HTTPS requests signed with AWS Signature Version 4 — no SDK.
 * Path-style URLs: `<endpoint>/<bucket>/<prefix><key>`.
 */
export class S3AttachmentStore implements AttachmentStore {
  constructor(
    private readonly settings: S3Settings,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get description(): string {
    return `S3 (${this.settings.endpoint}/${this.settings.bucket}/${this.settings.prefix})`;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const response = await this.send('PUT', key, data);
    if (!response.ok) throw new Error(`S3 PUT ${key}: ${response.status} ${await response.text()}`);
  }

  async get(key: string): Promise<Buffer> {
    const response = await this.send('GET', key);
    if (response.status === 404) throw new AttachmentMissing(key);
    if (!response.ok) throw new Error(`S3 GET ${key}: ${response.status} ${await response.text()}`);
    return Buffer.from(await response.arrayBuffer());
  }

  async remove(key: string): Promise<void> {
    const response = await this.send('DELETE', key);
    if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE ${key}: ${response.status} ${await response.text()}`);
  }

  private send(method: 'GET' | 'PUT' | 'DELETE', key: string, body?: Buffer): Promise<Response> {
    if (!STORE_KEY.test(key)) throw new Error(`not a store key: ${key}`);
    const base = new URL(this.settings.endpoint);
    const path = `${base.pathname.replace(/\/$/, '')}/${this.settings.bucket}/${this.settings.prefix}${key}`;
    const url = new URL(path, base);
    const headers = signV4({ method, url, body: body ?? Buffer.alloc(0), headers: {}, ...this.settings, service: 's3', date: this.now() });
    return this.fetchImpl(url, { method, headers, body: body ? new Uint8Array(body) : undefined });
  }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (each path segment; `/` kept). */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * The headers of a request signed with AWS Signature Version 4 (header-based, signed payload):
 * the given headers plus host, x-amz-date, x-amz-content-sha256 and Authorization.
 */
export function signV4(input: {
  method: string;
  url: URL;
  body: Buffer;
  headers: Record<string, string>;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  date: Date;
}): Record<string, string> {
  const amzDate = input.date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(input.body);
  const headers: Record<string, string> = { ...input.headers, host: input.url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')]));
  const query = [...input.url.searchParams.entries()]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [input.method, encodePath(input.url.pathname), query, names.map((n) => `${n}:${lower[n]}\n`).join(''), names.join(';'), payloadHash].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), input.service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
