import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { TOPICS, type EventEnvelope } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { HealthRegistry, KAFKA, LOGGER } from '@threadline/service-runtime';
import { ChatSessions } from '../chat/chat-sessions';
import { chatSessionOf, isInboundChatMessage, numberField, readLiveEvent } from './sse-frames';

export type TicketEventListener = (event: EventEnvelope) => void;

/**
 * Every ticket event and web-chat signal (typing, read), fanned out to the
 * agent screens of its workspace that this gateway instance serves. A
 * visitor's signal knows its chat session only; the ticket number is added
 * when this instance knows the session's ticket (a screen watching it asked).
 *
 * Not the platform's EventConsumer: that one is for work that must be done
 * once per group, with retries and dead letters. Here every instance needs
 * every event, only new ones, and a screen that misses one reloads; so each
 * instance has its own throw-away group starting at the end, commits nothing
 * (a killed instance leaves no offsets, so no lag for anyone to alert on and
 * an empty group the broker drops), and a bad event is skipped.
 */
@Injectable()
export class TicketEventFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Map<string, Set<TicketEventListener>>();
  private readonly groupId = `gateway-live-${hostname()}-${randomUUID().slice(0, 8)}`;
  private consumer: Consumer | null = null;
  private crashed: string | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly chatSessions: ChatSessions,
    health: HealthRegistry,
  ) {
    health.register('live-feed', async () => {
      if (this.crashed) throw new Error(`live feed stopped: ${this.crashed}`);
    });
  }

  subscribe(workspaceId: string, listener: TicketEventListener): () => void {
    const set = this.listeners.get(workspaceId) ?? new Set();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.crashed = payload.error.message;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.ticketEvents.name, TOPICS.chatSignals.name], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        // Bad events are the work consumers' to dead-letter; screens just skip them.
        const read = readLiveEvent(message.value);
        if (!read) return;
        const event = this.withChatTicket(read);
        for (const listener of this.listeners.get(event.workspaceId) ?? []) listener(event);
      },
    });
  }

  private withChatTicket(event: EventEnvelope): EventEnvelope {
    if (isInboundChatMessage(event)) {
      const number = numberField(event.payload, 'number');
      if (number !== null) this.chatSessions.forget(event.workspaceId, number);
      return event;
    }
    const sessionId = chatSessionOf(event);
    if (!sessionId || numberField(event.payload, 'number') !== null) return event;
    const number = this.chatSessions.numberOf(event.workspaceId, sessionId);
    return number === null ? event : { ...event, payload: { ...(event.payload as object), number } };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    // The group was this instance's alone; leave nothing behind on the broker.
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.logger.warn({ err: error, groupId: this.groupId }, 'could not delete the live feed consumer group');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
