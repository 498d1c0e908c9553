import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * One envelope for every event on the bus. The payload is validated against the
 * schema registered for `type` (see registry.ts); the envelope itself is
 * validated here.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+\.v\d+$/, 'type must look like "contact.received.v1"'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  workspaceId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  key: z.string().min(1),
  payload: z.unknown(),
});

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };

export interface EnvelopeInit<P> {
  type: string;
  version: number;
  source: string;
  workspaceId: string;
  key: string;
  payload: P;
  correlationId?: string;
  /** Id of the event that caused this one, if any. */
  causationId?: string | null;
  occurredAt?: Date;
  id?: string;
}

export function createEnvelope<P>(init: EnvelopeInit<P>): EventEnvelope<P> {
  const id = init.id ?? randomUUID();
  return {
    id,
    type: init.type,
    version: init.version,
    occurredAt: (init.occurredAt ?? new Date()).toISOString(),
    source: init.source,
    workspaceId: init.workspaceId,
    correlationId: init.correlationId ?? id,
    causationId: init.causationId ?? null,
    key: init.key,
    payload: init.payload,
  };
}

/**
 * A UUID derived from the parts that identify an event (e.g. "ticket.created",
 * ticket id). Re-publishing after a redelivery yields the same event id, so
 * consumers dedupe it.
 */
export function deterministicEventId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
