import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { PackagesModule } from '../packages';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { DiskAttachmentStore } from './disk-attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';

@Module({
  imports: [PackagesModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    {
      provide: ATTACHMENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AttachmentStore => {
        const { s3, dir } = config.attachments;
        const store = s3 ? new S3AttachmentStore(s3) : new DiskAttachmentStore(dir);
        new Logger('attachments').debug(`attachments stored on ${store.description}`);
        return store;
      },
    },
  ],
})
export class AttachmentsModule {}

export { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
