import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import { mailboxBody, mailboxChangeBody, mailboxListAnswer, mailboxAnswer } from '@threadline/contracts';

/**
 * Admins connect the workspace's mailboxes (IMAP settings, addresses, the
 * queue each address feeds). Owned by channel-email, which never answers
 * with the password; changes apply without a restart.
 */
@Controller('api/v1/mailboxes')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class MailboxesController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'mailboxes',
    summary: "The workspace's mailboxes (never their passwords), each with its sync state",
    success: {
      status: 200,
      description: '{items: [mailbox & {sync: {state: syncing|failing, problem, since} | null}]}',
      schema: mailboxListAnswer,
    },
  })
  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'mailboxes');
  }

  @ApiRoute({
    tag: 'mailboxes',
    summary:
      'Connect a mailbox: IMAP settings, addresses, the queue each address feeds; synced within seconds, no restart. Hosts on internal networks are refused (400) unless allow-listed',
    body: mailboxBody,
    success: { status: 201, description: 'mailbox', schema: mailboxAnswer },
  })
  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'mailboxes', { method: 'POST', body });
  }

  @ApiRoute({
    tag: 'mailboxes',
    summary: 'Change a mailbox; its sync restarts with the new settings',
    body: mailboxChangeBody,
    success: { status: 200, description: 'mailbox', schema: mailboxAnswer },
  })
  @Patch(':id')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.call(admin, `mailboxes/${encodeURIComponent(id)}`, { method: 'PATCH', body });
  }

  @ApiRoute({
    tag: 'mailboxes',
    summary: 'Disconnect a mailbox; its sync stops',
    success: { status: 204, description: 'removed' },
  })
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string): Promise<void> {
    await this.call(admin, `mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.email, this.config, admin, path, request);
  }
}
