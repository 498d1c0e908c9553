import type { z } from 'zod';
import { agentTeamsChangedV1 } from './events/agent-events.v1';
import { chatPresenceV1, chatReadV1, chatSurveyOfferedV1, chatTypingV1 } from './events/chat-signals.v1';
import { contactReceivedV1 } from './events/contact-received.v1';
import { deadLetterV1 } from './events/dead-letter.v1';
import { deliveryUpdatedV1 } from './events/delivery.v1';
import { customerErasedV1, customerDataExpiredV1 } from './events/personal-data.v1';
import { slaBreachedV1, slaClockChangedV1, slaWarningV1 } from './events/sla-events.v1';
import { surveyAnsweredV1 } from './events/survey.v1';
import { callDequeuedV1, callOfferEndedV1, callQueuedV1, voicePresenceV1 } from './events/voice-events.v1';
import {
  customerMergedV1,
  outboundRequestedV1,
  ticketCollectionsHoldV1,
  ticketCreatedV1,
  ticketDeliveryUpdatedV1,
  ticketMergedV1,
  ticketMessageAddedV1,
  ticketNoteAddedV1,
  ticketUpdatedV1,
} from './events/ticket-events.v1';

/**
 * Every topic the platform uses, with its partition count. Topics are created
 * by the platform (`ensureTopics`), never by broker auto-creation.
 * A breaking change to an event is a new `.vN`, never an edit.
 */
export const TOPICS = {
  /**
   * Keyed by the customer's first identity, so one customer's contacts stay in order.
   * Kept forever (retention.ms -1): reporting rebuilds its figures by replaying it.
   */
  contactReceived: { name: 'contact.received.v1', partitions: 6, retentionMs: -1 },
  /**
   * Keyed by ticket id: every event of one ticket in order (and the ticket's survey answer). Kept forever, like
   * contacts, for reporting's replays.
   */
  ticketEvents: { name: 'ticket.events.v1', partitions: 6, retentionMs: -1 },
  /** Replies for customers, keyed by ticket id; each channel connector takes its own. */
  outboundRequested: { name: 'outbound.requested.v1', partitions: 6 },
  /** Delivery news from the channel connectors, keyed by our message id. */
  deliveryStatus: { name: 'delivery.status.v1', partitions: 6 },
  /** Keyed by the surviving customer's id. */
  customerEvents: { name: 'customer.events.v1', partitions: 3 },
  deadLetters: { name: 'platform.dead-letters.v1', partitions: 1 },
  /** Web-chat typing, read marks, surveys offered and chat presence, keyed by chat session (presence: by agent). Ephemeral: kept an hour. */
  chatSignals: { name: 'chat.signals.v1', partitions: 3, retentionMs: 3_600_000 },
  /** SLA clocks, warnings and breaches, keyed by ticket id. Kept forever: reporting replays it for SLA compliance. */
  slaEvents: { name: 'sla.events.v1', partitions: 6, retentionMs: -1 },
  /**
   * Call queue entries, offers to agents (keyed by CallSid) and phone presence (keyed by agent), for routing's
   * offers of waiting callers. Live state: kept a day.
   */
  voiceEvents: { name: 'voice.events.v1', partitions: 3, retentionMs: 86_400_000 },
  /** Agents' team changes, keyed by agent. Kept forever: reporting replays it to know who was in which team when. */
  agentEvents: { name: 'agent.events.v1', partitions: 3, retentionMs: -1 },
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

/** Each event type: its payload schema and the topic that carries it. */
export const EVENT_TYPES = {
  'contact.received.v1': { version: 1, topic: TOPICS.contactReceived.name, schema: contactReceivedV1 },
  'ticket.created.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketCreatedV1 },
  'ticket.message-added.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketMessageAddedV1 },
  'ticket.updated.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketUpdatedV1 },
  'ticket.note-added.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketNoteAddedV1 },
  'ticket.merged.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketMergedV1 },
  'outbound.requested.v1': { version: 1, topic: TOPICS.outboundRequested.name, schema: outboundRequestedV1 },
  'delivery.updated.v1': { version: 1, topic: TOPICS.deliveryStatus.name, schema: deliveryUpdatedV1 },
  'ticket.delivery-updated.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketDeliveryUpdatedV1 },
  'ticket.collections-hold.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: ticketCollectionsHoldV1 },
  'customer.merged.v1': { version: 1, topic: TOPICS.customerEvents.name, schema: customerMergedV1 },
  'customer.erased.v1': { version: 1, topic: TOPICS.customerEvents.name, schema: customerErasedV1 },
  'customer.data-expired.v1': { version: 1, topic: TOPICS.customerEvents.name, schema: customerDataExpiredV1 },
  'platform.dead-letter.v1': { version: 1, topic: TOPICS.deadLetters.name, schema: deadLetterV1 },
  'chat.typing.v1': { version: 1, topic: TOPICS.chatSignals.name, schema: chatTypingV1 },
  'chat.read.v1': { version: 1, topic: TOPICS.chatSignals.name, schema: chatReadV1 },
  'chat.presence.v1': { version: 1, topic: TOPICS.chatSignals.name, schema: chatPresenceV1 },
  'chat.survey-offered.v1': { version: 1, topic: TOPICS.chatSignals.name, schema: chatSurveyOfferedV1 },
  'sla.clock-changed.v1': { version: 1, topic: TOPICS.slaEvents.name, schema: slaClockChangedV1 },
  'sla.warning.v1': { version: 1, topic: TOPICS.slaEvents.name, schema: slaWarningV1 },
  'sla.breached.v1': { version: 1, topic: TOPICS.slaEvents.name, schema: slaBreachedV1 },
  'survey.answered.v1': { version: 1, topic: TOPICS.ticketEvents.name, schema: surveyAnsweredV1 },
  'call.queued.v1': { version: 1, topic: TOPICS.voiceEvents.name, schema: callQueuedV1 },
  'call.dequeued.v1': { version: 1, topic: TOPICS.voiceEvents.name, schema: callDequeuedV1 },
  'call.offer-ended.v1': { version: 1, topic: TOPICS.voiceEvents.name, schema: callOfferEndedV1 },
  'voice.presence.v1': { version: 1, topic: TOPICS.voiceEvents.name, schema: voicePresenceV1 },
  'agent.teams-changed.v1': { version: 1, topic: TOPICS.agentEvents.name, schema: agentTeamsChangedV1 },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['schema']>;
/** What a producer passes in: defaults (e.g. empty arrays) may be left out. */
export type PayloadInputOf<T extends EventType> = z.input<(typeof EVENT_TYPES)[T]['schema']>;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}
