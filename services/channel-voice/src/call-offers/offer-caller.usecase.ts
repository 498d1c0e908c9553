import type { CallOfferBody } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { PhonePresence } from '../agent-presence/phone-presence';
import type { CallRepository } from '../call-records/call.repository';
import { offerIdOf, type CallOffer, type CallOfferRepository } from './call-offer.repository';

export type OfferRefusal = 'CALL_NOT_WAITING' | 'AGENT_NOT_FREE' | 'OFFER_ENDED' | 'CALL_ALREADY_OFFERED' | 'AGENT_HAS_OFFER';

export class OfferRefused extends Error {
  constructor(readonly code: OfferRefusal) {
    super(code);
  }
}

/** A lock whose offer expired this long ago was left by a crash and may be taken over. */
const STALE_AFTER_MS = 30_000;

/**
 * Routing offers a waiting caller to a free agent: that queue entry of the
 * call, while it still waits; the agent available for calls, on none, and
 * holding no other offer. One live offer per call and per agent (unique
 * inserts), each agent offered each entry once; the same offer asked again
 * (routing retrying) answers the offer already placed.
 */
export class OfferCaller {
  constructor(
    private readonly calls: CallRepository,
    private readonly presence: PhonePresence,
    private readonly offers: CallOfferRepository,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  async execute(workspaceId: string, body: CallOfferBody): Promise<CallOffer> {
    const call = await this.calls.get(body.callSid);
    if (!call || call.workspaceId !== workspaceId || call.ended || call.queueState !== 'waiting' || !call.queue) {
      throw new OfferRefused('CALL_NOT_WAITING');
    }
    if (call.enqueueCount !== body.entry) throw new OfferRefused('CALL_NOT_WAITING');
    const agent = await this.presence.get(workspaceId, body.agentId);
    if (!agent || agent.status !== 'available' || agent.onCall) throw new OfferRefused('AGENT_NOT_FREE');
    const offerId = offerIdOf(call._id, body.entry, body.agentId);
    if (await this.offers.hasEnded(offerId)) throw new OfferRefused('OFFER_ENDED');
    const now = this.clock();
    const result = await this.offers.place(
      {
        offerId,
        workspaceId,
        callSid: call._id,
        queue: call.queue,
        entry: body.entry,
        agentId: body.agentId,
        offeredAt: now,
        expiresAt: new Date(now.getTime() + body.timeoutSeconds * 1000),
      },
      now,
      STALE_AFTER_MS,
    );
    if ('refused' in result) throw new OfferRefused(result.refused);
    this.logger.info({ callSid: call._id, agentId: body.agentId, entry: body.entry }, 'caller offered to an agent');
    return result.placed;
  }
}
