import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@threadline/service-runtime';
import { AttachmentStore } from './attachment-store';

/** The attachments' bytes: written by the mail intake, deleted by a customer's erasure. */
@Module({
  providers: [{ provide: AttachmentStore, inject: [MONGO], useFactory: (c: Connection) => new AttachmentStore(c) }],
  exports: [AttachmentStore],
})
export class AttachmentsModule {}
