import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { JwtSecretService } from './jwt-secret.service';
import type { TokenClaims } from './principal';

/** Signs and verifies bearer tokens (HTTP, /collab and Socket.IO share them). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly secret: JwtSecretService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sign(claims: TokenClaims): Promise<string> {
    return this.jwt.signAsync(claims, { secret: await this.secret.get(), expiresIn: this.config.jwtTtlSeconds, algorithm: 'HS256' });
  }

  /** The claims of a valid token, or null for a missing, forged or expired one. */
  async verify(token: string | undefined | null): Promise<TokenClaims | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, { secret: await this.secret.get(), algorithms: ['HS256'] });
      return typeof claims.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
