import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentStore, type StoredAttachment } from './attachment-store';

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
    const file = await this.file(workspaceId, id);
    return { filename: file.filename, contentType: file.contentType, size: file.size, content: file.content.toString('base64') };
  }

  /**
   * The bytes as they are, for a reader that streams them on (a customer's export writes them into its
   * archive as they come): no base64 copy here, none held whole on the reader's side. Name and type in
   * headers (`x-attachment-filename` percent-encoded, Polish names intact).
   */
  @Get(':id/content')
  async content(@Param('workspaceId') workspaceId: string, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = await this.file(workspaceId, id);
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(file.content.length));
    res.setHeader('x-attachment-content-type', file.contentType);
    if (file.filename !== null) res.setHeader('x-attachment-filename', encodeURIComponent(file.filename));
    res.end(file.content);
  }

  private async file(workspaceId: string, id: string): Promise<StoredAttachment> {
    const file = /^[0-9a-f]{64}$/.test(id) ? await this.attachments.get(workspaceId, id) : null;
    if (!file) throw new NotFoundException({ code: 'ATTACHMENT_NOT_FOUND', message: `no attachment ${id}` });
    return file;
  }
}
