import './register-paths';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { loadConfig } from './base/config/app-config';
import { migrate, startEmbeddedDatabase, type EmbeddedDatabase } from './base/database';
import { bodyGuard, securityHeaders } from './base/security';
import { createValidationPipe } from './base/validation';
import { seedDemo } from './demo/seed-demo';
import { RedisIoAdapter } from './core/realtime';

async function bootstrap(): Promise<void> {
  const logger = new Logger('zerobase');
  // start-up lines go to the console; Nest's own chatter (route maps) stays at warn and above
  const say = (message: string) => console.log(`[zerobase] ${message}`);
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(config.dataDir, say);
    databaseUrl = embedded.url;
    say(`embedded PostgreSQL running for ${config.dataDir}`);
  }
  const applied = await migrate(databaseUrl);
  if (applied.length) say(`applied migrations: ${applied.join(', ')}`);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl), { bodyParser: false, logger: process.env['LOG_LEVEL'] === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'] });
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(express.json({ limit: '2mb' }));
  app.use(bodyGuard);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.redisUrl) app.useWebSocketAdapter(new RedisIoAdapter(app, config.redisUrl));
  // X-Forwarded-For decides the client address (login throttling) only behind a declared proxy
  app.set('trust proxy', config.trustProxy ? trustProxySetting(config.trustProxy) : false);

  if (config.seedDemo) await seedDemo(app.get(DataSource), say);

  const openApi = new DocumentBuilder().setTitle('Zerobase API').setDescription('Zero-based budgeting across departments').setVersion('0.1').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  if (existsSync(join(config.webRoot, 'index.html'))) {
    app.useStaticAssets(config.webRoot, { index: false });
    const indexHtml = join(config.webRoot, 'index.html');
    app.getHttpAdapter().getInstance().get(/^\/(?!api\/|api$|collab|socket\.io).*/, (_req: express.Request, res: express.Response) => res.sendFile(indexHtml));
  } else {
    logger.warn(`no web client at ${config.webRoot}; run npm run build`);
  }

  if (embedded) {
    const db = embedded;
    const stopDb = async () => {
      await app.close().catch(() => undefined);
      await db.stop().catch(() => undefined);
      process.exit(0);
    };
    process.once('SIGINT', stopDb);
    process.once('SIGTERM', stopDb);
  }

  await app.listen(config.port, config.host);
  say(`listening on http://localhost:${config.port} (API docs at /api/docs)`);
}

/** TRUST_PROXY: a hop count ("1"), true/false, or addresses/subnets ("loopback", "10.0.0.0/8"). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
