import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { LoginDto } from './login.dto';
import type { Principal } from './principal';
import { Public } from './public.decorator';
import { sessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The token in the body (for API clients) and in the HttpOnly session cookie (for the browser). */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const result = await this.auth.login(body.email, body.password, request.ip ?? 'unknown');
    response.append('Set-Cookie', sessionCookie(result.accessToken, this.config.jwtTtlSeconds, this.secure(request)));
    return result;
  }

  /** Clears the session cookie (public: an expired session can still sign out). */
  @Public()
  @Post('logout')
  @HttpCode(204)
  logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    response.append('Set-Cookie', sessionCookie('', 0, this.secure(request)));
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }

  private secure(request: Request): boolean {
    return this.config.cookieSecure || request.secure;
  }
}
