import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { SlidingWindow } from '../../base/concurrency';
import { AppError, TooManyRequests } from '../../base/errors';
import { UserEntity } from '../../models';
import { hashPassword, isLegacyHash, verifyPassword } from './password-hash';
import type { Principal } from './principal';
import { PrincipalService } from './principal.service';
import { TokenService } from './token.service';

export { hashPassword } from './password-hash';

/**
 * Sign-in with three throttles — per client address and account, per address (spraying across
 * accounts), per account (rotating addresses) — and a cap on password checks in flight: beyond
 * it a login is refused with 429 at once, so a flood costs the server almost nothing and the
 * checks that do run are on the thread pool (scrypt), never on the event loop.
 */
@Injectable()
export class AuthService {
  private readonly perAddressAndAccount: SlidingWindow;
  private readonly perAddress: SlidingWindow;
  private readonly perAccount: SlidingWindow;
  private checking = 0;
  // compared against when the email is unknown, so both paths cost the same time
  private readonly decoyHash = hashPassword('zerobase-decoy');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly principals: PrincipalService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.perAddressAndAccount = new SlidingWindow(config.loginAttemptsPerMinute);
    this.perAddress = new SlidingWindow(config.loginAttemptsPerAddressPerMinute);
    this.perAccount = new SlidingWindow(config.loginAttemptsPerAccountPerMinute);
  }

  async login(email: string, password: string, clientAddress: string): Promise<{ accessToken: string; user: Principal }> {
    const normalized = email.trim().toLowerCase();
    const keys: [SlidingWindow, string][] = [
      [this.perAddressAndAccount, `${clientAddress}|${normalized}`],
      [this.perAddress, clientAddress],
      [this.perAccount, normalized],
    ];
    const wait = Math.max(...keys.map(([window, key]) => window.check(key)));
    if (wait > 0) throw new TooManyRequests(wait);
    if (this.checking >= this.config.loginConcurrentChecks) throw new TooManyRequests(1);
    for (const [window, key] of keys) window.hit(key);
    this.checking++;
    try {
      const user = await this.users
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.email = :email', { email: normalized })
        .getOne();
      const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
      if (!user || !ok) throw new AppError('invalidCredentials');
      if (isLegacyHash(user.passwordHash)) await this.users.update(user.id, { passwordHash: await hashPassword(password) });
      const principal = await this.principals.load(user.id);
      if (!principal) throw new AppError('invalidCredentials');
      return { accessToken: await this.tokens.sign({ sub: user.id, email: user.email }), user: principal };
    } finally {
      this.checking--;
    }
  }
}
