import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../../base/errors';
import type { Principal } from './principal';
import { PrincipalService } from './principal.service';
import { IS_PUBLIC } from './public.decorator';
import { bearerToken, cookieRequestAllowed, cookieToken } from './session-cookie';
import { TokenService } from './token.service';

/**
 * Every HTTP route needs a valid token unless marked @Public(): a bearer header, or the browser's
 * session cookie — with which a change (not GET/HEAD) also needs `X-Requested-With: zerobase`.
 */
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
    const request = context.switchToHttp().getRequest<{ method: string; headers: Record<string, string | undefined>; principal?: Principal }>();
    const bearer = bearerToken(request.headers);
    const token = bearer ?? cookieToken(request.headers);
    if (!token) throw new Unauthenticated('A bearer token or a session cookie is required');
    if (!bearer && !cookieRequestAllowed(request.method, request.headers)) throw new Forbidden('A change made with the session cookie needs the header X-Requested-With: zerobase');
    const claims = await this.tokens.verify(token);
    if (!claims) throw new Unauthenticated('The token is invalid or expired');
    const principal = await this.principals.load(claims.sub);
    if (!principal) throw new Unauthenticated('The account no longer exists');
    request.principal = principal;
    return true;
  }
}
