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
  seedDemo: boolean;
  webRoot: string;
  loginAttemptsPerMinute: number;
  collab: {
    maxMessageBytes: number;
    messagesPerSecond: number;
    idleUnloadMs: number;
    compactEvery: number;
    /** a connection's unsent bytes above which the server stops reading from it; 4× that closes it */
    sendQueueBytes: number;
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
    seedDemo: env['SEED_DEMO'] !== 'false',
    webRoot: resolve(env['WEB_ROOT'] || resolve(__dirname, '..', '..', '..', '..', '..', '..', 'web', 'browser')),
    loginAttemptsPerMinute: intFrom(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1),
    collab: {
      maxMessageBytes: intFrom(env, 'COLLAB_MAX_MESSAGE_BYTES', 1024 * 1024, 1024),
      messagesPerSecond: intFrom(env, 'COLLAB_MESSAGES_PER_SECOND', 200, 1),
      idleUnloadMs: intFrom(env, 'COLLAB_IDLE_UNLOAD_MS', 30_000, 100),
      compactEvery: intFrom(env, 'COLLAB_COMPACT_EVERY', 500, 10),
      sendQueueBytes: intFrom(env, 'COLLAB_SEND_QUEUE_BYTES', 4 * 1024 * 1024, 1024),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
