import { createHash } from 'node:crypto';
import { deterministicEventId, type Identity, type PayloadInputOf } from '@threadline/contracts';

/**
 * The visitor's public key. The id in the widget's localStorage is a bearer
 * secret (whoever holds it reads the visitor's history), so only its hash
 * leaves this service: agents and events see the key, never the secret.
 */
export function visitorKeyOf(visitorId: string): string {
  return `v_${createHash('sha256').update(visitorId).digest('base64url').slice(0, 27)}`;
}

/** The session a visitor is in: the same id on every instance and every tab, new after each close. */
export function chatSessionId(workspaceId: string, visitorKey: string, generation: number): string {
  return `cs_${createHash('sha256').update(`${workspaceId}\n${visitorKey}\n${generation}`).digest('base64url').slice(0, 27)}`;
}

export interface VisitorMessage {
  workspaceId: string;
  visitorKey: string;
  sessionId: string;
  /** The widget's id of the message; scoped by session so one visitor cannot shadow another's. */
  messageId: string;
  text: string;
  name: string | null;
  email: string | null;
  /** A live chat threads by its session; a message left while nobody is online has none and is answered by e-mail. */
  live: boolean;
  receivedAt: Date;
}

type ContactInput = PayloadInputOf<'contact.received.v1'>;

/** The contact a visitor's message becomes; with an e-mail it links the visitor to that customer. */
export function chatToContact(message: VisitorMessage): ContactInput {
  const from: Identity[] = [{ kind: 'chat', value: message.visitorKey }];
  if (message.email) from.push({ kind: 'email', value: message.email, ...(message.name ? { displayName: message.name } : {}) });
  return {
    channel: 'chat',
    providerMessageId: chatProviderMessageId(message.sessionId, message.messageId),
    from,
    recipient: message.workspaceId,
    subject: null,
    text: message.text,
    html: null,
    attachments: [],
    thread: { inReplyTo: null, references: [], providerThreadId: message.live ? message.sessionId : null },
    receivedAt: message.receivedAt.toISOString(),
  };
}

export function chatProviderMessageId(sessionId: string, messageId: string): string {
  return `${sessionId}:${messageId}`;
}

/** The session a chat contact's provider id names (session ids hold no `:`). */
export function sessionOfChatProviderMessageId(providerMessageId: string): string {
  return providerMessageId.split(':', 1)[0];
}

export function chatContactEventId(message: Pick<VisitorMessage, 'workspaceId' | 'sessionId' | 'messageId'>): string {
  return deterministicEventId('contact.received.v1', message.workspaceId, 'chat', message.sessionId, message.messageId);
}
