import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembershipEntity, UserEntity } from '../../models';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtSecretService } from './jwt-secret.service';
import { PrincipalService } from './principal.service';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([UserEntity, MembershipEntity])],
  controllers: [AuthController],
  providers: [AuthService, JwtSecretService, PrincipalService, TokenService, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [TokenService, PrincipalService],
})
export class AuthModule {}

export { CurrentUser } from './current-user.decorator';
export { hashPassword } from './auth.service';
export type { Principal } from './principal';
export { Public } from './public.decorator';
export { TokenService } from './token.service';
export { PrincipalService } from './principal.service';
export { handshakeCookieToken, SESSION_COOKIE } from './session-cookie';
