import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CONFIG, parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS } from '../internal/internal-service';

/** A mail attachment's reference as the timeline shows it: `attachment:<sha256>`. */
const attachmentRef = z.string().regex(/^attachment:[0-9a-f]{64}$/, 'an attachment reference from the timeline');

interface StoredFile {
  filename: string | null;
  contentType: string;
  content: string;
}

/**
 * Downloads a mail's attachment (kept by channel-email). Always as a download,
 * never shown inline: a customer's HTML or SVG must not run on the console's origin.
 */
@Controller('api/v1/attachments')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class AttachmentsController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'tickets',
    summary: 'Download a mail attachment by its timeline reference (attachment:<sha256>), always as a download',
    forwardedTo: 'channel-email',
    success: { status: 200, description: 'the file', contentType: 'application/octet-stream' },
    errors: { 404: 'no such attachment in the workspace (ATTACHMENT_NOT_FOUND)' },
  })
  @Get(':ref')
  async download(@CurrentAgent() agent: AgentPrincipal, @Param('ref') ref: string, @Res() res: Response): Promise<void> {
    const id = parseOrBadRequest(attachmentRef, ref).slice('attachment:'.length);
    const file = (await callOptionalOwner(OPTIONAL_OWNERS.email, this.config, agent, `attachments/${id}`)) as StoredFile;
    const filename = file.filename ?? 'attachment';
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader(
      'content-disposition',
      `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    res.setHeader('x-original-content-type', file.contentType);
    res.end(Buffer.from(file.content, 'base64'));
  }
}

/** The name for old clients: ASCII only, no quotes or path separators (filename* carries the Polish one). */
function asciiName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\/]/g, '_') || 'attachment'
  );
}
