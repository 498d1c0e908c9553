import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import { mailboxBody, mailboxChangeBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { MailboxRepository, presentMailbox } from './mailbox.repository';

/**
 * Mailboxes per workspace (internal; admins only, as the service token says).
 * Changes take effect without a restart: the sync picks them up within
 * EMAIL_MAILBOX_REFRESH_MS.
 */
@Controller('internal/v1/workspaces/:workspaceId/mailboxes')
@CallerRoles('admin')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxRepository) {}

  @Get()
  async list(@Param('workspaceId') workspaceId: string) {
    return { items: (await this.mailboxes.list(workspaceId)).map(presentMailbox) };
  }

  @Post()
  async create(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
    return presentMailbox(await this.mailboxes.create(workspaceId, parseOrBadRequest(mailboxBody, body)));
  }

  @Patch(':id')
  async update(@Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown) {
    const updated = await this.mailboxes.update(workspaceId, id, parseOrBadRequest(mailboxChangeBody, body));
    if (!updated) throw notFound(id);
    return presentMailbox(updated);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.mailboxes.remove(workspaceId, id))) throw notFound(id);
  }
}

function notFound(id: string) {
  return new NotFoundException({ code: 'MAILBOX_NOT_FOUND', message: `no mailbox ${id}` });
}
