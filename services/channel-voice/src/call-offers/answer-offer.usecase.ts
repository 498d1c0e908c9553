import type { CallRepository } from '../call-records/call.repository';
import type { TakeNextCaller, TakenCall } from '../call-queues/take-next-caller.usecase';
import type { CallOfferRepository } from './call-offer.repository';
import type { CallOffers } from './call-offers';

/** What the agent sees of the caller offered to them. */
export interface OfferView {
  offerId: string;
  callSid: string;
  from: string | null;
  queue: string;
  waitSeconds: number;
  offeredAt: string;
  expiresAt: string;
}

export class OfferAnswerError extends Error {
  constructor(
    readonly code: 'NO_OFFER' | 'OFFER_ENDED' | 'CALLER_GONE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The agent's side of an offer: see it, accept it (today's take of exactly
 * that caller: Twilio dials the agent) or decline it (routing offers the
 * caller to the next agent). An offer past its time is expired, whatever the
 * sweeper has done yet.
 */
export class AnswerOffer {
  constructor(
    private readonly offers: CallOfferRepository,
    private readonly ending: CallOffers,
    private readonly calls: CallRepository,
    private readonly take: TakeNextCaller,
    private readonly clock: () => Date,
  ) {}

  async current(workspaceId: string, agentId: string): Promise<OfferView | null> {
    const offer = await this.offers.ofAgent(workspaceId, agentId);
    const now = this.clock();
    if (!offer || offer.expiresAt <= now) return null;
    const call = await this.calls.get(offer.callSid);
    if (!call) return null;
    const since = call.enqueuedAt ?? offer.offeredAt;
    return {
      offerId: offer.offerId,
      callSid: offer.callSid,
      from: call.from,
      queue: offer.queue,
      waitSeconds: Math.max(call.waitSeconds ?? 0, Math.round((now.getTime() - since.getTime()) / 1000)),
      offeredAt: offer.offeredAt.toISOString(),
      expiresAt: offer.expiresAt.toISOString(),
    };
  }

  async accept(workspaceId: string, agentId: string, phone: string | null): Promise<TakenCall> {
    const offer = await this.live(workspaceId, agentId);
    const outcome = await this.ending.end(offer, 'accepted');
    if (outcome !== 'accepted') throw new OfferAnswerError('OFFER_ENDED', `the offer was ${outcome} meanwhile`);
    const taken = await this.take.takeCall(workspaceId, offer.callSid, offer.entry, agentId, phone);
    if (!taken) throw new OfferAnswerError('CALLER_GONE', 'the caller hung up or was taken by another agent');
    return taken;
  }

  async decline(workspaceId: string, agentId: string): Promise<void> {
    const offer = await this.live(workspaceId, agentId);
    const outcome = await this.ending.end(offer, 'declined');
    if (outcome !== 'declined') throw new OfferAnswerError('OFFER_ENDED', `the offer was ${outcome} meanwhile`);
  }

  private async live(workspaceId: string, agentId: string) {
    const offer = await this.offers.ofAgent(workspaceId, agentId);
    if (!offer) throw new OfferAnswerError('NO_OFFER', 'no caller is offered to you now');
    if (offer.expiresAt <= this.clock()) {
      await this.ending.end(offer, 'expired');
      throw new OfferAnswerError('OFFER_ENDED', 'the offer expired');
    }
    return offer;
  }
}
