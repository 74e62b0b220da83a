import { resolve } from 'node:path';

/** Configuration read once from the environment and validated at boot. */
export interface AppConfig {
  port: number;
  host: string;
  /** postgres:// URL of a PostgreSQL server; null → the embedded database under dataDir */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  /** always mark the session cookie Secure (COOKIE_SECURE=true); otherwise only on HTTPS requests */
  cookieSecure: boolean;
  seedDemo: boolean;
  webRoot: string;
  /** login attempts per client address + account */
  loginAttemptsPerMinute: number;
  /** login attempts per client address, whatever the account (password spraying) */
  loginAttemptsPerAddressPerMinute: number;
  /** login attempts per account, whatever the address (address rotation) */
  loginAttemptsPerAccountPerMinute: number;
  /** password checks running at once; a login beyond them is refused with 429 at once */
  loginConcurrentChecks: number;
  /** trust X-Forwarded-For (Express "trust proxy" setting), e.g. "loopback" or "1"; null: use the socket address */
  trustProxy: string | null;
  packageCreationsPerMinute: number;
  /** PostgreSQL statement_timeout for the server's queries, ms */
  statementTimeoutMs: number;
  collab: {
    maxMessageBytes: number;
    messagesPerSecond: number;
    idleUnloadMs: number;
    compactEvery: number;
    /** a connection's unsent bytes above which the server stops reading from it; 4× that closes it */
    sendQueueBytes: number;
    /** a projection runs at most this long after the first change it covers */
    projectionDelayMs: number;
    /**
     * the same for changes to whole texts only (purpose, narrative, consequences of not funding:
     * `WHOLE_TEXT_PARTS`): REST views may show a text this much older than the document; never
     * shorter than `projectionDelayMs`
     */
    textProjectionDelayMs: number;
  };
  attachments: AttachmentsConfig;
  notifications: {
    /** a burst about the same thing for the same person within this window is one notification */
    coalesceMs: number;
    /** how often overdue follow-up actions are looked for */
    overdueSweepMs: number;
  };
  history: {
    /** an automatic version is taken once a person made no edit to a package for this long (0: no automatic versions) */
    autoVersionQuietMs: number;
    /** at most one automatic version per person and package within this interval */
    autoVersionMinIntervalMs: number;
  };
}

/** Where attachment files are kept and how large they may be (ATTACHMENT_* variables). */
export interface AttachmentsConfig {
  maxBytes: number;
  /** directory of the disk store; DATA_DIR/attachments unless ATTACHMENTS_DIR says otherwise */
  dir: string;
  /** an S3-compatible object store instead of the disk (ATTACHMENTS_S3_ENDPOINT and the rest); null: disk */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; prefix: string } | null;
}

function s3From(env: NodeJS.ProcessEnv): AttachmentsConfig['s3'] {
  const endpoint = env['ATTACHMENTS_S3_ENDPOINT'];
  if (!endpoint) return null;
  if (!/^https?:\/\//.test(endpoint)) throw new ConfigError('ATTACHMENTS_S3_ENDPOINT must start with http:// or https://');
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is required when ATTACHMENTS_S3_ENDPOINT is set`);
    return value;
  };
  return {
    endpoint,
    bucket: required('ATTACHMENTS_S3_BUCKET'),
    region: env['ATTACHMENTS_S3_REGION'] || 'us-east-1',
    accessKeyId: required('ATTACHMENTS_S3_ACCESS_KEY_ID'),
    secretAccessKey: required('ATTACHMENTS_S3_SECRET_ACCESS_KEY'),
    prefix: env['ATTACHMENTS_S3_PREFIX'] ?? 'attachments/',
  };
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env['DATABASE_URL'] || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres://');
  const redisUrl = env['REDIS_URL'] || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must start with redis://');
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env['HOST'] || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env['DATA_DIR'] || 'data'),
    redisUrl,
    jwtSecret: env['JWT_SECRET'] || null,
    jwtTtlSeconds: intFrom(env, 'JWT_TTL_SECONDS', 12 * 3600, 60),
    cookieSecure: env['COOKIE_SECURE'] === 'true',
    // demo accounts only when asked for: the embedded default seeds them, a real server needs SEED_DEMO=true
    seedDemo: env['SEED_DEMO'] ? env['SEED_DEMO'] === 'true' : !databaseUrl,
    webRoot: resolve(env['WEB_ROOT'] || resolve(__dirname, '..', '..', '..', '..', '..', '..', 'web', 'browser')),
    loginAttemptsPerMinute: intFrom(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1),
    loginAttemptsPerAddressPerMinute: intFrom(env, 'LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE', Math.max(30, 3 * intFrom(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1)), 1),
    loginAttemptsPerAccountPerMinute: intFrom(env, 'LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE', Math.max(20, 2 * intFrom(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1)), 1),
    loginConcurrentChecks: intFrom(env, 'LOGIN_CONCURRENT_CHECKS', 8, 1),
    trustProxy: env['TRUST_PROXY'] || null,
    packageCreationsPerMinute: intFrom(env, 'PACKAGE_CREATIONS_PER_MINUTE', 30, 1),
    statementTimeoutMs: intFrom(env, 'STATEMENT_TIMEOUT_MS', 15_000, 0),
    collab: {
      maxMessageBytes: intFrom(env, 'COLLAB_MAX_MESSAGE_BYTES', 1024 * 1024, 1024),
      messagesPerSecond: intFrom(env, 'COLLAB_MESSAGES_PER_SECOND', 200, 1),
      idleUnloadMs: intFrom(env, 'COLLAB_IDLE_UNLOAD_MS', 30_000, 100),
      compactEvery: intFrom(env, 'COLLAB_COMPACT_EVERY', 500, 10),
      sendQueueBytes: intFrom(env, 'COLLAB_SEND_QUEUE_BYTES', 4 * 1024 * 1024, 1024),
      projectionDelayMs: intFrom(env, 'COLLAB_PROJECTION_DELAY_MS', 150, 0),
      textProjectionDelayMs: intFrom(env, 'COLLAB_TEXT_PROJECTION_DELAY_MS', 1_000, 0),
    },
    attachments: {
      maxBytes: intFrom(env, 'ATTACHMENT_MAX_BYTES', 20 * 1024 * 1024, 1),
      dir: resolve(env['ATTACHMENTS_DIR'] || resolve(env['DATA_DIR'] || 'data', 'attachments')),
      s3: s3From(env),
    },
    notifications: {
      coalesceMs: intFrom(env, 'NOTIFY_COALESCE_MS', 10 * 60_000),
      overdueSweepMs: intFrom(env, 'NOTIFY_OVERDUE_SWEEP_MS', 60 * 60_000, 100),
    },
    history: {
      autoVersionQuietMs: intFrom(env, 'AUTO_VERSION_QUIET_MS', 2 * 60_000),
      autoVersionMinIntervalMs: intFrom(env, 'AUTO_VERSION_MIN_INTERVAL_MS', 10 * 60_000),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
