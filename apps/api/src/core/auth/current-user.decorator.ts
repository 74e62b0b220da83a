import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
