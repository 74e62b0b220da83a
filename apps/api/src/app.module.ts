import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './base/config/app-config';
import { dataSourceOptions } from './base/database';
import { HttpExceptionFilter } from './base/errors';
import { CycleEventsModule } from './base/events/cycle-events';
import { AuthModule } from './core/auth';
import { CyclesModule } from './core/cycles';
import { DepartmentsModule } from './core/departments';
import { HealthModule } from './core/health';
import { PackagesModule } from './core/packages';
import { UsersModule } from './core/users';
import { CollabModule } from './core/collab';
import { ConflictsModule } from './core/conflicts';
import { EvaluationModule } from './core/evaluation';
import { RealtimeModule } from './core/realtime';
import { MergePipelineModule } from './core/merge-pipeline';
import { NotificationsModule } from './core/notifications';
import { MeetingsModule } from './core/meetings';
import { MetricsModule } from './core/metrics';
import { DisclosureModule } from './core/disclosure';
import { ExportsModule } from './core/exports';
import { ExecutionModule } from './core/execution';
import { AttachmentsModule } from './core/attachments';
import { PerformanceModule } from './core/performance';
import { PriceChecksModule } from './core/price-checks';

@Module({})
export class AppModule {
  /** The whole server, given its configuration and the database it should use. */
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.statementTimeoutMs)),
        CycleEventsModule,
        AuthModule,
        RealtimeModule,
        HealthModule,
        DepartmentsModule,
        CyclesModule,
        UsersModule,
        PackagesModule,
        CollabModule,
        ConflictsModule,
        EvaluationModule,
        MergePipelineModule,
        NotificationsModule,
        MeetingsModule,
        MetricsModule,
        DisclosureModule,
        ExportsModule,
        ExecutionModule,
        AttachmentsModule,
        PerformanceModule,
        PriceChecksModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: HttpExceptionFilter }],
      exports: [APP_CONFIG],
    };
  }
}
