import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { AttachmentStore } from './attachment-store';

/**
 * A mail's attachment for the agent who opens it (internal; any agent of the
 * workspace). JSON with the bytes in base64, so the gateway reaches it through
 * the same internal client as every other owner.
 */
@Controller('internal/v1/workspaces/:workspaceId/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentStore) {}

  @Get(':id')
  async download(@Param('workspaceId') workspaceId: string, @Param('id') id: string) {
    const file = /^[0-9a-f]{64}$/.test(id) ? await this.attachments.get(workspaceId, id) : null;
    if (!file) throw new NotFoundException({ code: 'ATTACHMENT_NOT_FOUND', message: `no attachment ${id}` });
    return { filename: file.filename, contentType: file.contentType, size: file.size, content: file.content.toString('base64') };
  }
}
