import type { TypedEnvelope } from '@threadline/contracts';
import type { PageDirectory } from '../pages/page-directory';
import type { ChannelAdapter, Prepared } from '@threadline/outbound';
import type { ClassifiedSendError } from '@threadline/resilience';
import { classifyGraphError } from './graph-errors';
import { messagingWindow } from './messaging-window';
import type { MessengerSender, OutgoingMessengerMessage } from './messenger-sender';

/** The Send API refuses longer text messages. */
export const MESSENGER_TEXT_LIMIT = 2000;

/** An agent's reply to a Messenger customer: from the Page they wrote to, within Meta's messaging window. */
export class MessengerAdapter implements ChannelAdapter<OutgoingMessengerMessage> {
  readonly channel = 'messenger' as const;

  constructor(
    private readonly pages: PageDirectory,
    private readonly sender: MessengerSender,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async prepare(event: TypedEnvelope<'outbound.requested.v1'>): Promise<Prepared<OutgoingMessengerMessage>> {
    const { to, text, kind, customerWroteAt } = event.payload;
    if (to.kind !== 'messenger') return { ok: false, reason: `cannot message a ${to.kind} identity on Messenger` };
    // A PSID exists only for its Page: the reply must come from that Page.
    const page = await this.pages.find(to.pageId);
    if (!page || page.workspaceId !== event.workspaceId) {
      return { ok: false, reason: `the Facebook Page ${to.pageId} is not connected to this workspace` };
    }
    if ([...text].length > MESSENGER_TEXT_LIMIT) {
      return { ok: false, reason: `longer than Messenger's ${MESSENGER_TEXT_LIMIT} characters; shorten the reply` };
    }
    // The tickets service says when the customer wrote the message answered: the window counts from it.
    const window = messagingWindow(customerWroteAt ? new Date(customerWroteAt) : null, this.clock());
    if (!window.ok) return window;
    if (window.messagingType === 'MESSAGE_TAG' && kind !== 'reply') {
      // HUMAN_AGENT is for people answering; an automatic message outside 24 h is not allowed.
      return { ok: false, reason: "outside Messenger's messaging window: automatic messages only within 24 hours" };
    }
    return { ok: true, via: page.pageId, target: { page, psid: to.value, text, window } };
  }

  send(message: OutgoingMessengerMessage, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    return this.sender.send(message, signal);
  }

  classify(error: unknown): ClassifiedSendError {
    return classifyGraphError(error);
  }
}
