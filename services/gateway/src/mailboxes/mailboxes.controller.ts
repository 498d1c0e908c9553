import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

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

  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'mailboxes');
  }

  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'mailboxes', { method: 'POST', body });
  }

  @Patch(':id')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.call(admin, `mailboxes/${encodeURIComponent(id)}`, { method: 'PATCH', body });
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string): Promise<void> {
    await this.call(admin, `mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.email, this.config, admin, path, request);
  }
}
