import type { CallOfferBody } from '@threadline/contracts';
import type { ServiceTokenMinter } from '@threadline/service-runtime';
import { InternalClient, TicketCommandRefused } from '../tickets/tickets-client';

/** Why channel-voice did not place an offer: the agent cannot take it (try the next) or the call is not to be offered. */
export type OfferAnswer = 'placed' | 'try-next-agent' | 'call-not-offerable';

const NEXT_AGENT = new Set(['AGENT_NOT_FREE', 'AGENT_HAS_OFFER', 'OFFER_ENDED']);

/** channel-voice's offers of waiting callers, placed with routing's service token. */
export class VoiceOffersClient {
  private readonly client: InternalClient;

  constructor(baseUrl: string, tokens: ServiceTokenMinter) {
    this.client = new InternalClient({ name: 'channel-voice', baseUrl }, tokens, { role: 'service' });
  }

  async offer(workspaceId: string, offer: CallOfferBody): Promise<OfferAnswer> {
    try {
      await this.client.call(workspaceId, 'voice/offers', { method: 'POST', body: offer });
      return 'placed';
    } catch (error) {
      if (!(error instanceof TicketCommandRefused) || error.status !== 409) throw error;
      return NEXT_AGENT.has(error.code ?? '') ? 'try-next-agent' : 'call-not-offerable';
    }
  }
}
