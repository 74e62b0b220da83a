import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';

/**
 * The signing secret: JWT_SECRET when set, otherwise one generated once and kept in the
 * database, so every instance sharing the database accepts the same tokens.
 */
@Injectable()
export class JwtSecretService {
  private secret: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async get(): Promise<string> {
    if (this.secret) return this.secret;
    if (this.config.jwtSecret) return (this.secret = this.config.jwtSecret);
    const candidate = randomBytes(32).toString('hex');
    await this.dataSource.query(`INSERT INTO app_setting (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [candidate]);
    const rows: { value: string }[] = await this.dataSource.query(`SELECT value FROM app_setting WHERE key = 'jwt_secret'`);
    return (this.secret = rows[0].value);
  }
}
