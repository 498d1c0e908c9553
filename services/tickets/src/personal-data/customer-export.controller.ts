import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { callerOf } from '@threadline/service-runtime';
import type { CustomerExportDoc } from './export-archive.store';
import { ExportCustomer } from './export-customer.usecase';

function presentExport({ _id, workspaceId: _ws, ...job }: CustomerExportDoc) {
  return { id: _id, ...job };
}

/** RODO Art. 15/20: a customer's data as an archive, asked for, polled, then downloaded while it lasts. */
@Controller('internal/v1/workspaces/:workspaceId/customers/:customerId/exports')
export class CustomerExportController {
  constructor(private readonly exportCustomer: ExportCustomer) {}

  @Post()
  @HttpCode(202)
  async request(@Param() params: Record<string, string>, @Req() req: Request) {
    const { agentId, role } = callerOf(req);
    return presentExport(await this.exportCustomer.request(params.workspaceId, params.customerId, { agentId, role }));
  }

  @Get(':exportId')
  async status(@Param() params: Record<string, string>) {
    return presentExport(await this.exportCustomer.status(params.workspaceId, params.customerId, params.exportId));
  }

  @Get(':exportId/archive')
  async archive(@Param() params: Record<string, string>, @Req() req: Request, @Res() res: Response) {
    const { agentId, role } = callerOf(req);
    const { stream, filename, size } = await this.exportCustomer.download(
      params.workspaceId,
      params.customerId,
      params.exportId,
      { agentId, role },
    );
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    if (size !== null) res.setHeader('content-length', String(size));
    await pipeline(stream, res);
  }
}
