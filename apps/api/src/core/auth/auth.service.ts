import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { AppError, TooManyRequests } from '../../base/errors';
import { UserEntity } from '../../models';
import { LoginThrottle } from './login-throttle';
import type { Principal } from './principal';
import { PrincipalService } from './principal.service';
import { TokenService } from './token.service';

export const PASSWORD_HASH_ROUNDS = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, PASSWORD_HASH_ROUNDS);
}

@Injectable()
export class AuthService {
  private readonly throttle: LoginThrottle;
  // compared against when the email is unknown, so both paths cost the same time
  private readonly decoyHash = bcrypt.hashSync('zerobase-decoy', PASSWORD_HASH_ROUNDS);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly principals: PrincipalService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.throttle = new LoginThrottle(config.loginAttemptsPerMinute);
  }

  async login(email: string, password: string, clientAddress: string): Promise<{ accessToken: string; user: Principal }> {
    const normalized = email.trim().toLowerCase();
    const wait = this.throttle.hit(`${clientAddress}|${normalized}`);
    if (wait > 0) throw new TooManyRequests(wait);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalized })
      .getOne();
    const ok = await bcrypt.compare(password, user?.passwordHash ?? this.decoyHash);
    if (!user || !ok) throw new AppError('invalidCredentials');
    const principal = await this.principals.load(user.id);
    if (!principal) throw new AppError('invalidCredentials');
    return { accessToken: await this.tokens.sign({ sub: user.id, email: user.email }), user: principal };
  }
}
