import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { CallOffer, CallOfferRepository, OfferOutcome } from './call-offer.repository';

/**
 * How an offer of a waiting caller ends — accepted, declined, expired, or
 * withdrawn because the caller left or was taken — announced once as
 * call.offer-ended.v1 (keyed by CallSid, with the call's queue events), so
 * routing offers the caller to the next agent. The first outcome stands.
 */
export class CallOffers {
  constructor(
    private readonly offers: CallOfferRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async end(offer: CallOffer, outcome: OfferOutcome): Promise<OfferOutcome> {
    const now = this.clock();
    const stands = await this.offers.end(offer.offerId, outcome, now);
    // Published again by whoever meets the offer after a crash: the same id, the same outcome.
    await this.publisher.publish('call.offer-ended.v1', {
      id: deterministicEventId('call.offer-ended.v1', offer.workspaceId, offer.offerId),
      workspaceId: offer.workspaceId,
      key: offer.callSid,
      payload: {
        callSid: offer.callSid,
        queue: offer.queue,
        entry: offer.entry,
        offerId: offer.offerId,
        agentId: offer.agentId,
        outcome: stands,
        at: now.toISOString(),
      },
    });
    await this.offers.release(offer);
    return stands;
  }

  /** The caller left the queue (hung up, went to voicemail, was taken): their offer, if any, is withdrawn. */
  async withdrawFor(callSid: string): Promise<void> {
    const offer = await this.offers.ofCall(callSid);
    if (offer) await this.end(offer, 'withdrawn');
  }

  /** Offers nobody answered in time end as expired (every instance sweeps; the first outcome stands). */
  async expire(): Promise<number> {
    const expired = await this.offers.expiredBy(this.clock());
    for (const offer of expired) await this.end(offer, 'expired');
    return expired.length;
  }
}
