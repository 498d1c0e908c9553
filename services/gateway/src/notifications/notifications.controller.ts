import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { AgentNoticeRepository, type AgentNoticeDoc } from './agent-notice.repository';
import { noticeListAnswer } from '@threadline/contracts';

/** The newest notices an agent's list shows. */
const LIST_LIMIT = 50;

export const markReadBody = z.strictObject({ ids: z.array(z.string().min(1).max(300)).min(1).max(100) });

const present = ({ _id, kind, number, at, readAt }: AgentNoticeDoc) => ({ id: _id, kind, number, at, read: readAt !== null });

/** The caller's own notices (a ticket given to them, a note naming them), kept while their console was closed. */
@Controller('api/v1/notifications')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class NotificationsController {
  constructor(private readonly notices: AgentNoticeRepository) {}

  @ApiRoute({
    tag: 'agents',
    summary:
      "The caller's newest 50 notices (a ticket given to them, a note naming them), kept while the console was closed: {items: [{id, kind, number, at, read}], unread}",
    success: { status: 200, description: '{items, unread}', schema: noticeListAnswer },
  })
  @Get()
  async list(@CurrentAgent() agent: AgentPrincipal) {
    const { items, unread } = await this.notices.listOf(agent.workspaceId, agent.agentId, LIST_LIMIT);
    return { items: items.map(present), unread };
  }

  @ApiRoute({
    tag: 'agents',
    summary: "Mark the caller's own notices read (others' ids are skipped)",
    body: markReadBody,
    success: { status: 204, description: 'marked' },
  })
  @Post('read')
  @HttpCode(204)
  async markRead(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown): Promise<void> {
    const { ids } = parseOrBadRequest(markReadBody, body);
    await this.notices.markRead(agent.workspaceId, agent.agentId, ids, new Date());
  }
}
