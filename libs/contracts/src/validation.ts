import type { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { EVENT_TYPES, isEventType, type EventType, type PayloadOf } from './registry';

export type TypedEnvelope<T extends EventType = EventType> = EventEnvelope<PayloadOf<T>> & { type: T };
/** One envelope per type of T: a union discriminated by `type`, so a `switch` narrows the payload. */
export type EnvelopeOf<T extends EventType> = T extends EventType ? TypedEnvelope<T> : never;
/** Any event of the registry, as a consumer gets it: `switch (event.type)` gives each case its own payload. */
export type AnyEvent = EnvelopeOf<EventType>;

export class InvalidEventError extends Error {
  readonly code = 'EVENT_INVALID';
  constructor(readonly reason: string) {
    super(`invalid event: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/** A well-formed envelope of a type or version this build does not know (a newer producer's event). */
export class UnknownEventTypeError extends InvalidEventError {
  constructor(
    readonly eventType: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'UnknownEventTypeError';
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Checks an envelope and its payload against the registry. Returns the envelope
 * with defaults applied, or throws InvalidEventError naming every bad field.
 */
export function validateEvent(candidate: unknown): AnyEvent {
  const envelope = envelopeSchema.safeParse(candidate);
  if (!envelope.success) throw new InvalidEventError(describe(envelope.error));
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new UnknownEventTypeError(type, `unknown event type "${type}"`);
  const spec = EVENT_TYPES[type];
  if (version !== spec.version) {
    throw new UnknownEventTypeError(type, `type ${type} has version ${spec.version}, envelope says ${version}`);
  }
  const payload = spec.schema.safeParse(envelope.data.payload);
  if (!payload.success) throw new InvalidEventError(`payload: ${describe(payload.error)}`);
  return { ...envelope.data, type, payload: payload.data } as AnyEvent;
}

/** Parses raw bytes from the bus; non-JSON is an invalid event like any other. */
export function decodeEvent(value: Buffer | null): AnyEvent {
  return validateEvent(parseEventJson(value));
}

/** The JSON of a message from the bus, not yet validated (a sealed event is opened first). */
export function parseEventJson(value: Buffer | null): unknown {
  if (!value) throw new InvalidEventError('empty message');
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    throw new InvalidEventError('value is not JSON');
  }
}
