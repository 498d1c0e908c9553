import type { z } from 'zod';
import { contactReceivedV1 } from './events/contact-received.v1';
import { deadLetterV1 } from './events/dead-letter.v1';
import { ticketCreatedV1, ticketMessageAddedV1 } from './events/ticket-events.v1';

/**
 * Every topic the platform uses, with its partition count. Topics are created
 * by the platform (`ensureTopics`), never by broker auto-creation.
 * A breaking change to an event is a new `.vN`, never an edit.
 */
export const TOPICS = {
  /** Keyed by the customer's first identity, so one customer's contacts stay in order. */
  contactReceived: { name: 'contact.received.v1', partitions: 6 },
  /** Keyed by ticket id: every event of one ticket in order. */
  ticketEvents: { name: 'ticket.events.v1', partitions: 6 },
  deadLetters: { name: 'platform.dead-letters.v1', partitions: 1 },
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

/** Each event type: its payload schema and the topic that carries it. */
export const EVENT_TYPES = {
  'contact.received.v1': { version: 1, topic: TOPICS.contactReceived.name, schema: contactReceivedV1 },
  'ticket.created.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketCreatedV1 },
  'ticket.message-added.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketMessageAddedV1 },
  'platform.dead-letter.v1': { version: 1, topic: TOPICS.deadLetters.name, schema: deadLetterV1 },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['schema']>;
/** What a producer passes in: defaults (e.g. empty arrays) may be left out. */
export type PayloadInputOf<T extends EventType> = z.input<(typeof EVENT_TYPES)[T]['schema']>;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}
