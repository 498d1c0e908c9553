import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';
import {
  customerProfileBody,
  customerMergeBody,
  customerEraseBody,
  customerDetailAnswer,
  customerAnswer,
  erasurePreviewAnswer,
  erasureAnswer,
  customerExportAnswer,
} from '@threadline/contracts';

/** Customer profiles (identities, tier, notes, every ticket) and merges; owned by the tickets service. */
@Controller('api/v1/customers')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class CustomersController {
  constructor(private readonly tickets: TicketsClient) {}

  @ApiRoute({
    tag: 'customers',
    summary: 'Customer profile: identities, tier, notes, merges, all tickets',
    forwardedTo: 'tickets',
    success: { status: 200, description: 'customer', schema: customerDetailAnswer },
  })
  @Get(':id')
  detail(@CurrentAgent() agent: AgentPrincipal, @Param('id') id: string) {
    return this.tickets.get(agent, `customers/${encodeURIComponent(id)}`);
  }

  @ApiRoute({
    tag: 'customers',
    summary: 'Change name, tier or notes',
    body: customerProfileBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'customer', schema: customerAnswer },
  })
  @Patch(':id')
  async update(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return (
      await this.tickets.call(agent, `customers/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body,
        headers: { 'idempotency-key': headers['idempotency-key'] },
      })
    ).body;
  }

  /** Two records of one person become one; the merge is recorded on the customer and in the audit trail. */
  @ApiRoute({
    tag: 'customers',
    summary: 'Merge two customer records of one person (the older survives)',
    body: customerMergeBody,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the surviving customer', schema: customerAnswer },
  })
  @Post(':id/merge')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  async merge(@CurrentAgent() agent: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return (await this.tickets.call(agent, `customers/${encodeURIComponent(id)}/merge`, { method: 'POST', body })).body;
  }

  /** What erasing the customer would remove, and the provider copies it cannot reach; changes nothing. */
  @ApiRoute({
    tag: 'customers',
    summary: 'Preview of an erasure: what would go, and provider copies we cannot reach',
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description: '{customerId, identities, tickets, messages, notes, attachmentRefs, calls, providerCopies, alreadyErased}',
      schema: erasurePreviewAnswer,
    },
    errors: { 404: 'unknown customer, or another workspace’s' },
  })
  @Get(':id/erase')
  @Roles('admin')
  erasePreview(@CurrentAgent() agent: AgentPrincipal, @Param('id') id: string) {
    return this.tickets.get(agent, `customers/${encodeURIComponent(id)}/erasure`);
  }

  /**
   * Erases the customer (RODO Art. 17), with the reason kept in the audit trail.
   * `?preview=true` answers what would go instead, like GET.
   */
  @ApiRoute({
    tag: 'customers',
    summary:
      'Erase the customer (RODO Art. 17): keys destroyed, data replaced, counts and timings kept; ?preview=true only previews',
    body: customerEraseBody,
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description: '{erased, alreadyErased, erasedAt, keysDestroyed, plan}; a second call answers alreadyErased: true',
      schema: erasureAnswer,
    },
    errors: { 404: 'unknown customer, or another workspace’s' },
  })
  @Post(':id/erase')
  @HttpCode(200)
  @Roles('admin')
  async erase(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id') id: string,
    @Query('preview') preview: string | undefined,
    @Body() body: unknown,
  ) {
    if (preview === 'true') return this.erasePreview(agent, id);
    return (await this.tickets.call(agent, `customers/${encodeURIComponent(id)}/erasure`, { method: 'POST', body })).body;
  }

  /** Starts an export of the customer's data (RODO Art. 15/20); answers the job, to be polled. */
  @ApiRoute({
    tag: 'customers',
    summary: 'Export the customer’s data (RODO Art. 15/20) as a zip, built in the background (audited)',
    forwardedTo: 'tickets',
    success: { status: 202, description: '{id, customerId, status: building, expiresAt}', schema: customerExportAnswer },
    errors: { 404: 'unknown customer, or another workspace’s' },
  })
  @Post(':id/export')
  @HttpCode(202)
  @Roles('admin')
  async export(@CurrentAgent() agent: AgentPrincipal, @Param('id') id: string) {
    return (await this.tickets.call(agent, `customers/${encodeURIComponent(id)}/exports`, { method: 'POST' })).body;
  }

  @ApiRoute({
    tag: 'customers',
    summary: 'An export’s status: building, ready (with size) or failed',
    forwardedTo: 'tickets',
    success: { status: 200, description: '{id, customerId, status, size, readyAt, expiresAt}', schema: customerExportAnswer },
    errors: { 404: 'no such export of this customer' },
  })
  @Get(':id/exports/:exportId')
  @Roles('admin')
  exportStatus(@CurrentAgent() agent: AgentPrincipal, @Param('id') id: string, @Param('exportId') exportId: string) {
    return this.tickets.get(agent, `customers/${encodeURIComponent(id)}/exports/${encodeURIComponent(exportId)}`);
  }

  /** The archive (zip), streamed through from the tickets service while the export lasts (then 410). */
  @ApiRoute({
    tag: 'customers',
    summary: 'Download the export’s zip (shape: docs/personal-data.md), streamed; audited',
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the zip', contentType: 'application/zip' },
    errors: { 404: 'not ready or no such export', 410: 'expired (EXPORT_EXPIRED)' },
  })
  @Get(':id/exports/:exportId/archive')
  @Roles('admin')
  async exportArchive(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('id') id: string,
    @Param('exportId') exportId: string,
    @Res() res: Response,
  ) {
    const upstream = await this.tickets.download(
      agent,
      `customers/${encodeURIComponent(id)}/exports/${encodeURIComponent(exportId)}/archive`,
    );
    for (const header of ['content-type', 'content-disposition', 'content-length']) {
      const value = upstream.headers.get(header);
      if (value) res.setHeader(header, value);
    }
    await pipeline(Readable.fromWeb(upstream.body as ReadableStream), res);
  }
}
