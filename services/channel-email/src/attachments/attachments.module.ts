import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@threadline/service-runtime';
import { AttachmentStore } from './attachment-store';
import { AttachmentsController } from './attachments.controller';

/** Mail attachments: kept by the sync, handed to agents through the internal API, deleted by a customer's erasure. */
@Module({
  controllers: [AttachmentsController],
  providers: [{ provide: AttachmentStore, inject: [MONGO], useFactory: (c: Connection) => new AttachmentStore(c) }],
  exports: [AttachmentStore],
})
export class AttachmentsModule {}
