import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import { mailboxBody, mailboxChangeBody } from '@threadline/contracts';
import { AdminGivenHosts } from '@threadline/resilience';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { refuseInternalHosts } from './mailbox-hosts';
import { MailboxStateRepository } from './mailbox-state.repository';
import { MailboxRepository, presentMailbox } from './mailbox.repository';

/**
 * Mailboxes per workspace (internal; admins only, as the service token says).
 * Changes take effect without a restart: the sync picks them up within
 * EMAIL_MAILBOX_REFRESH_MS.
 */
@Controller('internal/v1/workspaces/:workspaceId/mailboxes')
@CallerRoles('admin')
export class MailboxesController {
  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly states: MailboxStateRepository,
    private readonly hosts: AdminGivenHosts,
  ) {}

  /** Each mailbox with how its sync stands (`sync`: null until an instance has tried it). */
  @Get()
  async list(@Param('workspaceId') workspaceId: string) {
    const mailboxes = await this.mailboxes.list(workspaceId);
    const states = await this.states.of(
      workspaceId,
      mailboxes.map((m) => m._id),
    );
    return { items: mailboxes.map((m) => ({ ...presentMailbox(m), sync: states.get(m._id) ?? null })) };
  }

  @Post()
  async create(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
    const input = parseOrBadRequest(mailboxBody, body);
    await refuseInternalHosts(this.hosts, input);
    return presentMailbox(await this.mailboxes.create(workspaceId, input));
  }

  @Patch(':id')
  async update(@Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown) {
    const change = parseOrBadRequest(mailboxChangeBody, body);
    await refuseInternalHosts(this.hosts, change);
    const updated = await this.mailboxes.update(workspaceId, id, change);
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
