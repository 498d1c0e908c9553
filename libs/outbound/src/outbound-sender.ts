import type { Channel, TypedEnvelope } from '@threadline/contracts';
import { announceDelivery, type EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { sendWithRetries, type ClassifiedSendError, type ProviderBreaker } from '@threadline/resilience';
import type { SendClaimDoc, SendClaimsRepository } from './send-claims.repository';

type Outbound = TypedEnvelope<'outbound.requested.v1'>;

/** What to send and where from (`via`: the Page, the Slack channel, our number), decided before any provider call; or why nothing can be sent. */
export type Prepared<T> = { ok: true; target: T; via: string } | { ok: false; reason: string };

/** What became of one request: sent, failed, or a repeat of one handled before. */
export type SendOutcome = 'sent' | 'failed' | 'duplicate';

/** The provider-specific half of sending one message (Messenger's Send API, Slack's chat.postMessage, Twilio's Messages). */
export interface ChannelAdapter<T> {
  readonly channel: Channel;
  prepare(event: Outbound): Promise<Prepared<T>>;
  /** Resolves with the provider's message id once accepted; `signal` abandons the request. */
  send(target: T, signal: AbortSignal): Promise<{ providerMessageId: string }>;
  classify(error: unknown): ClassifiedSendError;
}

export interface OutboundSenderDeps {
  claims: SendClaimsRepository;
  breaker: ProviderBreaker;
  publisher: EventPublisher;
  /** Counts each request's outcome (the service's own metric). */
  countSent: (outcome: SendOutcome) => void;
  logger: Logger;
  attempts: number;
  retryDelayMs: number;
  /** Receipts (Messenger's deliveries, Twilio's status callbacks) find our message by the provider's id. */
  linkProviderIds: boolean;
}

type Result = { ok: true; via: string; providerMessageId: string } | { ok: false; reason: string };

/**
 * An agent's reply sent at most once per message id and never silently lost
 * (one class for every provider; the provider's part is its `ChannelAdapter`):
 * whatever happens, delivery.updated.v1 says sent (with the provider's id) or
 * failed (with the reason).
 */
export class OutboundSender<T> {
  constructor(
    private readonly adapter: ChannelAdapter<T>,
    private readonly deps: OutboundSenderDeps,
  ) {}

  async execute(event: Outbound): Promise<HandlerOutcome> {
    const { workspaceId, payload } = event;
    // Decided before the claim: a store hiccup while reading (the messaging window) leaves nothing half-claimed, the event is retried.
    const prepared = await this.adapter.prepare(event);
    const { claimed, doc } = await this.deps.claims.claim(payload.messageId, workspaceId, payload.to.value);
    if (!claimed) return this.repeat(event, doc);

    const result = prepared.ok ? await this.send(prepared.target, prepared.via) : prepared;
    if (result.ok) {
      // The link first: a delivery receipt may arrive before "sent" is published.
      if (this.deps.linkProviderIds)
        await this.deps.claims.linkProviderId(result.providerMessageId, payload.messageId, workspaceId, result.via);
      await this.deps.claims.markSent(payload.messageId, result.via, result.providerMessageId);
      await announceDelivery(this.deps.publisher, event, this.adapter.channel, {
        status: 'sent',
        reason: null,
        providerMessageId: result.providerMessageId,
      });
    } else {
      await this.deps.claims.markFailed(payload.messageId, result.reason);
      this.deps.logger.warn({ messageId: payload.messageId, reason: result.reason }, `${this.adapter.channel} message not sent`);
      await announceDelivery(this.deps.publisher, event, this.adapter.channel, {
        status: 'failed',
        reason: result.reason,
        providerMessageId: null,
      });
    }
    this.deps.countSent(result.ok ? 'sent' : 'failed');
    return 'done';
  }

  /**
   * The request came again (redelivery after a crash or rebalance): the
   * provider is not called again. The recorded outcome is re-announced; a
   * send interrupted half-way is reported failed rather than risking a double.
   */
  private async repeat(event: Outbound, doc: SendClaimDoc): Promise<HandlerOutcome> {
    this.deps.countSent('duplicate');
    if (doc.state === 'sent' && doc.providerMessageId) {
      await announceDelivery(this.deps.publisher, event, this.adapter.channel, {
        status: 'sent',
        reason: null,
        providerMessageId: doc.providerMessageId,
      });
      return 'duplicate';
    }
    const reason = doc.reason ?? 'sending was interrupted; not resent because it may have gone out';
    if (doc.state === 'sending') await this.deps.claims.markFailed(event.payload.messageId, reason);
    await announceDelivery(this.deps.publisher, event, this.adapter.channel, {
      status: 'failed',
      reason,
      providerMessageId: null,
    });
    return 'duplicate';
  }

  private async send(target: T, via: string): Promise<Result> {
    const outcome = await sendWithRetries({
      label: this.adapter.channel,
      call: (signal) => this.adapter.send(target, signal),
      classify: (error) => this.adapter.classify(error),
      breaker: this.deps.breaker,
      logger: this.deps.logger,
      attempts: this.deps.attempts,
      retryDelayMs: this.deps.retryDelayMs,
    });
    return outcome.ok ? { ok: true, via, providerMessageId: outcome.value.providerMessageId } : outcome;
  }
}
