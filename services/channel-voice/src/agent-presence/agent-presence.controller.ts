import { BadRequestException, Body, Controller, Get, Param, Put } from '@nestjs/common';
import { normalizePhone, voicePresenceBody } from '@threadline/contracts';
import { Caller, parseOrBadRequest, type CallerPrincipal } from '@threadline/service-runtime';
import type { PresenceDoc } from './agent-presence.repository';
import { PhonePresence } from './phone-presence';

const present = (p: PresenceDoc) => ({
  agentId: p.agentId,
  status: p.status,
  phone: p.phone,
  onCall: Boolean(p.onCall),
  updatedAt: p.updatedAt,
});

/** An agent's phone presence (internal; the agent's own id from the service token). */
@Controller('internal/v1/workspaces/:workspaceId/voice/presence')
export class AgentPresenceController {
  constructor(private readonly presence: PhonePresence) {}

  @Put()
  async set(@Param('workspaceId') workspaceId: string, @Caller() { agentId }: CallerPrincipal, @Body() body: unknown) {
    const { status, phone } = parseOrBadRequest(voicePresenceBody, body);
    let normalized: string | null | undefined = phone;
    if (phone) {
      normalized = normalizePhone(phone);
      if (!normalized) {
        throw new BadRequestException({
          code: 'INVALID_PHONE',
          message: 'bad input',
          errors: [{ field: 'phone', reason: 'not a phone number' }],
        });
      }
    }
    return present(
      await this.presence.set(workspaceId, agentId, { status, ...(normalized !== undefined ? { phone: normalized } : {}) }),
    );
  }

  @Get()
  async list(@Param('workspaceId') workspaceId: string) {
    return { items: (await this.presence.list(workspaceId)).map(present) };
  }
}
