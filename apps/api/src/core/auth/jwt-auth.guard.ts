import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Unauthenticated } from '../../base/errors';
import type { Principal } from './principal';
import { PrincipalService } from './principal.service';
import { IS_PUBLIC } from './public.decorator';
import { TokenService } from './token.service';

/** Every HTTP route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly principals: PrincipalService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers['authorization'] ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match) throw new Unauthenticated('A bearer token is required');
    const claims = await this.tokens.verify(match[1]);
    if (!claims) throw new Unauthenticated('The token is invalid or expired');
    const principal = await this.principals.load(claims.sub);
    if (!principal) throw new Unauthenticated('The account no longer exists');
    request.principal = principal;
    return true;
  }
}
