import { Global, Module } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Global()
@Module({
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}

export { RealtimeService } from './realtime.service';
export { RedisIoAdapter } from './redis-io.adapter';
export { rooms } from './rooms';
