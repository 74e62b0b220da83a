import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../../models';
import { MIGRATIONS } from './migrations';

/** `statementTimeoutMs` (0: none) bounds every query, so a locked table cannot hold requests for long. */
export function dataSourceOptions(url: string, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: 10, ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}) },
  };
}
