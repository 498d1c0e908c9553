import type { TypedEnvelope } from '@threadline/contracts';
import { announceDelivery, type EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { retryDelayMs } from '@threadline/resilience';
import type { SocialMetrics } from '../social-metrics';
import type { ChatLine } from './chat-protocol';
import type { ChatStoreRepository } from './chat-store.repository';
import type { LiveSockets } from './live-sockets';

type Outbound = TypedEnvelope<'outbound.requested.v1'>;

/** A pushed reply's "delivered" is sent up to this many times (0.25 s, 0.5 s, 1 s, 2 s apart: under 4 s on shutdown). */
const DELIVERED_ATTEMPTS = 5;
const DELIVERED_RETRY_MS = 250;

export function agentLineOf(event: Outbound): ChatLine {
  return { id: event.payload.messageId, from: 'agent', text: event.payload.text, at: event.payload.requestedAt };
}

/**
 * Agents' chat replies. `record` runs in the durable group (once per reply,
 * on one instance): it keeps the reply in the session's transcript, so a
 * reconnect gets it, and says sent — or failed when there is no open session.
 * `push` runs on every instance (a throw-away group each) and hands the reply
 * to the sockets of that session it holds, once: delivered.
 */
export class ChatReplies {
  /** "delivered" news being told in the background. */
  private readonly telling = new Set<Promise<void>>();

  constructor(
    /** The workspaces whose chats this deployment serves: another deployment's replies are not ours to fail. */
    private readonly workspaces: readonly string[],
    private readonly store: ChatStoreRepository,
    private readonly live: LiveSockets,
    private readonly publisher: EventPublisher,
    private readonly metrics: SocialMetrics,
    private readonly logger: Logger,
  ) {}

  async record(event: Outbound): Promise<HandlerOutcome> {
    if (!this.workspaces.includes(event.workspaceId)) return 'ignored';
    const sessionId = event.payload.providerThreadId;
    const session = sessionId ? await this.store.findSession(sessionId) : null;
    if (!sessionId || !session || session.workspaceId !== event.workspaceId) {
      await announceDelivery(this.publisher, event, 'chat', { status: 'failed', reason: 'no chat session to answer in' });
      this.metrics.sent.inc({ channel: 'chat', outcome: 'failed' });
      return 'done';
    }
    if (session.status === 'closed') {
      await announceDelivery(this.publisher, event, 'chat', {
        status: 'failed',
        reason: 'the visitor closed the chat; answer by e-mail',
      });
      this.metrics.sent.inc({ channel: 'chat', outcome: 'failed' });
      return 'done';
    }
    const appended = await this.store.appendOnce(sessionId, agentLineOf(event));
    // A redelivery re-announces: the first announcement may be what failed.
    await announceDelivery(this.publisher, event, 'chat', { status: 'sent', reason: null });
    this.metrics.sent.inc({ channel: 'chat', outcome: appended ? 'sent' : 'duplicate' });
    return appended ? 'done' : 'duplicate';
  }

  async push(event: Outbound): Promise<HandlerOutcome> {
    if (!this.pushToSockets(event)) return 'ignored';
    this.tellDelivered([event]);
    return 'done';
  }

  /** Hands the reply to the sockets of its session held here; true when any took it. */
  pushToSockets(event: Outbound): boolean {
    const sessionId = event.payload.providerThreadId;
    if (!sessionId) return false;
    const sockets = this.live.push(sessionId, { type: 'message', line: agentLineOf(event) });
    if (sockets > 0) this.logger.info({ sessionId, messageId: event.payload.messageId, sockets }, 'chat reply pushed');
    return sockets > 0;
  }

  /**
   * "delivered" for replies pushed here, all at once (the publisher sends
   * them as one batch), in the background: the partition's next reply is
   * pushed without waiting for Kafka's acknowledgement of this news, and a
   * failed send is retried alone — never by handling the events again, which
   * would push the replies to the visitors a second time. Every instance
   * that pushed says so under one event id: the same news, told once or twice.
   */
  tellDelivered(events: Outbound[]): void {
    if (events.length === 0) return;
    const telling: Promise<void> = this.announceDelivered(events).finally(() => this.telling.delete(telling));
    this.telling.add(telling);
  }

  /** Waits for the news still being told (on shutdown, before the publisher goes). */
  async settle(): Promise<void> {
    await Promise.all([...this.telling]);
  }

  private async announceDelivered(events: Outbound[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await Promise.all(
          events.map((event) => announceDelivery(this.publisher, event, 'chat', { status: 'delivered', reason: null })),
        );
        return;
      } catch (error) {
        // The ticket keeps "sent" (the durable group's news): the visitor has the reply either way.
        if (attempt >= DELIVERED_ATTEMPTS) {
          this.logger.warn({ err: error, replies: events.length }, 'chat replies pushed; their "delivered" not told');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt + 1, DELIVERED_RETRY_MS)));
      }
    }
  }
}
